import { describe, expect, it, vi } from 'vitest';
import * as argon2 from 'argon2';
import { Argon2PasswordHasher } from './argon2-password.hasher.js';

const CHEAP = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const hasher = new Argon2PasswordHasher(CHEAP);

/** Type and cost parameters of a PHC argon2 string, whatever order the parameters are in. */
function paramsOf(hash: string): {
  type: string;
  m: number;
  t: number;
  p: number;
} {
  const [, type, , list] = hash.split('$');
  const params = Object.fromEntries(
    list!.split(',').map((pair) => pair.split('=')),
  );
  return {
    type: type!,
    m: Number(params.m),
    t: Number(params.t),
    p: Number(params.p),
  };
}

describe('Argon2PasswordHasher', () => {
  it('hashes with argon2id and the configured parameters, salted', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$/);
    expect(paramsOf(first)).toEqual({ type: 'argon2id', m: 1024, t: 1, p: 1 });
    expect(first).not.toContain('correct horse battery');
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery');
    await expect(hasher.verify(hash, 'correct horse battery')).resolves.toBe(
      true,
    );
    await expect(hasher.verify(hash, 'correct horse battery ')).resolves.toBe(
      false,
    );
  });

  it('answers false, never throws, for a corrupt or foreign hash', async () => {
    await expect(hasher.verify('not-a-hash', 'whatever')).resolves.toBe(false);
    await expect(
      hasher.verify('$2b$10$abcdefghijklmnopqrstuv', 'whatever'),
    ).resolves.toBe(false);
  });

  it('asks for a rehash only when the hash is weaker than the current parameters', async () => {
    const strong = new Argon2PasswordHasher({
      memoryCost: 2048,
      timeCost: 2,
      parallelism: 1,
    });
    const weakHash = await hasher.hash('pw-long-enough');
    const strongHash = await strong.hash('pw-long-enough');
    expect(strong.needsRehash(weakHash)).toBe(true);
    expect(strong.needsRehash(strongHash)).toBe(false);
    // A stronger hash is never downgraded by a cheaper configuration.
    expect(hasher.needsRehash(strongHash)).toBe(false);
    expect(hasher.needsRehash(weakHash)).toBe(false);
  });

  it('reads the parameters by name, in the m,t,p order of the reference implementation too', () => {
    const strong = new Argon2PasswordHasher({
      memoryCost: 2048,
      timeCost: 2,
      parallelism: 1,
    });
    const salt = 'c29tZXNhbHRzb21lc2FsdA';
    const digest = 'YvRohrk4+TMoLVD9b/hJ2DiaKep8ZYtPXKn3WQ7Jbgs';
    expect(
      strong.needsRehash(`$argon2id$v=19$m=2048,t=2,p=1$${salt}$${digest}`),
    ).toBe(false);
    expect(
      strong.needsRehash(`$argon2id$v=19$m=2048,p=1,t=2$${salt}$${digest}`),
    ).toBe(false);
    expect(
      strong.needsRehash(`$argon2id$v=19$m=2048,t=1,p=1$${salt}$${digest}`),
    ).toBe(true);
    expect(
      strong.needsRehash(`$argon2id$v=19$m=2048,p=1$${salt}$${digest}`),
    ).toBe(true);
    expect(
      strong.needsRehash(`$argon2id$v=16$m=2048,t=2,p=1$${salt}$${digest}`),
    ).toBe(true);
  });

  it('asks for a rehash when only one cost parameter is weaker', async () => {
    const moreTime = new Argon2PasswordHasher({ ...CHEAP, timeCost: 2 });
    const moreMemory = new Argon2PasswordHasher({ ...CHEAP, memoryCost: 2048 });
    const hash = await hasher.hash('pw-long-enough');
    expect(moreTime.needsRehash(hash)).toBe(true);
    expect(moreMemory.needsRehash(hash)).toBe(true);
  });

  it('asks for a rehash of other argon2 variants and unknown formats', async () => {
    const argon2i = await argon2.hash('pw-long-enough', {
      type: argon2.argon2i,
      ...CHEAP,
    });
    expect(hasher.needsRehash(argon2i)).toBe(true);
    expect(hasher.needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
    expect(hasher.needsRehash('')).toBe(true);
  });

  it('still verifies a weaker hash (so the upgrade at login can happen)', async () => {
    const strong = new Argon2PasswordHasher({
      memoryCost: 2048,
      timeCost: 2,
      parallelism: 1,
    });
    const weakHash = await hasher.hash('pw-long-enough');
    await expect(strong.verify(weakHash, 'pw-long-enough')).resolves.toBe(true);
  });

  it('burns a real verify for unknown users, with a dummy hash made once', async () => {
    const dummy = new Argon2PasswordHasher(CHEAP);
    const hash = vi.spyOn(dummy, 'hash');
    const verify = vi.spyOn(dummy, 'verify');
    await expect(dummy.verifyDummy('anything')).resolves.toBeUndefined();
    await dummy.verifyDummy('anything else');
    expect(hash).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledTimes(2);
    const dummyHash = await hash.mock.results[0]!.value;
    expect(paramsOf(dummyHash)).toEqual({
      type: 'argon2id',
      m: 1024,
      t: 1,
      p: 1,
    });
  });
});
