import { describe, expect, it } from 'vitest';
import { newUser, useFixtureApp } from '../support/fixture-app.js';
import { expectError, expectPublicUser } from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'POST /auth/register (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    const register = (body: unknown) =>
      f.http.post('/auth/register').send(body as object);

    it('creates the account and answers 201 with the public user only', async () => {
      const body = newUser();
      const res = await register(body);

      expect(res.status).toBe(201);
      expectPublicUser(res.body, res);
      expect(res.body).toMatchObject({
        username: body.username,
        email: body.email,
        is_active: true,
        roles: ['user'],
        created_at: f.clock.now().toISOString(),
      });
      expect(res.text).not.toContain(body.password);
    });

    it('lets the new account log in', async () => {
      const body = newUser();
      await register(body).expect(201);

      const login = await f.http
        .post('/auth/login')
        .send({ username: body.username, password: body.password });

      expect(login.status).toBe(200);
      expect(login.body.user.username).toBe(body.username);
    });

    describe('409 user_already_exists', () => {
      it('on a taken username', async () => {
        const first = newUser();
        await register(first).expect(201);

        const res = await register({ ...newUser(), username: first.username });

        expectError(res, 409, 'user_already_exists');
      });

      it('on a taken email, whatever its case', async () => {
        const first = newUser();
        await register(first).expect(201);

        expectError(
          await register({ ...newUser(), email: first.email }),
          409,
          'user_already_exists',
        );
        expectError(
          await register({ ...newUser(), email: first.email.toUpperCase() }),
          409,
          'user_already_exists',
        );
      });

      it('on a username that differs only in case', async () => {
        const first = newUser('alice');
        await register(first).expect(201);

        const res = await register({
          ...newUser(),
          username: first.username.toUpperCase(),
        });

        expectError(res, 409, 'user_already_exists');
      });

      it('on a fullwidth (NFKC) look-alike username', async () => {
        const first = newUser('alice');
        await register(first).expect(201);
        // U+FF41.. : fullwidth letters and digits that NFKC folds onto ASCII.
        const fullwidth = [...first.username]
          .map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0))
          .join('');
        expect(fullwidth).not.toBe(first.username);

        const res = await register({ ...newUser(), username: fullwidth });

        expectError(res, 409, 'user_already_exists');
      });

      it('when two registrations of look-alike usernames race, exactly one wins', async () => {
        const a = newUser('race');
        const b = { ...newUser(), username: a.username.toUpperCase() };

        const results = await Promise.all([register(a), register(b)]);

        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        expectError(
          results.find((r) => r.status === 409)!,
          409,
          'user_already_exists',
        );
      });

      it('leaves the original account untouched', async () => {
        const first = newUser();
        await register(first).expect(201);
        await register({ ...newUser(), username: first.username }).expect(409);

        await f.http
          .post('/auth/login')
          .send({ username: first.username, password: first.password })
          .expect(200);
      });
    });

    describe('400 validation_failed', () => {
      const cases: Array<[string, (u: ReturnType<typeof newUser>) => unknown]> =
        [
          ['an empty body', () => ({})],
          [
            'a missing username',
            ({ email, password }) => ({ email, password }),
          ],
          [
            'a missing email',
            ({ username, password }) => ({ username, password }),
          ],
          [
            'a missing password',
            ({ username, email }) => ({ username, email }),
          ],
          ['an unknown property', (u) => ({ ...u, is_admin: true })],
          [
            'a roles property (no self-granted roles)',
            (u) => ({ ...u, roles: ['admin'] }),
          ],
          [
            'an operator object as username',
            (u) => ({ ...u, username: { $gt: '' } }),
          ],
          [
            'an operator object as password',
            (u) => ({ ...u, password: { $gt: '' } }),
          ],
          [
            'an operator object as email',
            (u) => ({ ...u, email: { $ne: null } }),
          ],
          ['a number as username', (u) => ({ ...u, username: 12345 })],
          ['a number as password', (u) => ({ ...u, password: 1234567890 })],
          ['an array as username', (u) => ({ ...u, username: [u.username] })],
          ['an array as password', (u) => ({ ...u, password: [u.password] })],
          ['null as email', (u) => ({ ...u, email: null })],
          ['an invalid email', (u) => ({ ...u, email: 'not-an-email' })],
          ['an email without a domain', (u) => ({ ...u, email: 'someone@' })],
          ['a 7-character password', (u) => ({ ...u, password: 'abcdefg' })],
          [
            'a password over 1024 bytes made of multi-byte characters',
            // 600 characters (under any character limit), 1200 UTF-8 bytes.
            (u) => ({ ...u, password: 'é'.repeat(600) }),
          ],
          ['a username with a space', (u) => ({ ...u, username: 'bad name' })],
          ['a username with a slash', (u) => ({ ...u, username: 'bad/name' })],
          ['a username with an @', (u) => ({ ...u, username: 'bad@name' })],
          ['a 2-character username', (u) => ({ ...u, username: 'ab' })],
          [
            'a 33-character username',
            (u) => ({ ...u, username: 'a'.repeat(33) }),
          ],
        ];

      it.each(cases)('on %s, and creates no account', async (_name, build) => {
        const user = newUser();
        const body = build(user);

        const res = await register(body);

        const error = expectError(res, 400, 'validation_failed');
        // The offending value is never echoed back.
        expect(res.text).not.toContain(user.password);
        expect(JSON.stringify(error.details)).not.toContain('$gt');
        await f.http
          .post('/auth/login')
          .send({ username: user.username, password: user.password })
          .expect(401);
      });

      it('accepts a password of exactly 1024 bytes and exactly 8 characters', async () => {
        // 512 two-byte characters = 1024 bytes.
        await register({ ...newUser(), password: 'é'.repeat(512) }).expect(201);
        await register({ ...newUser(), password: 'abcdefgh' }).expect(201);
      });
    });
  },
);
