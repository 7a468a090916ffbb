/**
 * The purposes of an `mfa_token`: `mfa_login`, a login whose password was right and whose second
 * factor is pending; `mfa_enrollment`, a login that must enrol a first factor (policy) before it
 * gets tokens. They never leave the login answer (no mail carries them).
 */
export type MfaTokenPurpose = 'mfa_login' | 'mfa_enrollment';

/** What an account token is for; a token is accepted only by the flow of its purpose. */
export type AccountTokenPurpose =
  | 'password_reset'
  | 'invitation'
  | 'email_verification'
  | 'email_change'
  | MfaTokenPurpose;

/** Every purpose, for schemas and checks. */
export const ACCOUNT_TOKEN_PURPOSES: readonly AccountTokenPurpose[] = [
  'password_reset',
  'invitation',
  'email_verification',
  'email_change',
  'mfa_login',
  'mfa_enrollment',
];

/** Everything stored about an account token; the secret itself never is. */
export interface AccountTokenProps {
  /** Random id, the look-up half of the token (the selector); not a secret. */
  readonly id: string;
  readonly purpose: AccountTokenPurpose;
  readonly userId: string;
  /** SHA-256 (hex) of the 256-bit secret half of the token (the verifier). */
  readonly secretHash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** When it was redeemed; null while unused. A token is redeemed at most once. */
  readonly consumedAt: Date | null;
  /**
   * The user's `passwordVersion` when the token was made (reset, invitation, email change): a
   * password change or reset since then voids it.
   */
  readonly passwordVersion: number | null;
  /**
   * The user's normalised email when the token was made (verification, email change): the token
   * proves control of that address only while it is still the account's address.
   */
  readonly emailNormalized: string | null;
  /** The address an email-change token confirms (as typed); null for other purposes. */
  readonly newEmail: string | null;
}

/** A single-use, expiring, purpose-bound token mailed to a user (reset, invitation, verification). */
export class AccountToken implements AccountTokenProps {
  readonly id!: string;
  readonly purpose!: AccountTokenPurpose;
  readonly userId!: string;
  readonly secretHash!: string;
  readonly createdAt!: Date;
  readonly expiresAt!: Date;
  readonly consumedAt!: Date | null;
  readonly passwordVersion!: number | null;
  readonly emailNormalized!: string | null;
  readonly newEmail!: string | null;

  constructor(props: AccountTokenProps) {
    Object.assign(this, props);
  }

  /** Unused and not expired at `now`. */
  isRedeemableAt(now: Date): boolean {
    return this.consumedAt === null && this.expiresAt.getTime() > now.getTime();
  }
}
