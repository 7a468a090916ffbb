import { LRUCache } from 'lru-cache';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import type { Clock } from '../../domain/ports/clock.js';
import {
  RemoteAccessTokenVerifier,
  type RemotelyVerifiedToken,
} from '../../domain/ports/remote-access-token-verifier.js';
import {
  precheckAccessToken,
  type AccessTokenFacts,
} from '../crypto/access-token-claims.js';
import { describeFetchFailure, OutageLog } from './outage-log.js';

/** Settings of the introspection verifier (validated by the module's options). */
export interface IntrospectionVerifierSettings {
  readonly introspectionUrl: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly issuer: string;
  readonly audience: string;
  /** How long an answer (active or not) is reused; never past the token's `exp`. 0: never. */
  readonly cacheTtlMs: number;
  readonly timeoutMs: number;
  readonly cacheMaxEntries: number;
  readonly clockToleranceSeconds: number;
}

/** After a failed call, further calls answer 503 at once for this long (no pile-up of timeouts). */
export const INTROSPECTION_FAIL_FAST_MS = 1000;

/** Largest introspection answer read; Tokenward's are well under 1 KiB. */
const MAX_ANSWER_CHARS = 65_536;

type Answer =
  | { readonly active: true; readonly token: RemotelyVerifiedToken }
  | { readonly active: false };

interface CachedAnswer {
  readonly answer: Answer;
  /** Epoch milliseconds. */
  readonly until: number;
}

/**
 * Asks the auth service about each token (RFC 7662 `POST` with HTTP Basic client authentication)
 * and reuses each answer for at most `cacheTtlMs` and never past the token's `exp`, so a logout or
 * rotation on the auth service is seen within `cacheTtlMs` (plus the auth service's own bound).
 *
 * Concurrent look-ups of one token share one call. Failures — refused connection, timeout,
 * redirect, a status other than 200 (a 401 means this client's credentials are wrong), an answer
 * that is not RFC 7662 JSON about this token — are `AuthServiceUnavailableError` (503), are never
 * cached, and make calls in the next second fail fast instead of queueing behind a timeout.
 */
export class IntrospectionAccessTokenVerifier extends RemoteAccessTokenVerifier {
  private readonly answers: LRUCache<string, CachedAnswer> | null;
  private readonly inFlight = new Map<string, Promise<Answer>>();
  private readonly authorization: string;
  private readonly outage: OutageLog;
  private failingUntil = 0;

  constructor(
    private readonly settings: IntrospectionVerifierSettings,
    private readonly clock: Clock,
  ) {
    super();
    this.answers =
      settings.cacheTtlMs > 0 && settings.cacheMaxEntries > 0
        ? new LRUCache({ max: settings.cacheMaxEntries })
        : null;
    this.authorization = basicAuthorization(
      settings.clientId,
      settings.clientSecret,
    );
    this.outage = new OutageLog(
      `Introspection endpoint ${settings.introspectionUrl.origin}`,
    );
  }

  async verify(token: string): Promise<RemotelyVerifiedToken> {
    const cached = this.answers?.get(token);
    if (cached !== undefined && this.nowMs() < cached.until)
      return this.settle(cached.answer);
    // Garbage, foreign or expired tokens are refused here, without a call to the auth service.
    const { facts } = precheckAccessToken(
      token,
      this.settings,
      Math.floor(this.nowMs() / 1000),
    );
    let pending = this.inFlight.get(token);
    if (pending === undefined) {
      pending = this.introspect(token, facts).finally(() =>
        this.inFlight.delete(token),
      );
      this.inFlight.set(token, pending);
    }
    return this.settle(await pending);
  }

  private settle(answer: Answer): RemotelyVerifiedToken {
    if (!answer.active) throw new InvalidTokenError();
    const nowSeconds = Math.floor(this.nowMs() / 1000);
    if (nowSeconds >= answer.token.exp + this.settings.clockToleranceSeconds)
      throw new TokenExpiredError();
    return answer.token;
  }

