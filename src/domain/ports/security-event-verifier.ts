/** The subject of a verified SET, as far as a receiver acts on it (RFC 9493). */
export interface SecurityEventSubject {
  /** `sub` of an `iss_sub` subject of the configured issuer (alone, or `user` of a complex one). */
  readonly userId: string | null;
  /** `id` of the `opaque` `session` member of a complex subject. */
  readonly sessionId: string | null;
  /** The subject names the whole issuer (a global rotation): every token of it is concerned. */
  readonly everyone: boolean;
}

/** A SET whose signature, `typ`, issuer and audience were checked. */
export interface VerifiedSecurityEvent {
  readonly jti: string;
  /** The one event type URI of the SET. */
  readonly eventType: string;
  /** `event_timestamp` of the event, else the SET's `iat` (seconds since the epoch). */
  readonly eventTimestamp: number;
  readonly subject: SecurityEventSubject;
}

/** RFC 8935 §2.4 / RFC 8936 `setErrs` error codes a receiver reports for a refused SET. */
export type SetErrorCode =
  'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience';

/** A SET the receiver will not apply, reported to the transmitter in `setErrs`. */
export class SetRejectedError extends Error {
  constructor(
    readonly err: SetErrorCode,
    readonly description: string,
    /** The key may just be new (a rotation the cached key set missed): worth another poll. */
    readonly retryable = false,
  ) {
    super(description);
    this.name = 'SetRejectedError';
  }
}

/**
 * Port of an SSF receiver: verifies a Security Event Token (RFC 8417) from the transmitter.
 * Throws `SetRejectedError` for a SET that is not acceptable (reported, never applied) and
 * `AuthServiceUnavailableError` when the keys could not be fetched (retried at the next poll).
 */
export abstract class SecurityEventVerifier {
  abstract verify(jti: string, set: string): Promise<VerifiedSecurityEvent>;
}
