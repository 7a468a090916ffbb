/** What a TOTP enrolment hands the user: the secret and the `otpauth://` URI of it. */
export interface TotpProvisioning {
  /** The shared secret, base32 (RFC 4648), as authenticator apps take it. */
  readonly secret: string;
  /** `otpauth://totp/<issuer>:<label>?secret=...&issuer=...` (the QR code's content). */
  readonly uri: string;
}

/**
 * Port: the RFC 6238 arithmetic (SHA-1, 6 digits, 30-second steps, what every authenticator app
 * does). Stateless: replay and lockout are the application's business.
 */
export abstract class TotpAlgorithm {
  /** A fresh 160-bit secret and its provisioning URI for `label` at `issuer`. */
  abstract provision(issuer: string, label: string): TotpProvisioning;
  /**
   * The time step `code` is valid for at `now`, looking one step either side (clock drift); null
   * when it matches none. Compared in constant time.
   */
  abstract matchStep(secret: string, code: string, now: Date): number | null;
}
