/** A freshly minted opaque refresh token and the only form of it that may be stored. */
export interface MintedRefreshToken {
  readonly token: string;
  readonly hash: string;
}

/** Port: opaque refresh tokens (256-bit random) and their storage hash (SHA-256). */
export abstract class RefreshTokenGenerator {
  abstract generate(): MintedRefreshToken;
  /** The storage hash of a presented token; must be deterministic. */
  abstract hash(token: string): string;
}
