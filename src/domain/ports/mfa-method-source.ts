/**
 * A second-factor method a login can be completed with, as `POST /auth/login` lists it in
 * `methods`: `totp`, `recovery_code`, `webauthn`, or `totp_enroll` (policy requires a factor the
 * user does not have yet: the `mfa_token` then only enrols and confirms one).
 */
export type MfaMethod = 'totp' | 'recovery_code' | 'webauthn' | 'totp_enroll';

/**
 * Port: one kind of factor store answering which methods a user has (TOTP and recovery codes,
 * passkeys). Each contributes through `MfaMethodsService.register`; login asks the service.
 */
export abstract class MfaMethodSource {
  /** The methods `userId` can complete a login with from this store; [] for none. */
  abstract methodsOf(userId: string): Promise<readonly MfaMethod[]>;
  /** Removes every factor of `userId` this store holds (an admin reset); optional. */
  reset?(userId: string): Promise<void>;
}
