import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthConfig } from '../../../application/auth-config.js';
import { IntrospectionClientLockout } from '../../../application/services/introspection-client-lockout.service.js';
import { InvalidClientError } from '../../../domain/errors/invalid-client.error.js';

/** Request property where the authenticated introspection client id is put. */
export const INTROSPECTION_CLIENT_KEY = 'tokenwardClientId';

const BASIC = /^Basic +([A-Za-z0-9+/]+=*)$/i;

/**
 * HTTP Basic client authentication for introspection (RFC 7662 §2.1). Secrets are compared as
 * SHA-256 digests with `timingSafeEqual`, and every configured client is compared, so timing
 * reveals neither which client ids exist nor how much of a secret matched. Failures are counted
 * per source and per client id (`IntrospectionClientLockout`): past the limits, 429
 * `too_many_attempts` with `Retry-After`, right secret or not.
 */
@Injectable()
export class IntrospectionClientGuard implements CanActivate {
  private readonly clients: ReadonlyArray<{
    id: Buffer;
    secret: Buffer;
    clientId: string;
  }>;

  constructor(
    config: AuthConfig,
    private readonly lockout: IntrospectionClientLockout,
  ) {
    this.clients = config.introspectionClients.map((c) => ({
      id: digest(c.clientId),
      secret: digest(c.clientSecret),
      clientId: c.clientId,
    }));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, unknown>;
      ip?: string;
      [INTROSPECTION_CLIENT_KEY]?: string;
    }>();
    // Behind a proxy, set the adapter's trust-proxy option so `ip` is the client's.
    const source = request.ip ?? 'unknown';
    const credentials = parseBasic(request.headers.authorization);
    const matched = credentials === null ? null : this.match(credentials);
    if (matched === null) {
      await this.lockout.recordFailure(credentials?.id ?? null, source);
      throw new InvalidClientError();
    }
    await this.lockout.admit(matched, source);
    request[INTROSPECTION_CLIENT_KEY] = matched;
    return true;
  }

  /** The configured client these credentials are, or null. */
  private match(credentials: { id: string; secret: string }): string | null {
    const id = digest(credentials.id);
    const secret = digest(credentials.secret);
    let matched: string | null = null;
    for (const client of this.clients) {
      // Both comparisons always run: no short-circuit to time.
      const idMatches = timingSafeEqual(client.id, id);
      const secretMatches = timingSafeEqual(client.secret, secret);
      if (idMatches && secretMatches) matched = client.clientId;
    }
    return matched;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function parseBasic(header: unknown): { id: string; secret: string } | null {
  if (typeof header !== 'string' || header.length > 1024) return null;
  const match = BASIC.exec(header);
  if (match === null) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  // RFC 6749 §2.3.1: client id and secret are form-urlencoded before Basic encoding.
  try {
    return {
      id: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return null;
  }
}

// application/x-www-form-urlencoded: "+" is a space, then percent-decoding; a malformed escape
// throws (refused as invalid_client) rather than being passed through as URLSearchParams would.
function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '));
}
