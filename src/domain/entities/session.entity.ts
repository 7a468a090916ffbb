/** Why a session stopped being usable; recorded for audit and shown in events. */
export type SessionRevocationReason =
  | 'logout'
  | 'logout_all'
  | 'refresh_token_reuse'
  | 'user_deactivated'
  | 'admin'
  | 'password_changed'
  | 'password_reset'
  | 'mfa_reset';

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
  /** Last login or refresh (written by the refresh's own rotation, never by a guarded request). */
  readonly lastUsedAt: Date;
  /** The client's IP at login (as the host's trust-proxy setting makes it), when known. */
  readonly loginIp: string | null;
  /** The client's `User-Agent` at login (bounded), when sent. */
  readonly loginUserAgent: string | null;
  /** The client's IP at the last refresh (the login's until the first refresh). */
  readonly lastUsedIp: string | null;
  /** The client's `User-Agent` at the last refresh (the login's until the first refresh). */
  readonly lastUsedUserAgent: string | null;
  /** A name the client gave the device at login (`device_name`), if any. */
  readonly deviceName: string | null;
  /**
   * The current refresh token sealed under a key derived from the token it replaced (AES-256-GCM):
   * only the holder of that previous token can open it, so a repeat of the last refresh inside
   * the reuse interval gets the same successor back. Nothing usable is stored in the clear.
   */
  readonly sealedSuccessor: string | null;
  /**
   * How the login that opened this session authenticated (`amr`, RFC 8176: `pwd`, `otp`, `mfa`,
   * ...): every access token of the family carries it, refreshed ones too. Null on sessions
   * stored before it was recorded (their refreshed tokens carry neither `amr` nor `auth_time`).
   */
  readonly amr: readonly string[] | null;
  /** When that login authenticated (`auth_time`): the original authentication, never a refresh. */
  readonly authTime: Date | null;
}

/** How a login authenticated, as a session records it and its access tokens carry it. */
export interface SessionAuthentication {
  /** Authentication methods (RFC 8176). */
  readonly amr: readonly string[];
  /** When the user authenticated. */
  readonly authTime: Date;
}

/** Where a login or refresh came from, as the session records it. */
export interface SessionClient {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** The longest `User-Agent` a session keeps (characters); longer ones are cut. */
export const MAX_USER_AGENT_LENGTH = 512;

/** The longest IP text a session keeps (an IPv6 address with zone id fits). */
export const MAX_IP_LENGTH = 64;

/** A client description bounded to what a session keeps. */
export function boundedClient(
  client: Partial<SessionClient> | undefined,
): SessionClient {
  const cut = (value: string | null | undefined, max: number) =>
    typeof value === 'string' && value.length > 0 ? value.slice(0, max) : null;
  return {
    ip: cut(client?.ip, MAX_IP_LENGTH),
    userAgent: cut(client?.userAgent, MAX_USER_AGENT_LENGTH),
  };
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
  readonly lastUsedAt!: Date;
  readonly loginIp!: string | null;
  readonly loginUserAgent!: string | null;
  readonly lastUsedIp!: string | null;
  readonly lastUsedUserAgent!: string | null;
  readonly deviceName!: string | null;
  readonly sealedSuccessor!: string | null;
  readonly amr!: readonly string[] | null;
  readonly authTime!: Date | null;

  constructor(props: SessionProps) {
    Object.assign(this, props);
  }

  /** A session just opened by a login: no rotation yet, last used at its creation. */
  static opened(props: {
    readonly id: string;
    readonly userId: string;
    readonly refreshTokenHash: string;
    readonly globalVersion: number;
    readonly userVersion: number;
    readonly createdAt: Date;
    readonly expiresAt: Date;
    readonly client?: Partial<SessionClient>;
    readonly deviceName?: string | null;
    /** How the login authenticated; recorded so refreshed tokens carry the same. */
    readonly authentication: SessionAuthentication;
  }): Session {
    const client = boundedClient(props.client);
    return new Session({
      id: props.id,
      userId: props.userId,
      refreshTokenHash: props.refreshTokenHash,
      previousRefreshTokenHashes: [],
      lastRotatedAt: null,
      globalVersion: props.globalVersion,
      userVersion: props.userVersion,
      createdAt: props.createdAt,
      expiresAt: props.expiresAt,
      revokedAt: null,
      revocationReason: null,
      lastUsedAt: props.createdAt,
      loginIp: client.ip,
      loginUserAgent: client.userAgent,
      lastUsedIp: client.ip,
      lastUsedUserAgent: client.userAgent,
      deviceName: props.deviceName ?? null,
      sealedSuccessor: null,
      amr: [...props.authentication.amr],
      authTime: props.authentication.authTime,
    });
  }

  /** The login's `amr` and `auth_time`, or undefined for a session stored before they were kept. */
  get authentication(): SessionAuthentication | undefined {
    return this.amr === null || this.authTime === null
      ? undefined
      : { amr: this.amr, authTime: this.authTime };
  }

  get isRevoked(): boolean {
    return this.revokedAt !== null;
  }

  isExpiredAt(now: Date): boolean {
    return this.expiresAt.getTime() <= now.getTime();
  }

  /** Neither revoked nor expired at `now`. */
  isActiveAt(now: Date): boolean {
    return !this.isRevoked && !this.isExpiredAt(now);
  }
}

/** How many superseded refresh-token hashes a session remembers for reuse detection. */
export const MAX_REMEMBERED_REFRESH_HASHES = 100;
