import { describe, expect, it } from 'vitest';
import {
  bearer,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtPayload,
} from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'POST /auth/refresh (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    const refresh = (token: unknown) =>
      f.http.post('/auth/refresh').send({ refresh_token: token });
    const me = (accessToken: string) =>
      f.http.get('/auth/me').set(...bearer(accessToken));

    it('answers 200 with a new pair of the same session, no-store', async () => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(60);

      const res = await refresh(s.refreshToken);

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(Object.keys(res.body).sort()).toEqual([
        'access_token',
        'expires_in',
        'refresh_token',
        'token_type',
      ]);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      expect(res.body.refresh_token).not.toBe(s.refreshToken);
      expect(res.body.access_token).not.toBe(s.accessToken);
      const before = jwtPayload(s.accessToken);
      const after = jwtPayload(res.body.access_token);
      expect(after.sid).toBe(before.sid);
      expect(after.sub).toBe(s.userId);
      expect(after.iat).toBe((before.iat as number) + 60);
      await me(res.body.access_token).expect(200);
    });

    it('the old refresh token is no longer current; the new one refreshes again', async () => {
      const s = await registerAndLogin(f);
      const first = await refresh(s.refreshToken).expect(200);
      const second = await refresh(first.body.refresh_token);

      expect(second.status).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
      await me(second.body.access_token).expect(200);
      // Two rotations old: no repeat, reuse.
      expectError(await refresh(s.refreshToken), 401, 'refresh_token_reused');
    });

    describe('replay of a rotated refresh token', () => {
      it('inside the reuse interval: 200 with the same successor, and the session survives', async () => {
        const s = await registerAndLogin(f);
        const rotated = await refresh(s.refreshToken).expect(200);
        f.clock.advanceSeconds(9);

        const replay = await refresh(s.refreshToken);

        expect(replay.status).toBe(200);
        expect(replay.body.refresh_token).toBe(rotated.body.refresh_token);
        expect(jwtPayload(replay.body.access_token).sid).toBe(
          jwtPayload(rotated.body.access_token).sid,
        );
        // Nothing was revoked: every access token works, the successor refreshes.
        await me(replay.body.access_token).expect(200);
        await me(rotated.body.access_token).expect(200);
        await me(s.accessToken).expect(200);
        const next = await refresh(rotated.body.refresh_token);
        expect(next.status).toBe(200);
        await me(next.body.access_token).expect(200);
      });

      it('exactly at the 10 s boundary it is still a repeat', async () => {
        const s = await registerAndLogin(f);
        const rotated = await refresh(s.refreshToken).expect(200);
        f.clock.advanceSeconds(10);

        const replay = await refresh(s.refreshToken).expect(200);
        expect(replay.body.refresh_token).toBe(rotated.body.refresh_token);
        await refresh(rotated.body.refresh_token).expect(200);
      });

      it('after the reuse interval: 401 refresh_token_reused and the whole session is revoked', async () => {
        const s = await registerAndLogin(f);
        const rotated = await refresh(s.refreshToken).expect(200);
        await me(rotated.body.access_token).expect(200);
        f.clock.advanceSeconds(11);

        const replay = await refresh(s.refreshToken);

        expectUnauthorized(replay, 'refresh_token_reused');
        // Every token of the family is dead: the newest refresh token and the access tokens.
        expectUnauthorized(
          await refresh(rotated.body.refresh_token),
          'token_revoked',
        );
        expectUnauthorized(
          await me(rotated.body.access_token),
          'token_revoked',
        );
        expectUnauthorized(await me(s.accessToken), 'token_revoked');
        expectError(await refresh(s.refreshToken), 401, 'token_revoked');
      });

      it('an older token of the family is reuse even inside the interval', async () => {
        const s = await registerAndLogin(f);
        const first = await refresh(s.refreshToken).expect(200);
        const second = await refresh(first.body.refresh_token).expect(200);

        // s.refreshToken is two rotations old: not a concurrent retry of the last rotation.
        expectUnauthorized(
          await refresh(s.refreshToken),
          'refresh_token_reused',
        );
        expectUnauthorized(
          await refresh(second.body.refresh_token),
          'token_revoked',
        );
        expectUnauthorized(await me(second.body.access_token), 'token_revoked');
      });

      it('revoking one session after reuse leaves the user’s other sessions working', async () => {
        const s = await registerAndLogin(f);
        const other = await f.http
          .post('/auth/login')
          .send({
            username: s.credentials.username,
            password: s.credentials.password,
          })
          .expect(200);
        await refresh(s.refreshToken).expect(200);
        f.clock.advanceSeconds(11);

        await refresh(s.refreshToken).expect(401);

        await me(other.body.access_token).expect(200);
        await refresh(other.body.refresh_token).expect(200);
      });
    });

    it('50 parallel refreshes with one token: all 200, one successor, one session', async () => {
      const s = await registerAndLogin(f);

      const results = await Promise.all(
        Array.from({ length: 50 }, () => refresh(s.refreshToken)),
      );

      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(new Set(results.map((r) => r.body.refresh_token)).size).toBe(1);
      expect(
        new Set(results.map((r) => jwtPayload(r.body.access_token).sid)),
      ).toEqual(new Set([jwtPayload(s.accessToken).sid]));
      const sessions = await f.http
        .get('/auth/sessions')
        .set(...bearer(results[0]!.body.access_token))
        .expect(200);
      expect(sessions.body.sessions).toHaveLength(1);
      await me(results[49]!.body.access_token).expect(200);
      await refresh(results[0]!.body.refresh_token).expect(200);
    });

    it('still refreshes after the access token has expired', async () => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(3600);
      expectUnauthorized(await me(s.accessToken), 'token_expired');

      const res = await refresh(s.refreshToken);

      expect(res.status).toBe(200);
      await me(res.body.access_token).expect(200);
    });

    it('401 invalid_token for an unknown refresh token', async () => {
      const res = await refresh('A'.repeat(43));

      expectUnauthorized(res, 'invalid_token');
    });

    it('refuses an access token presented as a refresh token', async () => {
      const s = await registerAndLogin(f);

      // Longer than any refresh token (it carries the username and email): refused as input.
      const res = await refresh(s.accessToken);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');

      // Cut to a refresh token's length it is still no refresh token of ours.
      expectUnauthorized(
        await refresh(s.accessToken.slice(0, 512)),
        'invalid_token',
      );
      // And the session it belongs to is untouched.
      await refresh(s.refreshToken).expect(200);
    });

    it('401 token_expired for a refresh token past its 30-day lifetime', async () => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(30 * 86_400 + 1);

      const res = await refresh(s.refreshToken);

      expectUnauthorized(res, 'token_expired');
    });

    it('each rotation renews the 30-day lifetime', async () => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(29 * 86_400);
      const rotated = await refresh(s.refreshToken).expect(200);
      f.clock.advanceSeconds(29 * 86_400);

      await refresh(rotated.body.refresh_token).expect(200);
    });

    it.each([
      ['an empty body', {}],
      ['an empty token', { refresh_token: '' }],
      ['an operator object', { refresh_token: { $ne: null } }],
      ['a number', { refresh_token: 42 }],
      ['an array', { refresh_token: ['a'] }],
      ['an unknown property', { refresh_token: 'abc', user_id: 'x' }],
    ])('400 validation_failed for %s', async (_name, body) => {
      const res = await f.http.post('/auth/refresh').send(body);

      expectError(res, 400, 'validation_failed');
    });
  },
);
