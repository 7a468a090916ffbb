/**
 * Port: seals small secrets kept at rest (TOTP shared secrets) so storage holds nothing usable
 * without the master secret. `context` (e.g. the owner's user id) is bound to the sealed value,
 * so a value copied to another record does not open.
 */
export abstract class SecretSealer {
  /** `plain` sealed for `context`. */
  abstract seal(plain: string, context: string): string;
  /** The plain secret; throws when `sealed` does not open here for `context`. */
  abstract open(sealed: string, context: string): string;
}
