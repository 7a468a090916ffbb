// Issue 4, "Error bodies never contain ...; the same for logs": every line Nest logs (and anything
// printed to the console or the process streams) while logins fail, an account locks, a refresh
// token is replayed and storage fails, with storage's error text full of things that must not
// surface.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  TEST_SECRET,
  useFixtureApp,
} from '../support/fixture-app.js';
import { expectError, expectNoLeaks } from '../support/http-assertions.js';
import {
  CapturingLogger,
  Outage,
  storageWithOutage,
} from '../support/security.js';

const ADAPTERS = ['express', 'fastify'] as const;

/** What the failing database says: a hash, a field name and a stack frame, none of which may leak. */
const DATABASE_ERROR =
  'connection refused; last query {"passwordHash":"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"}\n    at Connection.query (/srv/db.js:12:3)';

/** Records everything written to the console and the process's stdout/stderr. */
function captureConsole(): { text: () => string } {
  const printed: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((
      chunk: unknown,
      ...rest: never[]
    ) => {
      printed.push(String(chunk));
      return write(chunk as string, ...rest);
    }) as typeof stream.write);
  }
  return { text: () => printed.join('\n') };
}

describe.each(ADAPTERS)(
  'security: nothing secret in the logs (%s)',
  (adapter) => {
    const outage = new Outage(DATABASE_ERROR);
    const f = useFixtureApp({ adapter, providers: storageWithOutage(outage) });

    afterEach(() => {
      outage.down = false;
      vi.restoreAllMocks();
    });

    it('failed logins, a lockout, refresh-token reuse and a storage failure log no password, hash, token, secret or stack', async () => {
      const logger = new CapturingLogger();
      f.app.useLogger(logger);
      const printed = captureConsole();
      const secrets: string[] = [
        TEST_SECRET,
        INTROSPECTION_CLIENT.clientSecret,
      ];

      // A registration and a login that work (a hash is made and read).
      const s = await registerAndLogin(f);
      secrets.push(s.credentials.password, s.accessToken, s.refreshToken);

      // Failed logins: wrong password, unknown user, and one account driven into its lockout.
      const wrong = 'Wrong-Pa55word-never-logged';
      const unknownPassword = 'Unknown-Pa55word-never-logged';
      secrets.push(wrong, unknownPassword);
      await f.http
        .post('/auth/login')
        .send({ username: s.credentials.username, password: wrong })
        .expect(401);
      await f.http
        .post('/auth/login')
        .send({ username: 'nobody-at-all', password: unknownPassword })
        .expect(401);
      const victim = newUser('locked');
      secrets.push(victim.password);
      await f.http.post('/auth/register').send(victim).expect(201);
      for (let i = 0; i < 5; i += 1) {
        const password = `Locking-Pa55word-${i}`;
        secrets.push(password);
        await f.http
          .post('/auth/login')
          .send({ username: victim.username, password })
          .expect(401);
      }
      await f.http
        .post('/auth/login')
        .send({ username: victim.username, password: victim.password })
        .expect(429);

      // Refresh-token reuse: rotate, wait past the reuse interval, replay the old token.
      const rotated = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken })
        .expect(200);
      secrets.push(rotated.body.refresh_token, rotated.body.access_token);
      f.clock.advanceSeconds(11);
      const reused = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken });
      expectError(reused, 401, 'refresh_token_reused');

      // Storage failure: on login, and past the revocation staleness bound on a guarded route.
      const fresh = await registerAndLogin(f);
      secrets.push(
        fresh.credentials.password,
        fresh.accessToken,
        fresh.refreshToken,
      );
      outage.down = true;
      const failedLogin = await f.http.post('/auth/login').send({
        username: fresh.credentials.username,
        password: fresh.credentials.password,
      });
      expectError(failedLogin, 503, 'storage_unavailable');
      f.clock.advanceSeconds(11);
      const failedGuard = await f.http
        .get('/hello')
        .set(...bearer(fresh.accessToken));
      expectError(failedGuard, 503, 'storage_unavailable');
      for (const res of [failedLogin, failedGuard, reused]) {
        expectNoLeaks(res);
        expect(res.text).not.toContain('connection refused');
      }
      outage.down = false;

      const logged = `${logger.text}\n${printed.text()}`;
      // The capture works: the fail-closed decision itself is logged.
      expect(logger.lines.length).toBeGreaterThan(0);
      expect(logger.text).toMatch(/failing closed/);
      const refreshHashes = secrets.map((t) =>
        createHash('sha256').update(t).digest('hex'),
      );
      for (const secret of [...secrets, ...refreshHashes]) {
        expect(logged).not.toContain(secret);
      }
      for (const marker of [
        '$argon2',
        'passwordHash',
        'connection refused',
        '    at ',
        'db.js',
      ]) {
        expect(logged).not.toContain(marker);
      }
    });
  },
);
