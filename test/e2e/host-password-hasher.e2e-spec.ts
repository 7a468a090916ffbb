// A host's own PasswordHasher (README "Replacing the password hasher") takes the place of the
// built-in one, and with it of the argon2 concurrency gate (`passwordHashing`), which wraps only
// the built-in hasher. Wrapped in the exported GatedPasswordHasher + ConcurrencyGate it keeps the
// bound: past the queue, login answers 503 server_busy at once. Unwrapped, every login reaches the
// hasher together. The hasher holds every call until the test opens it: no timing involved.
import { describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { expectError } from '../support/http-assertions.js';
import {
  ADAPTERS_AND_STORES,
  useStoredFixtureApp,
} from '../support/stored-fixture.js';
import {
  ConcurrencyGate,
  GatedPasswordHasher,
  PasswordHasher,
} from '../support/tokenward.js';

/** A host's hasher whose calls wait until `open()`: how many are under way is `started`. */
class HeldHasher extends PasswordHasher {
  started = 0;
  private opened = false;
  private readonly waiting: Array<() => void> = [];

  hash(password: string): Promise<string> {
    return this.hold(() => `held:${password}`);
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.hold(() => hash === `held:${password}`);
  }

  needsRehash(): boolean {
    return false;
  }

  verifyDummy(): Promise<void> {
    return this.hold(() => undefined);
  }

  /** Lets every held call and every later one through. */
  open(): void {
    this.opened = true;
    for (const release of this.waiting.splice(0)) release();
  }

  private hold<T>(result: () => T): Promise<T> {
    this.started += 1;
    if (this.opened) return Promise.resolve(result());
    return new Promise((resolve) => this.waiting.push(() => resolve(result())));
  }
}

describe.each(ADAPTERS_AND_STORES)(
  "a host's own PasswordHasher (%s, %s)",
  (adapter, storage) => {
    describe('wrapped in GatedPasswordHasher', () => {
      const hasher = new HeldHasher();
      const gate = new ConcurrencyGate(1, 1);
      const f = useStoredFixtureApp(storage, `gated-hasher-${adapter}`, {
        adapter,
        providers: [
          {
            provide: PasswordHasher,
            useValue: new GatedPasswordHasher(hasher, gate),
          },
        ],
      });
      const login = (username: string): Promise<Response> =>
        f.http
          .post('/auth/login')
          .send({ username, password: 'correct horse battery' })
          .then((res) => res);

      it('keeps the bound: one hashing, one queued, the next login 503 server_busy with Retry-After', async () => {
        const first = login('nobody-1');
        await expect.poll(() => gate.load).toEqual({ active: 1, queued: 0 });
        const second = login('nobody-2');
        await expect.poll(() => gate.load).toEqual({ active: 1, queued: 1 });

        const third = await login('nobody-3');

        expectError(third, 503, 'server_busy');
        expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(hasher.started).toBe(1);
        hasher.open();
        expectError(await first, 401, 'invalid_credentials');
        expectError(await second, 401, 'invalid_credentials');
        expect(hasher.started).toBe(2);
      });
    });

    describe('not wrapped', () => {
      const hasher = new HeldHasher();
      const f = useStoredFixtureApp(storage, `plain-hasher-${adapter}`, {
        adapter,
        providers: [{ provide: PasswordHasher, useValue: hasher }],
      });

      it('has no gate: every login reaches the hasher at once', async () => {
        const logins = [1, 2, 3].map((i) =>
          f.http
            .post('/auth/login')
            .send({
              username: `nobody-${i}`,
              password: 'correct horse battery',
            })
            .then((res) => res),
        );

        await expect.poll(() => hasher.started).toBe(3);
        hasher.open();
        for (const res of await Promise.all(logins))
          expectError(res, 401, 'invalid_credentials');
      });
    });
  },
);
