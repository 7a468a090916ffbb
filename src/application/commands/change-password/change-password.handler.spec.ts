import { describe, expect, it } from 'vitest';
import {
  anotherInstance,
  createKitWithSession,
} from '../../../../test/support/handler-kit.js';
import { InvalidPasswordError } from '../../../domain/errors/invalid-password.error.js';
import { TooManyAttemptsError } from '../../../domain/errors/too-many-attempts.error.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { PasswordChangedEvent } from '../../events/password-changed.event.js';
import { ChangePasswordCommand } from './change-password.command.js';

describe('ChangePasswordHandler', () => {
  it('refuses the other sessions at once here and, on another instance, at its next poll; the caller keeps its session', async () => {
    const { kit, user, password, tokens } = await createKitWithSession();
    const other = await kit.issueTokens(user.id);
    const instanceB = anotherInstance(kit);
    await instanceB.revocation.refresh();
    await expect(
      instanceB.validator.validate(other.accessToken),
    ).resolves.toBeDefined();

    const result = await kit.handlers.changePassword.execute(
      new ChangePasswordCommand(
        user.id,
        tokens.sessionId,
        password,
        'a new password',
        'req-1',
      ),
    );

    expect(result.revokedSessions).toBe(1);
    expect(result.tokens.sessionId).toBe(tokens.sessionId);
    await expect(kit.validator.validate(other.accessToken)).rejects.toThrow();
    await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
    await expect(
      kit.validator.validate(result.tokens.accessToken),
    ).resolves.toBeDefined();
    // Instance B still holds the old version until it polls (the bound: one interval).
    kit.clock.advance(kit.config.revocationCacheRefreshMs);
    await instanceB.revocation.refresh();
    await expect(
      instanceB.validator.validate(other.accessToken),
    ).rejects.toThrow();
    await expect(
      instanceB.validator.validate(result.tokens.accessToken),
    ).resolves.toBeDefined();
    await expect(kit.refresh(other.refreshToken)).rejects.toThrow();
    await expect(
      kit.refresh(result.tokens.refreshToken),
    ).resolves.toBeDefined();

    const [event] = kit.events.ofType(PasswordChangedEvent);
    expect(event).toMatchObject({
      userId: user.id,
      revokedSessions: 1,
      audit: { actorId: user.id, requestId: 'req-1' },
    });
    const serialized = JSON.stringify([
      event,
      await kit.auditLog.list({ skip: 0, limit: 10 }),
    ]);
    expect(serialized).not.toContain(password);
    expect(serialized).not.toContain('a new password');
  });

  it('counts a wrong current password on the account lockout, then answers 429 even with the right one', async () => {
    const { kit, user, password, tokens } = await createKitWithSession({
      loginLockout: { maxFailures: 2 },
    });
    const change = (current: string) =>
      kit.handlers.changePassword.execute(
        new ChangePasswordCommand(
          user.id,
          tokens.sessionId,
          current,
          'a new password',
        ),
      );

    await expect(change('wrong one')).rejects.toThrow(InvalidPasswordError);
    await expect(change('wrong two')).rejects.toThrow(InvalidPasswordError);
    await expect(change(password)).rejects.toThrow(TooManyAttemptsError);
    expect((await kit.users.findById(user.id))?.passwordVersion).toBe(1);
  });

  it('opens a new session for the caller when its own was revoked meanwhile', async () => {
    const { kit, user, password, tokens } = await createKitWithSession();
    await kit.sessions.revoke(tokens.sessionId, 'logout', kit.clock.now());

    const result = await kit.handlers.changePassword.execute(
      new ChangePasswordCommand(
        user.id,
        tokens.sessionId,
        password,
        'a new password',
      ),
    );

    expect(result.tokens.sessionId).not.toBe(tokens.sessionId);
    await expect(
      kit.validator.validate(result.tokens.accessToken),
    ).resolves.toBeDefined();
  });
});
