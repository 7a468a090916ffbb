// Issue 4, "Races": parallel registrations of one identity, and rotations, logouts and
// deactivations landing while many requests are in flight. (Parallel refresh of one token is in
// refresh.e2e-spec.ts and sessions.e2e-spec.ts: all 200, one successor, one session.)
import { beforeAll, describe, expect, it } from 'vitest';
import type { Response, Test } from 'supertest';
import {
  adminLogin,
  bearer,
  newUser,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  REVOKED_USER_CODES,
} from '../support/http-assertions.js';

const ADAPTERS = ['express', 'fastify'] as const;
const IN_FLIGHT = 50;

/** Starts every request at once, with `middle` in the middle of them; resolves all answers. */
async function around(
  requests: Test[],
  middle: Test,
): Promise<{ middle: Response; others: Response[] }> {
  const half = Math.floor(requests.length / 2);
  const all = await Promise.all([
    ...requests.slice(0, half),
    middle,
    ...requests.slice(half),
  ]);
  return {
    middle: all[half] as Response,
    others: [...all.slice(0, half), ...all.slice(half + 1)],
  };
}

/** Every answer is a full success or a clean 401 with one of `codes`: nothing in between. */
function expectEachDecided(
  responses: Response[],
  codes: readonly string[],
): { ok: number; refused: number } {
  let ok = 0;
  let refused = 0;
  for (const res of responses) {
    expect(res.status).toBeLessThan(500);
    if (res.status === 200) {
      ok += 1;
      expect(res.body.code).toBeUndefined();
    } else {
      refused += 1;
      expectUnauthorized(res, codes);
    }
  }
  return { ok, refused };
}

describe.each(ADAPTERS)(
  'security: parallel registration of one identity (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    let adminToken: string;

    beforeAll(async () => {
      adminToken = (await adminLogin(f)).accessToken;
    });

    async function rowsMatching(
      predicate: (u: { username: string; email: string }) => boolean,
    ): Promise<number> {
      const all = [];
      for (let skip = 0; ; skip += 100) {
        const page = await f.http
          .get(`/auth/admin/users?skip=${skip}&limit=100`)
          .set(...bearer(adminToken))
          .expect(200);
        all.push(...page.body.items);
        if (page.body.items.length < 100) break;
      }
      return all.filter(predicate).length;
    }

    it('10 registrations of one username: exactly one 201, nine 409, one row, and the winner logs in', async () => {
      const base = newUser('race');
      const bodies = Array.from({ length: 10 }, (_, i) => ({
        ...newUser('race'),
        username: i % 2 === 0 ? base.username : base.username.toUpperCase(),
      }));

      const responses = await Promise.all(
        bodies.map((body) => f.http.post('/auth/register').send(body)),
      );

      const created = responses.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      for (const res of responses.filter((r) => r.status !== 201)) {
        expectError(res, 409, 'user_already_exists');
      }
      expect(
        await rowsMatching(
          (u) => u.username.toLowerCase() === base.username.toLowerCase(),
        ),
      ).toBe(1);
      const winner = bodies[responses.indexOf(created[0]!)]!;
      await f.http
        .post('/auth/login')
        .send({ username: base.username, password: winner.password })
        .expect(200);
    });

    it('10 registrations of one email under different usernames: exactly one 201, one row', async () => {
      const email = newUser('mail').email;
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          f.http.post('/auth/register').send({
            ...newUser('mail'),
            email: i % 2 ? email : email.toUpperCase(),
          }),
        ),
      );

      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      for (const res of responses.filter((r) => r.status !== 201)) {
        expectError(res, 409, 'user_already_exists');
      }
      expect(
        await rowsMatching(
          (u) => u.email.toLowerCase() === email.toLowerCase(),
        ),
      ).toBe(1);
    });
  },
);

