// Issue 14: `@OptionalAuth()` — the user when a valid token is present, none when absent, 401
// only for a bad token.
import { describe, expect, it } from 'vitest';
import {
  bearer,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  '@OptionalAuth() (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    it('gives the user when a valid token is present', async () => {
      const s = await registerAndLogin(f);
      const res = await f.http.get('/maybe').set(...bearer(s.accessToken));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ user_id: s.userId });
    });

    it('lets a request without a token through with no user', async () => {
      const res = await f.http.get('/maybe');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ user_id: null });
    });

    it('is 401 for a bad, a revoked or a malformed token', async () => {
      const s = await registerAndLogin(f);
      expectUnauthorized(
        await f.http.get('/maybe').set(...bearer(`${s.accessToken}x`)),
        'invalid_token',
      );
      expectUnauthorized(
        await f.http.get('/maybe').set('Authorization', 'Basic abc'),
        'authentication_required',
      );
      await f.http
        .post('/auth/logout')
        .set(...bearer(s.accessToken))
        .expect(200);
      expectUnauthorized(
        await f.http.get('/maybe').set(...bearer(s.accessToken)),
        'token_revoked',
      );
    });

    it('routes without it still need a token', async () => {
      expectUnauthorized(await f.http.get('/hello'), 'authentication_required');
    });
  },
);
