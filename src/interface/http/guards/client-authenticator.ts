import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthConfig } from '../../../application/auth-config.js';
import { IntrospectionClientLockout } from '../../../application/services/introspection-client-lockout.service.js';
import { InvalidClientError } from '../../../domain/errors/invalid-client.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';

/** How a client authenticated (RFC 8414 / RFC 7591 `token_endpoint_auth_method` values). */
export type ClientAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'none';

/** The client a request authenticated as. */
export interface AuthenticatedClient {
  readonly clientId: string;
  readonly method: ClientAuthMethod;
}

/** The parts of a request client authentication reads. */
export interface ClientAuthRequest {
  headers: Record<string, unknown>;
  body?: unknown;
  ip?: string;
}

const BASIC = /^Basic +([A-Za-z0-9+/]+=*)$/i;
const MAX_CREDENTIAL_LENGTH = 1024;

/**
 * OAuth client authentication (RFC 6749 §2.3) for the token, revocation and introspection
 * endpoints: `client_secret_basic`, `client_secret_post`, and, where the route allows it, `none`
 * for the first-party public client. Secrets are compared as SHA-256 digests with
 * `timingSafeEqual`, and every configured client is compared, so timing reveals neither which
 * client ids exist nor how much of a secret matched. Failures are counted per source and per client
 * id (`IntrospectionClientLockout`): past the limits, 429 `too_many_attempts` with `Retry-After`,
 * right secret or not.
 */
@Injectable()
export class ClientAuthenticator {
  private readonly clients: ReadonlyArray<{
    id: Buffer;
    secret: Buffer;
    clientId: string;
  }>;
  private readonly publicClientId: string;

  constructor(
    config: AuthConfig,
    private readonly lockout: IntrospectionClientLockout,
  ) {
    this.clients = config.clients.map((c) => ({
      id: digest(c.clientId),
      secret: digest(c.clientSecret),
      clientId: c.clientId,
    }));
    this.publicClientId = config.firstPartyClientId;
  }

  /**
   * The client `request` authenticates as; throws `InvalidClientError` (401), `ValidationError`
   * for two methods at once (RFC 6749 §2.3: a client uses one), or `TooManyAttemptsError`.
   */
  async authenticate(
    request: ClientAuthRequest,
    allowPublic: boolean,
  ): Promise<AuthenticatedClient> {
    // Behind a proxy, set the adapter's trust-proxy option so `ip` is the client's.
    const source = request.ip ?? 'unknown';
    const body = (
      typeof request.body === 'object' && request.body !== null
        ? request.body
        : {}
    ) as Record<string, unknown>;
    const header = request.headers.authorization;
    const postedId = body.client_id;
    const postedSecret = body.client_secret;
    let presented: { id: string; secret: string } | null;
    let method: ClientAuthMethod;
    if (header !== undefined) {
      if (postedSecret !== undefined) {
        throw new ValidationError(
          'use one client authentication method: HTTP Basic or client_secret in the body, not both',
        );
      }
      presented = parseBasic(header);
      // A client_id beside Basic must name the same client (RFC 6749 §3.2.1).
      if (
        presented !== null &&
        postedId !== undefined &&
        postedId !== presented.id
      )
        presented = null;
      method = 'client_secret_basic';
    } else if (postedSecret !== undefined) {
      presented =
        isCredential(postedId) && isCredential(postedSecret)
          ? { id: postedId, secret: postedSecret }
          : null;
      method = 'client_secret_post';
    } else {
      if (allowPublic && postedId === this.publicClientId) {
        return { clientId: this.publicClientId, method: 'none' };
      }
      await this.lockout.recordFailure(
        isCredential(postedId) ? postedId : null,
        source,
      );
      throw new InvalidClientError();
    }
    const matched = presented === null ? null : this.match(presented);
    if (matched === null) {
      await this.lockout.recordFailure(presented?.id ?? null, source);
      throw new InvalidClientError();
    }
    await this.lockout.admit(matched, source);
    return { clientId: matched, method };
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

function isCredential(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_CREDENTIAL_LENGTH
  );
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function parseBasic(header: unknown): { id: string; secret: string } | null {
  if (typeof header !== 'string' || header.length > MAX_CREDENTIAL_LENGTH)
    return null;
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
