import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { SessionsRevoked } from '../../dtos/sessions-revoked.dto.js';
import { AllSessionsRevokedEvent } from '../../events/all-sessions-revoked.event.js';
import { RevokeAllUserSessionsCommand } from './revoke-all-user-sessions.command.js';

describe('RevokeAllUserSessionsHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let sessions: AuthTokens[];
  const revokeAll = (id: string) =>
    kit.handlers.revokeAllUserSessions.execute(
      new RevokeAllUserSessionsCommand(id),
    );

  beforeEach(async () => {
    // A started instance: "at once" below means without waiting for any poll.
    const started = await createKitWithSession();
    kit = started.kit;
    userId = started.user.id;
    sessions = [started.tokens, await kit.issueTokens(userId)];
    kit.events.clear();
  });

  it('revokes every session and bumps the user version', async () => {
    await expect(revokeAll(userId)).resolves.toEqual(
      new SessionsRevoked(userId, 2, 2),
    );
    expect((await kit.users.findById(userId))!.tokenVersion).toBe(2);
    for (const tokens of sessions) {
      expect(await kit.sessions.findById(tokens.sessionId)).toMatchObject({
        revocationReason: 'logout_all',
      });
    }
    expect(kit.events.published).toEqual([
      new AllSessionsRevokedEvent(
        userId,
        2,
        { reason: 'logout_all' },
        kit.clock.now(),
      ),
    ]);
  });

  it('rejects every outstanding access token and refresh token at once', async () => {
    await revokeAll(userId);
    for (const tokens of sessions) {
      await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
        TokenVersionRejectedError,
      );
      await expect(kit.refresh(tokens.refreshToken)).rejects.toThrow(
        TokenRevokedError,
      );
    }
  });

  it('lets the user log in again afterwards', async () => {
    await revokeAll(userId);
    const fresh = await kit.issueTokens(userId);
    expect(
      (await kit.signer.verify(fresh.accessToken, kit.clock.now())).uv,
    ).toBe(2);
    await expect(
      kit.validator.validate(fresh.accessToken),
    ).resolves.toBeDefined();
  });

  it('leaves other users alone', async () => {
    const other = await kit.registerAndIssueTokens();
    await revokeAll(userId);
    await expect(
      kit.validator.validate(other.tokens.accessToken),
    ).resolves.toBeDefined();
  });

  it('counts only sessions that were still live, and records a given reason', async () => {
    await revokeAll(userId);
    const result = await kit.handlers.revokeAllUserSessions.execute(
      new RevokeAllUserSessionsCommand(userId, 'admin'),
    );
    expect(result).toEqual(new SessionsRevoked(userId, 0, 3));
    expect(kit.events.published.at(-1)).toEqual(
      new AllSessionsRevokedEvent(
        userId,
        0,
        { reason: 'admin' },
        kit.clock.now(),
      ),
    );
  });

  it('records who asked, for whom and in which request in the audit trail', async () => {
    await kit.handlers.revokeAllUserSessions.execute(
      new RevokeAllUserSessionsCommand(userId, 'logout_all', {
        actorId: userId,
        requestId: 'r-9',
      }),
    );
    expect(kit.events.published).toEqual([
      new AllSessionsRevokedEvent(
        userId,
        2,
        { actorId: userId, requestId: 'r-9', reason: 'logout_all' },
        kit.clock.now(),
      ),
    ]);
    expect(await kit.auditLog.list({ skip: 0, limit: 10 })).toEqual([
      expect.objectContaining({
        action: 'all_sessions_revoked',
        actorId: userId,
        subjectId: userId,
        reason: 'logout_all',
        requestId: 'r-9',
        details: { revokedSessions: 2 },
      }),
    ]);
  });

  it('refuses an unknown user', async () => {
    await expect(revokeAll('no-such-user')).rejects.toThrow(UserNotFoundError);
    expect(kit.events.published).toEqual([]);
    expect(await kit.auditLog.count()).toBe(0);
  });
});
