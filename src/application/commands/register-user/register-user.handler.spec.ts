import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { UserAlreadyExistsError } from '../../../domain/errors/user-already-exists.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { UserRegisteredEvent } from '../../events/user-registered.event.js';
import { RegisterUserCommand } from './register-user.command.js';

describe('RegisterUserHandler', () => {
  let kit: HandlerKit;
  const register = (
    username: string,
    email: string,
    password = 'pw-long-enough',
    roles?: string[],
  ) =>
    kit.handlers.registerUser.execute(
      new RegisterUserCommand(username, email, password, roles),
    );

  beforeEach(() => {
    kit = createHandlerKit();
  });

  it('creates an active user with the default roles and returns its public view', async () => {
    const user = await register('Alice', 'Alice@Example.com');
    expect(user).toEqual({
      id: expect.any(String),
      username: 'Alice',
      email: 'Alice@Example.com',
      isActive: true,
      roles: ['user'],
      createdAt: kit.clock.now(),
      emailVerified: false,
    });
    expect(user).not.toHaveProperty('passwordHash');
    const stored = await kit.users.findById(user.id);
    expect(stored).toMatchObject({
      usernameNormalized: 'alice',
      usernameKey: 'alice',
      emailNormalized: 'alice@example.com',
      tokenVersion: 1,
    });
  });

  it('stores an argon2 hash that verifies, never the password', async () => {
    const user = await register('alice', 'alice@example.com', 'pw-long-enough');
    const stored = await kit.users.findById(user.id);
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored!.passwordHash).not.toContain('pw-long-enough');
    await expect(
      kit.hasher.verify(stored!.passwordHash, 'pw-long-enough'),
    ).resolves.toBe(true);
  });

  it('uses the configured default roles, and explicit roles validated and sorted', async () => {
    const custom = createHandlerKit({ defaultRoles: ['reader', 'member'] });
    const byDefault = await custom.registerUser();
    expect(byDefault.user.roles).toEqual(['member', 'reader']);
    const explicit = await register('bob', 'bob@example.com', undefined, [
      'user',
      'admin',
      'user',
    ]);
    expect(explicit.roles).toEqual(['admin', 'user']);
    await expect(
      register('carol', 'carol@example.com', undefined, ['Admin']),
    ).rejects.toThrow(ValidationError);
  });

  it.each([
    ['the same username in another case', 'ALICE', 'other@example.com'],
    ['a full-width look-alike username', 'Ａｌｉｃｅ', 'other@example.com'],
    ['the same email in another case', 'someone', 'ALICE@EXAMPLE.COM'],
    ['a full-width look-alike email', 'someone', 'ａｌｉｃｅ@example.com'],
  ])('refuses %s', async (_label, username, email) => {
    await register('alice', 'alice@example.com');
    await expect(register(username, email)).rejects.toThrow(
      UserAlreadyExistsError,
    );
    await expect(kit.users.countActive()).resolves.toBe(1);
  });

  it('refuses a Kelvin-sign look-alike of an existing username', async () => {
    await register('kim', 'kim@example.com');
    await expect(register('\u212Aim', 'kim2@example.com')).rejects.toThrow(
      UserAlreadyExistsError,
    );
  });

  it('keeps the uniqueness when two registrations race (the store decides)', async () => {
    const results = await Promise.allSettled([
      register('racer', 'racer1@example.com'),
      register('RACER', 'racer2@example.com'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(UserAlreadyExistsError);
  });

  it.each([
    ['too short', 'short'],
    ['too long in bytes', 'é'.repeat(513)],
  ])(
    'checks the password policy (%s) before spending any hashing work',
    async (_label, password) => {
      const hash = vi.spyOn(kit.hasher, 'hash');
      await expect(
        register('alice', 'alice@example.com', password),
      ).rejects.toThrow(ValidationError);
      expect(hash).not.toHaveBeenCalled();
      await expect(kit.users.countActive()).resolves.toBe(0);
    },
  );

  it('does not hash for an obvious duplicate', async () => {
    await register('alice', 'alice@example.com');
    const hash = vi.spyOn(kit.hasher, 'hash');
    await expect(register('ALICE', 'x@example.com')).rejects.toThrow(
      UserAlreadyExistsError,
    );
    expect(hash).not.toHaveBeenCalled();
  });

  it.each([
    ['a bad username', 'a b', 'alice@example.com'],
    ['a bad email', 'alice', 'not-an-email'],
  ])('rejects %s with a ValidationError', async (_label, username, email) => {
    await expect(register(username, email)).rejects.toThrow(ValidationError);
  });

  it('publishes UserRegistered without the password or its hash', async () => {
    const user = await register('alice', 'alice@example.com', 'pw-long-enough');
    const [event] = kit.events.ofType(UserRegisteredEvent);
    expect(kit.events.published).toHaveLength(1);
    expect(event).toEqual(
      new UserRegisteredEvent(user.id, 'alice', kit.clock.now()),
    );
    const stored = await kit.users.findById(user.id);
    const serialized = JSON.stringify(event);
    expect(serialized).not.toContain('pw-long-enough');
    expect(serialized).not.toContain(stored!.passwordHash);
  });

  it('publishes nothing when the registration fails', async () => {
    await expect(
      register('alice', 'alice@example.com', 'short'),
    ).rejects.toThrow(ValidationError);
    expect(kit.events.published).toEqual([]);
  });
});
