import type { Session } from '../../domain/entities/session.entity.js';

/** A session as its user (or an admin) sees it: where and when, never a token or hash. */
export class SessionView {
  constructor(
    readonly id: string,
    readonly createdAt: Date,
    readonly lastUsedAt: Date,
    readonly expiresAt: Date,
    readonly loginIp: string | null,
    readonly loginUserAgent: string | null,
    readonly lastUsedIp: string | null,
    readonly lastUsedUserAgent: string | null,
    readonly deviceName: string | null,
  ) {}

  static fromSession(session: Session): SessionView {
    return new SessionView(
      session.id,
      session.createdAt,
      session.lastUsedAt,
      session.expiresAt,
      session.loginIp,
      session.loginUserAgent,
      session.lastUsedIp,
      session.lastUsedUserAgent,
      session.deviceName,
    );
  }
}