  private async introspect(
    token: string,
    facts: AccessTokenFacts,
  ): Promise<Answer> {
    if (this.nowMs() < this.failingUntil)
      throw new AuthServiceUnavailableError();
    let status: number;
    let text = '';
    try {
      const response = await fetch(this.settings.introspectionUrl, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          token,
          token_type_hint: 'access_token',
        }).toString(),
        // Never follow a redirect with the client credentials.
        redirect: 'error',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      status = response.status;
      if (status === 200) text = await response.text();
      else await response.body?.cancel();
    } catch (error) {
      throw this.unavailable(describeFetchFailure(error), error);
    }
    if (status === 401 || status === 403) {
      throw this.unavailable(
        `HTTP ${status}: it refused client "${this.settings.clientId}"; check verification.clientId and clientSecret against its introspectionClients`,
      );
    }
    if (status !== 200) throw this.unavailable(`HTTP ${status}`);
    const answer = parseAnswer(text, facts, this.settings);
    if (answer === null)
      throw this.unavailable('an answer that is not RFC 7662 JSON');
    this.outage.recovered();
    this.remember(token, answer);
    return answer;
  }

  private remember(token: string, answer: Answer): void {
    if (this.answers === null) return;
    const now = this.nowMs();
    const until = answer.active
      ? Math.min(now + this.settings.cacheTtlMs, answer.token.exp * 1000)
      : now + this.settings.cacheTtlMs;
    if (until > now) this.answers.set(token, { answer, until });
  }

  private unavailable(
    reason: string,
    cause?: unknown,
  ): AuthServiceUnavailableError {
    this.failingUntil = this.nowMs() + INTROSPECTION_FAIL_FAST_MS;
    this.outage.failed(reason);
    return new AuthServiceUnavailableError(
      Math.ceil(INTROSPECTION_FAIL_FAST_MS / 1000),
      { cause },
    );
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }
}

/**
 * RFC 7662 §2.2 answer about exactly this token, or `null` when it is not one (503, not a
 * verdict). `gv`/`uv` come from the token itself: the auth service has just vouched for it.
 */
function parseAnswer(
  text: string,
  facts: AccessTokenFacts,
  expected: { readonly issuer: string; readonly audience: string },
): Answer | null {
  if (text.length > MAX_ANSWER_CHARS) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (b.active === false) return { active: false };
  if (b.active !== true) return null;
  const complete =
    typeof b.sub === 'string' &&
    typeof b.username === 'string' &&
    typeof b.jti === 'string' &&
    typeof b.sid === 'string' &&
    Number.isSafeInteger(b.iat) &&
    Number.isSafeInteger(b.exp) &&
    Array.isArray(b.roles) &&
    b.roles.every((role) => typeof role === 'string');
  if (!complete || b.sub !== facts.sub || b.jti !== facts.jti) return null;
  const foreign =
    (b.token_type !== undefined && b.token_type !== 'access_token') ||
    (b.iss !== undefined && b.iss !== expected.issuer) ||
    (b.aud !== undefined && b.aud !== expected.audience);
  if (foreign) return { active: false };
  const user = b.user as { email?: unknown } | undefined;
  return {
    active: true,
    token: {
      sub: b.sub as string,
      sid: b.sid as string,
      jti: b.jti as string,
      iat: b.iat as number,
      exp: b.exp as number,
      gv: facts.gv,
      uv: facts.uv,
      roles: [...(b.roles as string[])],
      username: b.username as string,
      email: typeof user?.email === 'string' ? user.email : null,
      // Like gv/uv: the token's own claims, which the auth service has just vouched for.
      ...(facts.amr === undefined ? {} : { amr: facts.amr }),
      ...(facts.auth_time === undefined ? {} : { authTime: facts.auth_time }),
    },
  };
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encoded = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return `Basic ${Buffer.from(encoded, 'utf8').toString('base64')}`;
}

// The application/x-www-form-urlencoded serializer itself (a space becomes "+", as the guard of
// the auth app decodes it), not a look-alike built on encodeURIComponent.
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}
