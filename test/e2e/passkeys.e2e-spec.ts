// Issue 16, passkeys over HTTP with the recorded Chromium ceremonies (test/fixtures/webauthn/):
// register a passkey as a logged-in user, log in with the password -> mfa_required -> the
// assertion -> tokens with amr pwd/hwk/mfa; a replayed assertion, another origin, another user's
// passkey refused; list and removal by the owner only, audited. Over both HTTP adapters and both
// stores. The recorded responses quote fixed challenges: the spec stores each one as the options
// route would (the options routes' own challenges are checked separately).
import { describe, expect, it } from 'vitest';
import { AuditLogRepository } from '../../src/domain/ports/audit-log.repository.js';
import { WebAuthnChallengeRepository } from '../../src/domain/ports/webauthn-challenge.repository.js';
import {
  ADAPTERS_AND_STORES,
  bearer,
  registerAndLogin,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, jwtPayload } from '../support/http-assertions.js';
import {
  copyOf,
  FIXTURE,
  seedRecordedChallenge,
} from '../support/passkey-kit.js';

/** Stores a recorded challenge as the options route would have issued it. */
const seed = (
  f: FixtureApp,
  name: keyof typeof FIXTURE.challenges,
  ceremony: 'registration' | 'authentication',
  userId: string | null,
) =>
  seedRecordedChallenge(
    f.app.get(WebAuthnChallengeRepository),
    f.clock.now(),
    name,
    ceremony,
    userId,
  );

const WEBAUTHN = { rpId: 'localhost', origins: [FIXTURE.origin] };

describe.each(ADAPTERS_AND_STORES)(
  'passkeys over HTTP (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      options: { webauthn: WEBAUTHN },
    });

    it('registers a passkey, then completes a password login with it: amr pwd, hwk, mfa', async () => {
      const user = await registerAndLogin(f);
      const auth = bearer(user.accessToken);

      const options = await f.http
        .post('/auth/mfa/webauthn/register/options')
        .set(...auth)
        .expect(200);
      expect(options.headers['cache-control']).toBe('no-store');
      expect(options.body.rp).toEqual({ id: 'localhost', name: 'Tokenward' });
      expect(options.body.user.name).toBe(user.credentials.username);
      expect(options.body.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

      await seed(f, 'registration', 'registration', user.userId);
      const registered = await f.http
        .post('/auth/mfa/webauthn/register')
        .set(...auth)
        .send({ credential: FIXTURE.registration, name: 'Laptop' })
        .expect(201);
      expect(registered.body).toEqual({
        id: FIXTURE.registration.id,
        name: 'Laptop',
        transports: ['internal'],
        created_at: expect.any(String),
        last_used_at: null,
      });
      // The same response again: its challenge is used up.
      expectError(
        await f.http
          .post('/auth/mfa/webauthn/register')
          .set(...auth)
          .send({ credential: FIXTURE.registration }),
        400,
        'validation_failed',
      );

      const login = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      expect(login.body.mfa_required).toBe(true);
      expect(login.body.methods).toEqual(['webauthn']);
      expect(login.body).not.toHaveProperty('access_token');
      const mfaToken = login.body.mfa_token as string;

      const assertionOptions = await f.http
        .post('/auth/mfa/webauthn/authenticate/options')
        .send({ mfa_token: mfaToken })
        .expect(200);
      expect(assertionOptions.body.rpId).toBe('localhost');
      expect(assertionOptions.body.allowCredentials).toEqual([
        {
          id: FIXTURE.registration.id,
          type: 'public-key',
          transports: ['internal'],
        },
      ]);

      await seed(f, 'first', 'authentication', user.userId);
      const done = await f.http
        .post('/auth/mfa/webauthn/authenticate')
        .send({ mfa_token: mfaToken, credential: FIXTURE.assertions.first })
        .expect(200);
      expect(done.headers['cache-control']).toBe('no-store');
      expect(done.body.token_type).toBe('Bearer');
      expect(done.body.user.id).toBe(user.userId);
      const claims = jwtPayload(done.body.access_token as string);
      expect(claims.sub).toBe(user.userId);
      expect(claims.amr).toEqual(['pwd', 'hwk', 'mfa']);
      await f.http
        .get('/auth/me')
        .set(...bearer(done.body.access_token as string))
        .expect(200);

      // A replay of that assertion, even with a fresh login and its challenge issued again.
      const again = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      await seed(f, 'first', 'authentication', user.userId);
      expectError(
        await f.http.post('/auth/mfa/webauthn/authenticate').send({
          mfa_token: again.body.mfa_token,
          credential: FIXTURE.assertions.first,
        }),
        401,
        'invalid_mfa_code',
      );
      // The used mfa_token is gone.
      await seed(f, 'second', 'authentication', user.userId);
      expectError(
        await f.http.post('/auth/mfa/webauthn/authenticate').send({
          mfa_token: mfaToken,
          credential: FIXTURE.assertions.second,
        }),
        401,
        'invalid_mfa_token',
      );

      const list = await f.http
        .get('/auth/mfa/webauthn/credentials')
        .set(...auth)
        .expect(200);
      expect(list.body.credentials).toHaveLength(1);
      expect(list.body.credentials[0].last_used_at).not.toBeNull();

      // Another user can neither see nor remove it.
      const other = await registerAndLogin(f);
      const mine = await f.http
        .get('/auth/mfa/webauthn/credentials')
        .set(...bearer(other.accessToken))
        .expect(200);
      expect(mine.body.credentials).toEqual([]);
      expectError(
        await f.http
          .delete(`/auth/mfa/webauthn/credentials/${FIXTURE.registration.id}`)
          .set(...bearer(other.accessToken)),
        404,
        'passkey_not_found',
      );
      expectError(
        await f.http
          .delete('/auth/mfa/webauthn/credentials/not%20an%20id')
          .set(...auth),
        404,
        'passkey_not_found',
      );

      await f.http
        .delete(`/auth/mfa/webauthn/credentials/${FIXTURE.registration.id}`)
        .set(...auth)
        .expect(204);
      const audit = await f.app
        .get(AuditLogRepository)
        .list({ skip: 0, limit: 50 });
      const actions = audit
        .filter((r) => r.subjectId === user.userId)
        .map((r) => r.action);
      expect(actions).toEqual(
        expect.arrayContaining(['passkey_registered', 'passkey_removed']),
      );
      // No factor left: the password logs in at once.
      const plain = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      expect(plain.body).toHaveProperty('access_token');
    });

    it('needs a Bearer token to register, list and remove', async () => {
      for (const [method, path] of [
        ['post', '/auth/mfa/webauthn/register/options'],
        ['post', '/auth/mfa/webauthn/register'],
        ['get', '/auth/mfa/webauthn/credentials'],
        ['delete', '/auth/mfa/webauthn/credentials/abc'],
      ] as const) {
        expectError(await f.http[method](path), 401, 'authentication_required');
      }
    });

    it('answers malformed bodies with a clear 400', async () => {
      const user = await registerAndLogin(f);
      const bad = copyOf(FIXTURE.registration);
      bad.response.clientDataJSON = 'not base64url!';
      const res = await f.http
        .post('/auth/mfa/webauthn/register')
        .set(...bearer(user.accessToken))
        .send({ credential: bad });
      expect(expectError(res, 400, 'validation_failed').details).toEqual([
        'credential.response.clientDataJSON must be base64url',
      ]);
      expectError(
        await f.http
          .post('/auth/mfa/webauthn/register')
          .set(...bearer(user.accessToken))
          .send({ credential: { ...FIXTURE.registration, extra: 1 } }),
        400,
        'validation_failed',
      );
      expectError(
        await f.http
          .post('/auth/mfa/webauthn/authenticate')
          .send({ mfa_token: 'x', credential: { id: 'abc' } }),
        400,
        'validation_failed',
      );
      // Without webauthn.passwordless, a passkey is no login on its own.
      const passwordless = await f.http
        .post('/auth/mfa/webauthn/authenticate/options')
        .send({});
      expectError(passwordless, 400, 'validation_failed');
      expect(passwordless.body.message).toBe('mfa_token is required');
      expectError(
        await f.http
          .post('/auth/mfa/webauthn/authenticate/options')
          .send({ mfa_token: 'not-a-live-token' }),
        401,
        'invalid_mfa_token',
      );
    });
  },
);

