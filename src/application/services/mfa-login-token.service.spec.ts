import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../auth-config.js';
import type { User } from '../../domain/entities/user.entity.js';
import { InvalidMfaTokenError } from '../../domain/errors/invalid-mfa-token.error.js';
import { MemoryAccountTokenRepository } from '../../infrastructure/persistence/memory/memory-account-token.repository.js';
import { AccountTokenService } from './account-token.service.js';
import { MfaLoginTokenService } from './mfa-login-token.service.js';
import { MfaMethodsService } from './mfa-methods.service.js';

const config = { mfaTokenTtlSeconds: 300 } as AuthConfig;
const user = {
  id: 'user-1',
  passwordVersion: 1,
  emailNormalized: 'a@example.com',
} as User;
const now = new Date('2026-01-01T00:00:00Z');

function service(): MfaLoginTokenService {
  return new MfaLoginTokenService(
    new AccountTokenService(config, new MemoryAccountTokenRepository()),
  );
}

describe('MfaLoginTokenService', () => {
  it('resolves a fresh token to its user, and only once it is consumed refuses it', async () => {
    const tokens = service();
    const { token, expiresAt } = await tokens.issue('mfa_login', user, now);
    expect(expiresAt.getTime() - now.getTime()).toBe(300_000);
    const pending = await tokens.resolve(token, now);
    expect(pending.userId).toBe('user-1');
    await tokens.consume(pending, now);
    await expect(tokens.resolve(token, now)).rejects.toBeInstanceOf(
      InvalidMfaTokenError,
    );
    await expect(tokens.consume(pending, now)).rejects.toBeInstanceOf(
      InvalidMfaTokenError,
    );
  });

  it('refuses an expired token, a tampered one, and an enrolment token where a login one is due', async () => {
    const tokens = service();
    const { token } = await tokens.issue('mfa_login', user, now);
    const later = new Date(now.getTime() + 300_000);
    await expect(tokens.resolve(token, later)).rejects.toBeInstanceOf(
      InvalidMfaTokenError,
    );
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    await expect(tokens.resolve(tampered, now)).rejects.toBeInstanceOf(
      InvalidMfaTokenError,
    );
    const enrol = await tokens.issue('mfa_enrollment', user, now);
    await expect(tokens.resolve(enrol.token, now)).rejects.toBeInstanceOf(
      InvalidMfaTokenError,
    );
    expect(
      (await tokens.resolve(enrol.token, now, ['mfa_enrollment'])).purpose,
    ).toBe('mfa_enrollment');
  });
});

describe('MfaMethodsService', () => {
  it('unions the methods of every registered source, each once', async () => {
    const methods = new MfaMethodsService();
    expect(await methods.methodsOf('user-1')).toEqual([]);
    methods.register({
      methodsOf: async (id) =>
        id === 'user-1' ? ['totp', 'recovery_code'] : [],
    });
    methods.register({ methodsOf: async () => ['webauthn', 'totp'] });
    expect(await methods.methodsOf('user-1')).toEqual([
      'totp',
      'recovery_code',
      'webauthn',
    ]);
    expect(await methods.methodsOf('user-2')).toEqual(['webauthn', 'totp']);
  });
});

describe('MfaMethodsService.resetAll', () => {
  it('resets the user in every source that can reset, skipping those that cannot', async () => {
    const methods = new MfaMethodsService();
    const totp = new Set(['user-1', 'user-2']);
    const passkeys = new Set(['user-1']);
    methods.register({
      methodsOf: async (id) => (totp.has(id) ? ['totp'] : []),
      reset: async (id) => {
        totp.delete(id);
      },
    });
    methods.register({
      methodsOf: async (id) => (passkeys.has(id) ? ['webauthn'] : []),
      reset: async (id) => {
        passkeys.delete(id);
      },
    });
    methods.register({ methodsOf: async () => [] });
    await methods.resetAll('user-1');
    expect(await methods.methodsOf('user-1')).toEqual([]);
    expect(await methods.methodsOf('user-2')).toEqual(['totp']);
  });

  it('asks every source even when one fails, then throws that failure', async () => {
    const methods = new MfaMethodsService();
    const reset: string[] = [];
    methods.register({
      methodsOf: async () => [],
      reset: async () => {
        throw new Error('store down');
      },
    });
    methods.register({
      methodsOf: async () => [],
      reset: async (id) => {
        reset.push(id);
      },
    });
    await expect(methods.resetAll('user-1')).rejects.toThrow('store down');
    expect(reset).toEqual(['user-1']);
  });
});
