import { Logger } from '@nestjs/common';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  anotherInstance,
  createHandlerKit,
  type HandlerKit,
  type RegisteredUser,
} from '../../../../test/support/handler-kit.js';
import { InvalidCredentialsError } from '../../../domain/errors/invalid-credentials.error.js';
import { TooManyAttemptsError } from '../../../domain/errors/too-many-attempts.error.js';
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

  describe('lockout (5 attempts per 15 min)', () => {
    const wrong = (identifier: string, times: number) =>
      Promise.all(
        Array.from({ length: times }, (_, i) =>
          loginError(kit, identifier, `wrong-password-${i}`),
        ),
      );

    it('reserves before verifying: of 20 parallel wrong passwords only 5 are verified, the rest are 429 unverified', async () => {
      const verify = vi.spyOn(kit.hasher, 'verify');

      const errors = await wrong('Alice', 20);

      expect(verify).toHaveBeenCalledTimes(5);
      expect(
        errors.filter((e) => e instanceof InvalidCredentialsError),
      ).toHaveLength(5);
      const locked = errors.filter((e) => e instanceof TooManyAttemptsError);
      expect(locked).toHaveLength(15);
      for (const error of locked)
        expect(error).toMatchObject({ retryAfterSeconds: 900 });
      await expect(
        loginError(kit, 'Alice', alice.password),
      ).resolves.toBeInstanceOf(TooManyAttemptsError);
      expect(verify).toHaveBeenCalledTimes(5);
    });

    it('a locked identifier costs no look-up and no hashing', async () => {
      await wrong('Alice', 5);
      const findByUsername = vi.spyOn(kit.users, 'findByUsername');
      const verify = vi.spyOn(kit.hasher, 'verify');
      const dummy = vi.spyOn(kit.hasher, 'verifyDummy');

      await expect(
        loginError(kit, 'Alice', alice.password),
      ).resolves.toBeInstanceOf(TooManyAttemptsError);

      expect(findByUsername).not.toHaveBeenCalled();
      expect(verify).not.toHaveBeenCalled();
      expect(dummy).not.toHaveBeenCalled();
    });

    it('an account locked through its email answers on its username like any other name: 401 after a dummy verify, never a 429', async () => {
      const bob = await kit.registerUser();
      await wrong('Alice@Example.com', 5);
      await expect(
        loginError(kit, 'Alice@Example.com', alice.password),
      ).resolves.toBeInstanceOf(TooManyAttemptsError);
      kit.events.clear();
      const verify = vi.spyOn(kit.hasher, 'verify');
      const dummy = vi.spyOn(kit.hasher, 'verifyDummy');

      const onAlice = await wrong('Alice', 5);
      const onBob = await wrong(bob.user.username, 5);
      const onNobody = await wrong('nobody', 5);

      for (const errors of [onAlice, onBob, onNobody]) {
        for (const error of errors) {
          expect(error).toBeInstanceOf(InvalidCredentialsError);
        }
      }
      // Alice's password is never verified (her account's attempts are used up), Bob's is.
      const hashOf = async (id: string) =>
        (await kit.users.findById(id))!.passwordHash;
      const aliceHash = await hashOf(alice.user.id);
      const bobHash = await hashOf(bob.user.id);
      const verifiedHashes = verify.mock.calls.map(([hash]) => hash);
      expect(verifiedHashes).not.toContain(aliceHash);
      expect(verifiedHashes.filter((h) => h === bobHash)).toHaveLength(5);
      expect(dummy).toHaveBeenCalledTimes(10);
      expect(
        kit.events
          .ofType(LoginFailedEvent)
          .filter((e) => e.identifier === 'Alice')
          .map((e) => e.reason),
      ).toEqual(Array(5).fill('account_locked'));
      // Now each name is locked as itself, alike.
      for (const name of ['Alice', bob.user.username, 'nobody']) {
        await expect(loginError(kit, name, 'whatever')).resolves.toMatchObject({
          code: 'too_many_attempts',
          retryAfterSeconds: 900,
        });
      }
    });

    it('does the same storage work for an unknown identifier as for a known one', async () => {
      const reserve = vi.spyOn(kit.attempts, 'reserve');
      await loginError(kit, 'Alice', 'wrong-password');
      const known = reserve.mock.calls.length;
      reserve.mockClear();
      await loginError(kit, 'nobody', 'wrong-password');
      expect(known).toBe(2);
      expect(reserve).toHaveBeenCalledTimes(known);
    });

    it('a success clears what it reserved, on the identifier and on the account', async () => {
      await wrong('Alice', 2);
      await wrong('alice@example.com', 2);
      await login('Alice', alice.password);

      // Both counters start again: five more wrong passwords on the email are all verified.
      const verify = vi.spyOn(kit.hasher, 'verify');
      await wrong('alice@example.com', 3);
      await wrong('Alice', 2);
      expect(verify).toHaveBeenCalledTimes(5);
    });

    it('takes no attempt at all with loginLockout: false', async () => {
      const open = createHandlerKit({ loginLockout: false });
      const carol = await open.registerUser();
      const reserve = vi.spyOn(open.attempts, 'reserve');
      await loginError(open, carol.user.username, 'wrong-password');
      await open.handlers.authenticateUser.execute(
        new AuthenticateUserCommand(carol.user.username, carol.password),
      );
      expect(reserve).not.toHaveBeenCalled();
    });
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
