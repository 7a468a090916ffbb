/** Why a session stopped being usable; recorded for audit and shown in events. */
export type SessionRevocationReason =
  | 'logout'
  | 'logout_all'
  | 'refresh_token_reuse'
  | 'user_deactivated'
  | 'admin'
  | 'password_changed'
  | 'password_reset';

/** Everything stored about a session (one refresh-token family). */
export interface SessionProps {
  /** Session id, the `sid` claim of every access token issued in this family. */
  readonly id: string;
  readonly userId: string;
  /** SHA-256 (hex) of the current refresh token; the token itself is never stored. */
  readonly refreshTokenHash: string;
  /** Hashes of this family's earlier refresh tokens, newest last (bounded). Replaying one is reuse. */
  readonly previousRefreshTokenHashes: readonly string[];
  /** When the current refresh token replaced the previous one; starts the reuse interval. */
  readonly lastRotatedAt: Date | null;
  /** Global version (`gv`) the current tokens were issued at. */
  readonly globalVersion: number;
  /** User token version (`uv`) the current tokens were issued at. */
  readonly userVersion: number;
  readonly createdAt: Date;
  /** Expiry of the current refresh token (sliding: every rotation pushes it out). */
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly revocationReason: SessionRevocationReason | null;
}

/** One login: a refresh-token family and the access tokens issued from it. */
export class Session implements SessionProps {
  readonly id!: string;
  readonly userId!: string;
  readonly refreshTokenHash!: string;
  readonly previousRefreshTokenHashes!: readonly string[];
  readonly lastRotatedAt!: Date | null;
  readonly globalVersion!: number;
  readonly userVersion!: number;
  readonly createdAt!: Date;
  readonly expiresAt!: Date;
  readonly revokedAt!: Date | null;
  readonly revocationReason!: SessionRevocationReason | null;

  constructor(props: SessionProps) {
    Object.assign(this, props);
  }

  get isRevoked(): boolean {
    return this.revokedAt !== null;
  }

  isExpiredAt(now: Date): boolean {
    return this.expiresAt.getTime() <= now.getTime();
  }
}

/** How many superseded refresh-token hashes a session remembers for reuse detection. */
export const MAX_REMEMBERED_REFRESH_HASHES = 100;