describe.each(ADAPTERS)(
  `security: changes landing while ${IN_FLIGHT} requests are in flight (%s)`,
  (adapter) => {
    const f = useFixtureApp({ adapter });

    /** 50 guarded requests with one token, over a module route and a host route. */
    const burst = (token: string): Test[] =>
      Array.from({ length: IN_FLIGHT }, (_, i) =>
        f.http.get(i % 2 === 0 ? '/auth/me' : '/hello').set(...bearer(token)),
      );

    it('a global rotation without grace: every answer is 200 or 401 token_version_rejected, never 5xx; afterwards only 401', async () => {
      const s = await registerAndLogin(f);
      const admin = await adminLogin(f);

      const { middle, others } = await around(
        burst(s.accessToken),
        f.http
          .post('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken))
          .send({ grace_period_seconds: 0, reason: 'in-flight drill' }),
      );

      expect(middle.status).toBe(201);
      const { ok, refused } = expectEachDecided(others, [
        'token_version_rejected',
      ]);
      expect(ok + refused).toBe(IN_FLIGHT);
      const after = expectEachDecided(
        await Promise.all(burst(s.accessToken).slice(0, 10)),
        ['token_version_rejected'],
      );
      expect(after.ok).toBe(0);
    });

    it('a per-user rotation: every answer is 200 or 401 token_version_rejected; afterwards only 401', async () => {
      const s = await registerAndLogin(f);
      const admin = await adminLogin(f);

      const { middle, others } = await around(
        burst(s.accessToken),
        f.http
          .post(`/auth/admin/users/${s.userId}/rotations`)
          .set(...bearer(admin.accessToken))
          .send({}),
      );

      expect(middle.status).toBe(201);
      expectEachDecided(others, ['token_version_rejected']);
      const after = expectEachDecided(
        await Promise.all(burst(s.accessToken).slice(0, 10)),
        ['token_version_rejected'],
      );
      expect(after.ok).toBe(0);
    });

    it('a logout: every answer is 200 or 401 token_revoked; afterwards only 401', async () => {
      const s = await registerAndLogin(f);

      const { middle, others } = await around(
        burst(s.accessToken),
        f.http.post('/auth/logout').set(...bearer(s.accessToken)),
      );

      expect([200, 401]).toContain(middle.status);
      expectEachDecided(others, ['token_revoked']);
      const after = expectEachDecided(
        await Promise.all(burst(s.accessToken).slice(0, 10)),
        ['token_revoked'],
      );
      expect(after.ok).toBe(0);
    });

    it('a deactivation: every answer is 200 or 401; afterwards only 401', async () => {
      const s = await registerAndLogin(f);
      const admin = await adminLogin(f);

      const { middle, others } = await around(
        burst(s.accessToken),
        f.http
          .patch(`/auth/admin/users/${s.userId}`)
          .set(...bearer(admin.accessToken))
          .send({ is_active: false }),
      );

      expect(middle.status).toBe(200);
      expectEachDecided(others, REVOKED_USER_CODES);
      const after = expectEachDecided(
        await Promise.all(burst(s.accessToken).slice(0, 10)),
        REVOKED_USER_CODES,
      );
      expect(after.ok).toBe(0);
    });

    it('refreshes of 10 sessions racing a global rotation without grace: each 200 or 401, never 5xx; afterwards every token of them is refused', async () => {
      const sessions = await Promise.all(
        Array.from({ length: 10 }, () => registerAndLogin(f)),
      );
      const admin = await adminLogin(f);

      const { middle, others } = await around(
        sessions.map((s) =>
          f.http.post('/auth/refresh').send({ refresh_token: s.refreshToken }),
        ),
        f.http
          .post('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken))
          .send({ grace_period_seconds: 0 }),
      );

      expect(middle.status).toBe(201);
      for (const [i, res] of others.entries()) {
        expect(res.status).toBeLessThan(500);
        // A refresh that beat the rotation issued at the old version, so its tokens die with it;
        // one that came after is refused: either way the session must log in again.
        const refreshToken =
          res.status === 200
            ? (res.body.refresh_token as string)
            : sessions[i]!.refreshToken;
        if (res.status === 200) {
          expectUnauthorized(
            await f.http
              .get('/auth/me')
              .set(...bearer(res.body.access_token as string)),
            'token_version_rejected',
          );
        } else {
          expectUnauthorized(res, 'token_version_rejected');
        }
        expectUnauthorized(
          await f.http
            .post('/auth/refresh')
            .send({ refresh_token: refreshToken }),
          'token_version_rejected',
        );
      }
    });
  },
);
