import { describe, expect, it } from 'vitest';
import {
  bearer,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'logout and logout-all (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    const me = (accessToken: string) =>
      f.http.get('/auth/me').set(...bearer(accessToken));
    const refresh = (token: string) =>
      f.http.post('/auth/refresh').send({ refresh_token: token });
    const login = (s: Awaited<ReturnType<typeof registerAndLogin>>) =>
      f.http
        .post('/auth/login')
        .send({
          username: s.credentials.username,
          password: s.credentials.password,
        })
        .expect(200);

    describe('POST /auth/logout', () => {
      it('answers 200 { message } and rejects that access token right after', async () => {
        const s = await registerAndLogin(f);
        await me(s.accessToken).expect(200);

        const res = await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken));

        expect(res.status).toBe(200);
        expect(res.body).toEqual({ message: expect.any(String) });
        expectUnauthorized(await me(s.accessToken), 'token_revoked');
        expectUnauthorized(
          await f.http.get('/hello').set(...bearer(s.accessToken)),
          'token_revoked',
        );
      });

      it('rejects the refresh token of that session', async () => {
        const s = await registerAndLogin(f);
        await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken))
          .expect(200);

        expectUnauthorized(await refresh(s.refreshToken), 'token_revoked');
      });

      it('rejects every access token of that session, including ones issued by refresh', async () => {
        const s = await registerAndLogin(f);
        const rotated = await refresh(s.refreshToken).expect(200);

        await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken))
          .expect(200);

        expectUnauthorized(
          await me(rotated.body.access_token),
          'token_revoked',
        );
        expectUnauthorized(
          await refresh(rotated.body.refresh_token),
          'token_revoked',
        );
      });

      it('leaves the other sessions of the same user working', async () => {
        const s = await registerAndLogin(f);
        const other = await login(s);

        await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken))
          .expect(200);

        await me(other.body.access_token).expect(200);
        const rotated = await refresh(other.body.refresh_token);
        expect(rotated.status).toBe(200);
        await me(rotated.body.access_token).expect(200);
      });

      it('leaves other users untouched', async () => {
        const a = await registerAndLogin(f);
        const b = await registerAndLogin(f);

        await f.http
          .post('/auth/logout')
          .set(...bearer(a.accessToken))
          .expect(200);

        await me(b.accessToken).expect(200);
      });

      it('keeps the session rejected after the revocation cache re-polls storage', async () => {
        const s = await registerAndLogin(f);
        await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken))
          .expect(200);

        // Past the cache refresh interval: the next request re-reads state from storage.
        f.clock.advanceSeconds(60);

        expectUnauthorized(await me(s.accessToken), 'token_revoked');
      });

      it('a second logout with the same (now revoked) token is 401', async () => {
        const s = await registerAndLogin(f);
        await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken))
          .expect(200);

        const res = await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken));

        expectUnauthorized(res, 'token_revoked');
      });

      it('401 authentication_required without a token', async () => {
        expectUnauthorized(
          await f.http.post('/auth/logout'),
          'authentication_required',
        );
      });

      it('a new login after logout works', async () => {
        const s = await registerAndLogin(f);
        await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken))
          .expect(200);

        const again = await login(s);

        await me(again.body.access_token).expect(200);
      });
    });

    describe('POST /auth/logout-all', () => {
      it('rejects the access and refresh tokens of every session of the user', async () => {
        const s = await registerAndLogin(f);
        const second = await login(s);
        const third = await login(s);
        const rotated = await refresh(third.body.refresh_token).expect(200);

        const res = await f.http
          .post('/auth/logout-all')
          .set(...bearer(s.accessToken));

        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          message: expect.any(String),
          revoked_sessions: 3,
        });
        for (const accessToken of [
          s.accessToken,
          second.body.access_token,
          third.body.access_token,
          rotated.body.access_token,
        ]) {
          expectUnauthorized(await me(accessToken), [
            'token_revoked',
            'token_version_rejected',
          ]);
        }
        for (const refreshToken of [
          s.refreshToken,
          second.body.refresh_token,
          rotated.body.refresh_token,
        ]) {
          expectUnauthorized(await refresh(refreshToken), 'token_revoked');
        }
      });

      it('leaves other users untouched', async () => {
        const a = await registerAndLogin(f);
        const b = await registerAndLogin(f);

        await f.http
          .post('/auth/logout-all')
          .set(...bearer(a.accessToken))
          .expect(200);

        await me(b.accessToken).expect(200);
        await refresh(b.refreshToken).expect(200);
      });

      it('a login afterwards opens a working session', async () => {
        const s = await registerAndLogin(f);
        await f.http
          .post('/auth/logout-all')
          .set(...bearer(s.accessToken))
          .expect(200);

        const again = await login(s);

        await me(again.body.access_token).expect(200);
        await refresh(again.body.refresh_token).expect(200);
      });

      it('401 authentication_required without a token', async () => {
        expectUnauthorized(
          await f.http.post('/auth/logout-all'),
          'authentication_required',
        );
      });
    });
  },
);

// A revoked session must stay rejected for as long as any of its access tokens could be accepted,
// including the clock tolerance, whatever the poll overlap is configured to.
describe.each(['express', 'fastify'] as const)(
  'logout with revocationPollOverlapMs: 0 (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      options: { revocationPollOverlapMs: 0 },
    });

    it('keeps a logged-out token rejected until it is past exp + clock tolerance', async () => {
      const s = await registerAndLogin(f);
      await f.http
        .post('/auth/logout')
        .set(...bearer(s.accessToken))
        .expect(200);

      // exp is 900 s away, the default tolerance 5 s: the token is not yet expired at 903 s.
      f.clock.advanceSeconds(903);
      const res = await f.http.get('/auth/me').set(...bearer(s.accessToken));

      expectUnauthorized(res, 'token_revoked');
    });
  },
);
