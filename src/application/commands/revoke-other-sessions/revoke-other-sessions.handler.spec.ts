import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { RevokeOtherSessionsCommand } from './revoke-other-sessions.command.js';

describe('RevokeOtherSessionsHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let tokens: AuthTokens;

  beforeEach(async () => {
    const started = await createKitWithSession();
    ({ kit, tokens } = started);
    userId = started.user.id;
  });

  it('ends every other session at once and keeps the caller’s, without a version bump', async () => {
    const others = [
      await kit.issueTokens(userId),
      await kit.issueTokens(userId),
    ];
    const stranger = await kit.registerAndIssueTokens();

    const revoked = await kit.handlers.revokeOtherSessions.execute(
      new RevokeOtherSessionsCommand(userId, tokens.sessionId, {
        actorId: userId,
      }),
    );

    expect(revoked).toBe(2);
    for (const other of others) {
      await expect(kit.validator.validate(other.accessToken)).rejects.toThrow(
        TokenRevokedError,
      );
    }
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).resolves.toBeDefined();
    await expect(kit.refresh(tokens.refreshToken)).resolves.toBeDefined();
    await expect(
      kit.validator.validate(stranger.tokens.accessToken),
    ).resolves.toBeDefined();
    expect(await kit.auditLog.list({ skip: 0, limit: 10 })).toEqual([
      expect.objectContaining({
        action: 'other_sessions_revoked',
        actorId: userId,
        subjectId: userId,
        details: { keptSessionId: tokens.sessionId, revokedSessions: 2 },
      }),
    ]);
  });

  it('answers 0 when there is no other session', async () => {
    await expect(
      kit.handlers.revokeOtherSessions.execute(
        new RevokeOtherSessionsCommand(userId, tokens.sessionId),
      ),
    ).resolves.toBe(0);
  });
});
