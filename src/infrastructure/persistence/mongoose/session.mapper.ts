import { Session } from '../../../domain/entities/session.entity.js';
import type { SessionRevocation } from '../../../domain/ports/session.repository.js';
import type { SessionDocument } from './session.schema.js';

/** Maps sessions between the `Session` entity and their stored documents. */
export class SessionMapper {
  static toDomain(doc: SessionDocument): Session {
    return new Session({
      id: doc._id,
      userId: doc.userId,
      refreshTokenHash: doc.refreshTokenHash,
      previousRefreshTokenHashes: [...(doc.previousRefreshTokenHashes ?? [])],
      lastRotatedAt: doc.lastRotatedAt ?? null,
      globalVersion: doc.globalVersion,
      userVersion: doc.userVersion,
      createdAt: doc.createdAt,
      expiresAt: doc.expiresAt,
      revokedAt: doc.revokedAt ?? null,
      revocationReason: doc.revocationReason ?? null,
      lastUsedAt: doc.lastUsedAt ?? doc.lastRotatedAt ?? doc.createdAt,
      loginIp: doc.loginIp ?? null,
      loginUserAgent: doc.loginUserAgent ?? null,
      // Absent (stored before these fields existed) is not null (unknown at the last refresh).
      lastUsedIp:
        doc.lastUsedIp === undefined ? (doc.loginIp ?? null) : doc.lastUsedIp,
      lastUsedUserAgent:
        doc.lastUsedUserAgent === undefined
          ? (doc.loginUserAgent ?? null)
          : doc.lastUsedUserAgent,
      deviceName: doc.deviceName ?? null,
      sealedSuccessor: doc.sealedSuccessor ?? null,
      amr: Array.isArray(doc.amr) && doc.amr.length > 0 ? [...doc.amr] : null,
      authTime: doc.authTime ?? null,
    });
  }

  static toRevocation(
    doc: Pick<SessionDocument, '_id' | 'userId' | 'revokedAt'>,
  ): SessionRevocation {
    return {
      sessionId: doc._id,
      userId: doc.userId,
      revokedAt: doc.revokedAt as Date,
    };
  }

  static toPersistence(session: Session): SessionDocument {
    return {
      _id: session.id,
      userId: session.userId,
      refreshTokenHash: session.refreshTokenHash,
      previousRefreshTokenHashes: [...session.previousRefreshTokenHashes],
      lastRotatedAt: session.lastRotatedAt,
      globalVersion: session.globalVersion,
      userVersion: session.userVersion,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      revokedAt: session.revokedAt,
      revocationReason: session.revocationReason,
      lastUsedAt: session.lastUsedAt,
      loginIp: session.loginIp,
      loginUserAgent: session.loginUserAgent,
      lastUsedIp: session.lastUsedIp,
      lastUsedUserAgent: session.lastUsedUserAgent,
      deviceName: session.deviceName,
      sealedSuccessor: session.sealedSuccessor,
      amr: session.amr === null ? null : [...session.amr],
      authTime: session.authTime,
    };
  }
}