describe.each(ADAPTERS_AND_STORES)(
  'passkeys over HTTP, refusals (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      // Pinned to another origin: the recorded ceremonies came from FIXTURE.origin.
      options: {
        webauthn: { rpId: 'localhost', origins: ['http://localhost:1'] },
      },
    });

    it('refuses a registration from an origin that is not configured', async () => {
      const user = await registerAndLogin(f);
      await seed(f, 'registration', 'registration', user.userId);
      expectError(
        await f.http
          .post('/auth/mfa/webauthn/register')
          .set(...bearer(user.accessToken))
          .send({ credential: FIXTURE.registration }),
        400,
        'validation_failed',
      );
      const list = await f.http
        .get('/auth/mfa/webauthn/credentials')
        .set(...bearer(user.accessToken))
        .expect(200);
      expect(list.body.credentials).toEqual([]);
    });
  },
);

describe.each(ADAPTERS_AND_STORES)(
  'passkeys over HTTP, passwordless (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      options: { webauthn: { ...WEBAUTHN, passwordless: true } },
    });

    it('gives discoverable options without an mfa_token, and refuses an unknown credential', async () => {
      const options = await f.http
        .post('/auth/mfa/webauthn/authenticate/options')
        .send({})
        .expect(200);
      expect(options.body.allowCredentials ?? []).toEqual([]);
      expect(options.body.userVerification).toBe('required');

      // No one registered the recorded credential here.
      await seed(f, 'discoverable', 'authentication', null);
      expectError(
        await f.http
          .post('/auth/mfa/webauthn/authenticate')
          .send({ credential: FIXTURE.assertions.discoverable }),
        401,
        'invalid_credentials',
      );
    });
  },
);

describe.each(['express', 'fastify'] as const)(
  'passkeys over HTTP, rate limit (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      options: {
        webauthn: WEBAUTHN,
        rateLimit: { mfa: { limit: 2, ttlSeconds: 60 } },
      },
    });

    it('limits the passkey login step per client under rateLimit.mfa', async () => {
      const attempt = () =>
        f.http.post('/auth/mfa/webauthn/authenticate').send({
          mfa_token: 'not-a-token',
          credential: FIXTURE.assertions.first,
        });
      expectError(await attempt(), 401, 'invalid_mfa_token');
      expectError(await attempt(), 401, 'invalid_mfa_token');
      const limited = await attempt();
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });
  },
);
