import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { SessionNotFoundError } from '../../../domain/errors/session-not-found.error.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { EndSessionCommand } from './end-session.command.js';

describe('EndSessionHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let tokens: AuthTokens;
  const end = (
    byUser: string,
    sessionId: string,
    reason: 'logout' | 'admin' = 'logout',
  ) =>
    kit.handlers.endSession.execute(
      new EndSessionCommand(byUser, sessionId, reason, {
        actorId: 'actor-1',
        requestId: 'req-1',
      }),
    );

  beforeEach(async () => {
    const started = await createKitWithSession();
    ({ kit, tokens } = started);
    userId = started.user.id;
  });

  it('ends the session at once and records who, why and which session', async () => {
    await end(userId, tokens.sessionId, 'admin');

    await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
      TokenRevokedError,
    );
    expect(await kit.sessions.findById(tokens.sessionId)).toMatchObject({
      revocationReason: 'admin',
      revokedAt: kit.clock.now(),
    });
    expect(await kit.auditLog.list({ skip: 0, limit: 10 })).toEqual([
      expect.objectContaining({
        action: 'session_revoked',
        actorId: 'actor-1',
        subjectId: userId,
        reason: 'admin',
        requestId: 'req-1',
        details: { sessionId: tokens.sessionId },
      }),
    ]);
  });

  it('answers not found, and changes nothing, for another user’s, an unknown or an ended session', async () => {
    const other = await kit.registerAndIssueTokens();
    await expect(end(userId, other.tokens.sessionId)).rejects.toThrow(
      SessionNotFoundError,
    );
    await expect(
      kit.validator.validate(other.tokens.accessToken),
    ).resolves.toBeDefined();
    await expect(end(userId, 'no-such-session')).rejects.toThrow(
      SessionNotFoundError,
    );
    await end(userId, tokens.sessionId);
    await expect(end(userId, tokens.sessionId)).rejects.toThrow(
      SessionNotFoundError,
    );
    expect(await kit.auditLog.count()).toBe(1);
  });
});
