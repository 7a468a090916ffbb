import type { MfaMethod } from '../../domain/ports/mfa-method-source.js';

/** What `POST /auth/login` answers instead of tokens when a second factor is due. */
export class MfaChallenge {
  constructor(
    /** Short-lived, single-use `mfa_token`, bound to this login (an account token, not a JWT). */
    public readonly mfaToken: string,
    public readonly methods: readonly MfaMethod[],
    /** Seconds from issue to expiry (by the module's clock), the answer's `expires_in`. */
    public readonly expiresInSeconds: number,
  ) {}
}
