// Issue 11 item 4: look-alike usernames collide. `аdmin` (Cyrillic а), `admіn` (Cyrillic і),
// `admın` (dotless ı) and `ᴀdmin` (small capital A) registered beside `admin`; now the username
// key (NFKC, case folded, small capitals as letters, UTS #39 confusables skeleton) is what is
// unique and what a login looks up, on both adapters and both stores. A username is still shown
// as it was registered, and a login by a look-alike is exactly a login by the name: same user, same
// answers, one lockout counter.
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectError, expectUnauthorized } from '../support/http-assertions.js';
import {
  ADAPTERS_AND_STORES,
  useStoredFixtureApp,
} from '../support/stored-fixture.js';

/** Look-alikes of "admin": the four first. */
const LOOKALIKES: ReadonlyArray<[string, string]> = [
  ['a Cyrillic а', 'аdmin'],
  ['a Cyrillic і', 'admіn'],
  ['a dotless ı', 'admın'],
  ['a small capital ᴀ', 'ᴀdmin'],
  ['upper case', 'ADMIN'],
  ['fullwidth letters', 'ａｄｍｉｎ'],
  ['mathematical bold letters', '𝐚𝐝𝐦𝐢𝐧'],
  ['small capitals throughout', 'ᴀᴅᴍɪɴ'],
  ['a Latin alpha ɑ', 'ɑdmin'],
  ['"rn" for "m"', 'adrnin'],
];

/** A suffix of plain letters (digits have look-alikes of their own: 0/O, 1/l). */
function letters(length = 8): string {
  return Array.from({ length }, () =>
    String.fromCharCode(0x61 + randomInt(26)),
  ).join('');
}

describe.each(ADAPTERS_AND_STORES)(
  'look-alike usernames collide (%s, %s storage)',
  (adapter, storage) => {
    const f = useStoredFixtureApp(storage, `lookalike-${adapter}`, {
      adapter,
    });

    const register = (username: string, suffix: string) =>
      f.http.post('/auth/register').send({
        username,
        email: `${letters()}.${suffix}@example.test`,
        password: `pw-${suffix}-long-enough`,
      });
    const login = (username: string, password: string) =>
      f.http.post('/auth/login').send({ username, password });

    it.each(LOOKALIKES)(
      'a username with %s is 409 user_already_exists beside "admin", and creates nothing',
      async (_label, lookalike) => {
        const suffix = letters();
        const original = await register(`admin_${suffix}`, suffix).expect(201);

        expectError(
          await register(`${lookalike}_${suffix}`, suffix),
          409,
          'user_already_exists',
        );

        // The name still leads to the one account that holds it.
        const res = await login(
          `${lookalike}_${suffix}`,
          `pw-${suffix}-long-enough`,
        );
        expect(res.status).toBe(200);
        expect(res.body.user.id).toBe(original.body.id);
      },
    );

    it('the first registered form is kept as typed; the plain form then collides with it', async () => {
      const suffix = letters();
      const cyrillic = `аdmin_${suffix}`;

      const first = await register(cyrillic, suffix).expect(201);
      expect(first.body.username).toBe(cyrillic);
      expectError(
        await register(`admin_${suffix}`, suffix),
        409,
        'user_already_exists',
      );

      const res = await login(`admin_${suffix}`, `pw-${suffix}-long-enough`);
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe(cyrillic);
    });

    it('a login by any look-alike is a login by the name: the same user, the same 401 for a wrong password', async () => {
      const suffix = letters();
      const password = `pw-${suffix}-long-enough`;
      const created = await register(`admin_${suffix}`, suffix).expect(201);
      const byName = await login(`admin_${suffix}`, 'wrong-password');
      expectUnauthorized(byName, 'invalid_credentials');

      for (const [label, lookalike] of LOOKALIKES) {
        const wrong = await login(`${lookalike}_${suffix}`, 'wrong-password');
        expect([wrong.status, wrong.text], label).toEqual([401, byName.text]);
        // The right password: the same account (and the failure count starts over).
        const right = await login(`${lookalike}_${suffix}`, password);
        expect([right.status, right.body.user?.id], label).toEqual([
          200,
          created.body.id,
        ]);
      }
    });

    it('failures under look-alike spellings count against one account: 5 lock it for every spelling', async () => {
      const suffix = letters();
      const password = `pw-${suffix}-long-enough`;
      await register(`admin_${suffix}`, suffix).expect(201);

      for (const [, lookalike] of LOOKALIKES.slice(0, 5)) {
        expectUnauthorized(
          await login(`${lookalike}_${suffix}`, 'wrong-password'),
          'invalid_credentials',
        );
      }

      expectError(
        await login(`admin_${suffix}`, password),
        429,
        'too_many_attempts',
      );
      expectError(
        await login(`${LOOKALIKES[8]![1]}_${suffix}`, password),
        429,
        'too_many_attempts',
      );
    });

    it('an unknown name is locked alike: its look-alikes share its counter too', async () => {
      const suffix = letters();
      const spellings = ['ghost', 'ghоst', 'GHOST', 'ｇｈｏｓｔ', 'ɢhost'];

      for (const spelling of spellings) {
        expectUnauthorized(
          await login(`${spelling}_${suffix}`, 'wrong-password'),
          'invalid_credentials',
        );
      }

      expectError(
        await login(`ghost_${suffix}`, 'wrong-password'),
        429,
        'too_many_attempts',
      );
    });

    it('ten look-alikes registering at once: exactly one 201, nine 409', async () => {
      const suffix = letters();

      const results = await Promise.all(
        LOOKALIKES.map(([, lookalike]) =>
          register(`${lookalike}_${suffix}`, suffix),
        ),
      );

      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    });

    it('names that differ visibly stay apart: accents, "i" and "l", other letters', async () => {
      const suffix = letters();

      for (const name of ['jose', 'josé', 'ivan', 'lvan', 'anna', 'hanna']) {
        await register(`${name}_${suffix}`, suffix).expect(201);
      }
    });
  },
);
