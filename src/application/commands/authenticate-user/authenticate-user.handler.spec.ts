import { Logger } from '@nestjs/common';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  anotherInstance,
  createHandlerKit,
  type HandlerKit,
  type RegisteredUser,
} from '../../../../test/support/handler-kit.js';
import { InvalidCredentialsError } from '../../../domain/errors/invalid-credentials.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { AuthenticatedUser } from '../../dtos/authenticated-user.dto.js';
import { LoginFailedEvent } from '../../events/login-failed.event.js';
import { LoginSucceededEvent } from '../../events/login-succeeded.event.js';
import { AuthenticateUserCommand } from './authenticate-user.command.js';

const STRONGER_ARGON2 = { memoryCost: 2048, timeCost: 2, parallelism: 1 };

async function loginError(
  kit: HandlerKit,
  identifier: string,
  password: string,
): Promise<unknown> {
  return kit.handlers.authenticateUser
    .execute(new AuthenticateUserCommand(identifier, password))
    .then(
      () => expect.unreachable('login should have failed'),
      (error: unknown) => error,
    );
}

describe('AuthenticateUserHandler', () => {
  let kit: HandlerKit;
  let alice: RegisteredUser;
  const login = (identifier: string, password: string, on: HandlerKit = kit) =>
    on.handlers.authenticateUser.execute(
      new AuthenticateUserCommand(identifier, password),
    );

  beforeEach(async () => {
    kit = createHandlerKit();
    alice = await kit.registerUser({
      username: 'Alice',
      email: 'Alice@Example.com',
      roles: ['admin'],
    });
    kit.events.clear();
  });

  it('logs in by username and returns who logged in', async () => {
    await expect(login('Alice', alice.password)).resolves.toEqual(
      new AuthenticatedUser(alice.user.id, 'Alice', 'Alice@Example.com', [
        'admin',
      ]),
    );
    expect(kit.events.published).toEqual([
      new LoginSucceededEvent(alice.user.id, kit.clock.now()),
    ]);
  });

  it.each([
    ['the username in another case', 'aLiCe'],
    ['a full-width username', 'Ａｌｉｃｅ'],
    ['the email', 'Alice@Example.com'],
    ['the email in another case', 'ALICE@EXAMPLE.COM'],
  ])('logs in with %s', async (_label, identifier) => {
    await expect(login(identifier, alice.password)).resolves.toMatchObject({
      userId: alice.user.id,
    });
  });

  it('answers unknown user, wrong password and inactive account with the same error', async () => {
    const bob = await kit.registerUser();
    await kit.users.updateStatus(
      bob.user.id,
      { isActive: false },
      true,
      kit.clock.now(),
    );
    const errors = [
      await loginError(kit, 'nobody', alice.password),
      await loginError(kit, 'nobody@example.com', alice.password),
      await loginError(kit, 'Alice', `${alice.password}x`),
      await loginError(kit, bob.user.username, bob.password),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidCredentialsError);
      expect(error).toMatchObject({
        code: 'invalid_credentials',
        message: 'Invalid username or password',
      });
    }
  });

  it('records why each login failed, without the password', async () => {
    const bob = await kit.registerUser();
    await kit.users.updateStatus(
      bob.user.id,
      { isActive: false },
      true,
      kit.clock.now(),
    );
    kit.events.clear();
    await loginError(kit, 'nobody', 'secret-attempt-1');
    await loginError(kit, 'Alice', 'secret-attempt-2');
    await loginError(kit, bob.user.username, bob.password);
    const now = kit.clock.now();
    expect(kit.events.published).toEqual([
      new LoginFailedEvent('nobody', 'unknown_user', now),
      new LoginFailedEvent('Alice', 'wrong_password', now),
      new LoginFailedEvent(bob.user.username, 'inactive_user', now),
    ]);
    expect(JSON.stringify(kit.events.published)).not.toMatch(
      /secret-attempt|pw-user/,
    );
  });

  it('spends an argon2 verify on unknown users too (comparable timing)', async () => {
    const dummy = vi.spyOn(kit.hasher, 'verifyDummy');
    await loginError(kit, 'nobody', 'whatever-password');
    expect(dummy).toHaveBeenCalledWith('whatever-password');
  });

  it('refuses an oversized password before any look-up or hashing', async () => {
    const findByUsername = vi.spyOn(kit.users, 'findByUsername');
    const verify = vi.spyOn(kit.hasher, 'verify');
    await expect(login('Alice', 'x'.repeat(1025))).rejects.toThrow(
      ValidationError,
    );
    expect(findByUsername).not.toHaveBeenCalled();
    expect(verify).not.toHaveBeenCalled();
  });

  it('upgrades a hash made with weaker parameters at the next login', async () => {
    const stronger = anotherInstance(kit, { argon2: STRONGER_ARGON2 });
    const before = (await kit.users.findById(alice.user.id))!.passwordHash;
    await login('Alice', alice.password, stronger);
    const after = (await kit.users.findById(alice.user.id))!.passwordHash;
    expect(after).not.toBe(before);
    expect(stronger.hasher.needsRehash(after)).toBe(false);
    await expect(stronger.hasher.verify(after, alice.password)).resolves.toBe(
      true,
    );
    // Nothing left to upgrade: the next login keeps the hash.
    await login('Alice', alice.password, stronger);
    expect((await kit.users.findById(alice.user.id))!.passwordHash).toBe(after);
  });

  it('never downgrades a hash made with stronger parameters', async () => {
    const stronger = anotherInstance(kit, { argon2: STRONGER_ARGON2 });
    const carol = await stronger.registerUser();
    const before = (await kit.users.findById(carol.user.id))!.passwordHash;
    await login(carol.user.username, carol.password);
    expect((await kit.users.findById(carol.user.id))!.passwordHash).toBe(
      before,
    );
  });

  it('does not upgrade the hash on a failed login', async () => {
    const stronger = anotherInstance(kit, { argon2: STRONGER_ARGON2 });
    const before = (await kit.users.findById(alice.user.id))!.passwordHash;
    await loginError(stronger, 'Alice', 'wrong-password');
    expect((await kit.users.findById(alice.user.id))!.passwordHash).toBe(
      before,
    );
  });

  it('still logs in when the hash upgrade fails to be stored', async () => {
    const stronger = anotherInstance(kit, { argon2: STRONGER_ARGON2 });
    vi.spyOn(kit.users, 'updatePasswordHash').mockRejectedValueOnce(
      new Error('write failed'),
    );
    const warn = vi
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    await expect(
      login('Alice', alice.password, stronger),
    ).resolves.toMatchObject({
      userId: alice.user.id,
    });
    expect(warn).toHaveBeenCalledWith(
      'Password hash upgrade failed: Error: write failed',
    );
    warn.mockRestore();
  });
});
