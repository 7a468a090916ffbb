import { describe, expect, it } from 'vitest';
import { createHandlerKit } from '../../../../test/support/handler-kit.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { ListUserSessionsQuery } from './list-user-sessions.query.js';

describe('ListUserSessionsHandler', () => {
  it('lists the user’s active sessions newest first, without tokens or hashes', async () => {
    const kit = createHandlerKit();
    const { user, tokens: first } = await kit.registerAndIssueTokens();
    kit.clock.advanceSeconds(1);
    const second = await kit.issueTokens(user.id);

    const listed = await kit.handlers.listUserSessions.execute(
      new ListUserSessionsQuery(user.id),
    );

    expect(listed.map((s) => s.id)).toEqual([
      second.sessionId,
      first.sessionId,
    ]);
    const text = JSON.stringify(listed);
    for (const secret of [first.refreshToken, second.refreshToken]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(kit.refreshTokens.hash(secret));
    }
  });

  it('is empty for a user without sessions, and not found for an unknown user when asked to check', async () => {
    const kit = createHandlerKit();
    const { user } = await kit.registerUser();
    await expect(
      kit.handlers.listUserSessions.execute(new ListUserSessionsQuery(user.id)),
    ).resolves.toEqual([]);
    await expect(
      kit.handlers.listUserSessions.execute(
        new ListUserSessionsQuery('nobody', true),
      ),
    ).rejects.toThrow(UserNotFoundError);
  });
});
