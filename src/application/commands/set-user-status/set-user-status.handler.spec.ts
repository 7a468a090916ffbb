import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { InvalidCredentialsError } from '../../../domain/errors/invalid-credentials.error.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { UserInactiveError } from '../../../domain/errors/user-inactive.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { UserStatusChangedEvent } from '../../events/user-status-changed.event.js';
import { AuthenticateUserCommand } from '../authenticate-user/authenticate-user.command.js';
import { SetUserStatusCommand } from './set-user-status.command.js';

describe('SetUserStatusHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let username: string;
  let password: string;
  let tokens: AuthTokens;
  const setStatus = (isActive?: boolean, roles?: string[], id = userId) =>
    kit.handlers.setUserStatus.execute(
      new SetUserStatusCommand(id, isActive, roles, { actorId: 'admin-1' }),
    );
  const login = () =>
    kit.handlers.authenticateUser.execute(
      new AuthenticateUserCommand(username, password),
    );

  beforeEach(async () => {
    // A started instance: "at once" below means without waiting for any poll.
    const started = await createKitWithSession();
    ({ kit, password, tokens } = started);
    ({ id: userId, username } = started.user);
  });

  it('deactivation bumps the version and revokes every session at once', async () => {
    const second = await kit.issueTokens(userId);
    await expect(setStatus(false)).resolves.toMatchObject({
      id: userId,
      isActive: false,
    });
    expect((await kit.users.findById(userId))!.tokenVersion).toBe(2);
    for (const session of [tokens, second]) {
      expect(await kit.sessions.findById(session.sessionId)).toMatchObject({
        revocationReason: 'user_deactivated',
      });
      await expect(kit.validator.validate(session.accessToken)).rejects.toThrow(
        UserInactiveError,
      );
      await expect(kit.refresh(session.refreshToken)).rejects.toThrow(
        TokenRevokedError,
      );
    }
    await expect(login()).rejects.toThrow(InvalidCredentialsError);
  });

  it('reactivation lets the user log in again without bumping the version', async () => {
    await setStatus(false);
    await expect(setStatus(true)).resolves.toMatchObject({ isActive: true });
    expect((await kit.users.findById(userId))!.tokenVersion).toBe(2);
    await expect(login()).resolves.toMatchObject({ userId });
    // Sessions revoked by the deactivation stay revoked.
    await expect(kit.refresh(tokens.refreshToken)).rejects.toThrow(
      TokenRevokedError,
    );
  });

  it('changes roles without logging anyone out; validation sees them at once', async () => {
    await expect(
      setStatus(undefined, ['user', 'admin', 'admin']),
    ).resolves.toMatchObject({
      roles: ['admin', 'user'],
      isActive: true,
    });
    expect((await kit.users.findById(userId))!.tokenVersion).toBe(1);
    const { user } = await kit.validator.validate(tokens.accessToken);
    expect(user.roles).toEqual(['admin', 'user']);
  });

  it('validates roles before changing anything', async () => {
    await expect(setStatus(false, ['Admin'])).rejects.toThrow(ValidationError);
    expect(await kit.users.findById(userId)).toMatchObject({
      isActive: true,
      tokenVersion: 1,
    });
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).resolves.toBeDefined();
  });

  it('refuses a command that changes nothing', async () => {
    await expect(setStatus()).rejects.toThrow(ValidationError);
    expect(kit.events.published).toEqual([]);
  });

  it('refuses an unknown user', async () => {
    await expect(setStatus(false, undefined, 'no-such-user')).rejects.toThrow(
      UserNotFoundError,
    );
  });

  it('publishes the new status, roles, who changed them, why and in which request', async () => {
    await kit.handlers.setUserStatus.execute(
      new SetUserStatusCommand(userId, false, ['auditor'], {
        actorId: 'admin-1',
        reason: 'left the company',
        requestId: 'req-42',
      }),
    );
    expect(kit.events.published).toEqual([
      new UserStatusChangedEvent(
        userId,
        false,
        ['auditor'],
        { actorId: 'admin-1', reason: 'left the company', requestId: 'req-42' },
        kit.clock.now(),
        ['isActive', 'roles'],
        1,
      ),
    ]);
  });

  it('records a deactivation in the audit trail before answering', async () => {
    await kit.issueTokens(userId);
    await kit.handlers.setUserStatus.execute(
      new SetUserStatusCommand(userId, false, undefined, {
        actorId: 'admin-1',
        reason: 'left the company',
        requestId: 'req-42',
      }),
    );
    expect(await kit.auditLog.list({ skip: 0, limit: 10 })).toEqual([
      expect.objectContaining({
        action: 'user_status_changed',
        actorId: 'admin-1',
        subjectId: userId,
        reason: 'left the company',
        requestId: 'req-42',
        occurredAt: kit.clock.now(),
        details: { isActive: false, revokedSessions: 2 },
      }),
    ]);
  });

  it('records only the fields the change set: a reactivation, a roles change', async () => {
    await setStatus(false);
    kit.clock.advanceSeconds(1);
    await setStatus(true);
    kit.clock.advanceSeconds(1);
    await setStatus(undefined, ['user', 'staff']);
    const [roles, reactivation, deactivation] = await kit.auditLog.list({
      skip: 0,
      limit: 10,
    });
    expect(deactivation).toMatchObject({
      details: { isActive: false, revokedSessions: 1 },
      reason: null,
      requestId: null,
    });
    expect(reactivation?.details).toEqual({ isActive: true });
    expect(roles?.details).toEqual({ roles: 'staff,user' });
  });

  it('records no revoked sessions for a roles change of an inactive user', async () => {
    await setStatus(false);
    kit.clock.advanceSeconds(1);
    await setStatus(undefined, ['staff']);
    const [roles] = await kit.auditLog.list({ skip: 0, limit: 1 });
    expect(roles?.details).toEqual({ roles: 'staff' });
  });

  it('records nothing for a refused change', async () => {
    await expect(setStatus()).rejects.toThrow(ValidationError);
    await expect(setStatus(false, undefined, 'no-such-user')).rejects.toThrow(
      UserNotFoundError,
    );
    expect(await kit.auditLog.count()).toBe(0);
  });

  it('returns the public view, never the password hash', async () => {
    const result = await setStatus(true);
    expect(result).not.toHaveProperty('passwordHash');
  });
});
