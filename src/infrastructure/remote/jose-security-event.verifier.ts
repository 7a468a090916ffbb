import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import type { Clock } from '../../domain/ports/clock.js';
import {
  SecurityEventVerifier,
  SetRejectedError,
  type SecurityEventSubject,
  type VerifiedSecurityEvent,
} from '../../domain/ports/security-event-verifier.js';
import { hasCanonicalSignature } from '../crypto/access-token-claims.js';
import { SECURITY_EVENT_TOKEN_TYPE } from '../crypto/jose-security-event.signer.js';
import type { JwksAlgorithm } from './jwks-access-token.verifier.js';
import { describeFetchFailure, OutageLog } from './outage-log.js';

/** Settings of the SET verifier (validated by the module's options). */
export interface SecurityEventVerifierSettings {
  /** The transmitter's key set: the auth app's JWKS (the SETs are signed by its key ring). */
  readonly jwksUrl: URL;
  /** The transmitter's `issuer`: every SET's `iss` and every `iss_sub` subject's `iss`. */
  readonly issuer: string;
  /** This receiver's client id: every SET's `aud`. */
  readonly audience: string;
  readonly algorithms: readonly JwksAlgorithm[];
  readonly clockToleranceSeconds: number;
  readonly cacheMaxAgeMs: number;
  readonly cooldownMs: number;
  readonly timeoutMs: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies SETs with jose against the transmitter's JWKS: compact JWS, `alg` pinned to the
 * asymmetric allow-list (before any key is looked up), `typ` `secevent+jwt` (RFC 8417 §2.3, so an
 * access token can never pass for a SET nor the reverse), `iss` the configured issuer, `aud` this
 * receiver's client id, `jti` the one the poll answer filed it under, `iat`, exactly one event
 * (SSF 1.0 §4.1.6) with a numeric `event_timestamp` if any, and an RFC 9493 `sub_id`.
 */
export class JoseSecurityEventVerifier extends SecurityEventVerifier {
  private readonly outage: OutageLog;

  constructor(
    private readonly settings: SecurityEventVerifierSettings,
    private readonly clock: Clock,
    private readonly keys: JWTVerifyGetKey = createRemoteJWKSet(
      settings.jwksUrl,
      {
        cacheMaxAge: settings.cacheMaxAgeMs,
        cooldownDuration: settings.cooldownMs,
        timeoutDuration: settings.timeoutMs,
      },
    ),
  ) {
    super();
    this.outage = new OutageLog(
      `SSF transmitter key set ${settings.jwksUrl.origin}`,
      'security events are left unacknowledged and verified at a later poll',
    );
  }

  async verify(jti: string, set: string): Promise<VerifiedSecurityEvent> {
    if (!hasCanonicalSignature(set))
      throw new SetRejectedError('invalid_request', 'not a valid signed SET');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        set,
        async (header, token) => {
          try {
            const key = await this.keys(header, token);
            this.outage.recovered();
            return key;
          } catch (error) {
            if (error instanceof errors.JOSEError && isVerdict(error))
              throw error;
            this.outage.failed(describeFetchFailure(error));
            throw new AuthServiceUnavailableError(1, { cause: error });
          }
        },
        {
          algorithms: [...this.settings.algorithms],
          typ: SECURITY_EVENT_TOKEN_TYPE,
          issuer: this.settings.issuer,
          audience: this.settings.audience,
          requiredClaims: ['jti', 'iat'],
          clockTolerance: this.settings.clockToleranceSeconds,
          currentDate: this.clock.now(),
        },
      ));
    } catch (error) {
      if (error instanceof AuthServiceUnavailableError) throw error;
      throw rejection(error);
    }
    return this.readEvent(jti, payload);
  }

  private readEvent(jti: string, payload: JWTPayload): VerifiedSecurityEvent {
    if (payload.jti !== jti)
      throw new SetRejectedError(
        'invalid_request',
        'jti differs from the key it was delivered under',
      );
    if (!Number.isFinite(payload.iat))
      throw new SetRejectedError('invalid_request', 'iat is not a number');
    const events = payload.events;
    if (!isObject(events) || Object.keys(events).length !== 1)
      throw new SetRejectedError(
        'invalid_request',
        'events must hold exactly one event',
      );
    const [eventType, event] = Object.entries(events)[0]!;
    if (!isObject(event))
      throw new SetRejectedError('invalid_request', 'the event is no object');
    const timestamp = event.event_timestamp ?? payload.iat;
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp))
      throw new SetRejectedError(
        'invalid_request',
        'event_timestamp is not a number',
      );
    return {
      jti,
      eventType,
      eventTimestamp: timestamp,
      subject: this.readSubject(payload.sub_id),
    };
  }

  /** RFC 9493 `iss_sub` / `complex` (SSF 1.0 §3.2); subjects of other issuers concern nobody here. */
  private readSubject(subId: unknown): SecurityEventSubject {
    if (!isObject(subId) || typeof subId.format !== 'string')
      throw new SetRejectedError('invalid_request', 'sub_id is missing');
    const nobody = { userId: null, sessionId: null, everyone: false };
    const user = (value: unknown): string | null =>
      isObject(value) &&
      value.format === 'iss_sub' &&
      value.iss === this.settings.issuer &&
      typeof value.sub === 'string' &&
      value.sub !== ''
        ? value.sub
        : null;
    const names = (value: unknown): boolean =>
      isObject(value) &&
      ((value.format === 'opaque' && value.id === this.settings.issuer) ||
        (value.format === 'uri' && value.uri === this.settings.issuer));
    if (subId.format === 'complex') {
      const session = subId.session;
      return {
        userId: user(subId.user),
        sessionId:
          isObject(session) &&
          session.format === 'opaque' &&
          typeof session.id === 'string' &&
          session.id !== ''
            ? session.id
            : null,
        everyone: subId.user === undefined && names(subId.tenant),
      };
    }
    if (subId.format === 'iss_sub') return { ...nobody, userId: user(subId) };
    return { ...nobody, everyone: names(subId) };
  }
}

/** jose errors that are a verdict on the SET (not an unreachable key set). */
function isVerdict(error: errors.JOSEError): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  );
}

/** RFC 8935 §2.4 error of a refused SET, with a fixed description (never the SET itself). */
function rejection(error: unknown): SetRejectedError {
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss')
      return new SetRejectedError('invalid_issuer', 'unexpected iss');
    if (error.claim === 'aud')
      return new SetRejectedError('invalid_audience', 'unexpected aud');
    return new SetRejectedError(
      'invalid_request',
      `unacceptable ${error.claim}`,
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return new SetRejectedError(
      'invalid_key',
      'no key of the key set has this kid',
      true,
    );
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new SetRejectedError(
      'invalid_key',
      'signature does not verify with an accepted key',
    );
  }
  if (error instanceof errors.JWTExpired)
    return new SetRejectedError('invalid_request', 'expired');
  return new SetRejectedError('invalid_request', 'not a valid signed SET');
}
