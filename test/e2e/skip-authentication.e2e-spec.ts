// AuthModule's `shouldSkipAuthentication`: routes a host cannot decorate with @Public() (health,
// metrics) pass JwtAuthGuard without a token; everything else is still guarded.
import { describe, expect, it } from 'vitest';
import {
  bearer,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'shouldSkipAuthentication (%s)',
  (adapter) => {
    const seen: Array<[string, string]> = [];
    const f = useFixtureApp({
      adapter,
      options: {
        shouldSkipAuthentication: (method, path) => {
          seen.push([method, path]);
          return method === 'GET' && path === '/metrics';
        },
      },
    });
    const plain = useFixtureApp({ adapter });

    it('lets the matching request through without a token', async () => {
      const res = await f.http.get('/metrics').expect(200);
      expect(res.body).toEqual({ ok: true });
      // The query string is not part of the path it is given.
      await f.http.get('/metrics?format=prometheus').expect(200);
      expect(seen).toContainEqual(['GET', '/metrics']);
    });

    it('guards everything else: other paths, other spellings of the path, module routes', async () => {
      expectUnauthorized(await f.http.get('/hello'), 'authentication_required');
      expectUnauthorized(
        await f.http.get('/auth/me'),
        'authentication_required',
      );
      // Another spelling of the path is not skipped: guarded (Express) or no route (Fastify).
      expect([401, 404]).toContain((await f.http.get('/metrics/')).status);
      const s = await registerAndLogin(f);
      await f.http
        .get('/hello')
        .set(...bearer(s.accessToken))
        .expect(200);
    });

    it('without the option the same route needs a token', async () => {
      expectUnauthorized(
        await plain.http.get('/metrics'),
        'authentication_required',
      );
    });

    it('refuses an option that is not a function at start-up', async () => {
      const { resolveAuthOptions } =
        await import('../../src/module/auth/auth.options-resolver.js');
      expect(() =>
        resolveAuthOptions({
          secret: 'x'.repeat(32),
          shouldSkipAuthentication: 'GET /metrics' as never,
        }),
      ).toThrow(/shouldSkipAuthentication must be a function/);
    });
  },
);
