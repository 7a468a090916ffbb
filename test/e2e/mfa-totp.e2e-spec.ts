// Issue 16, TOTP and recovery codes over HTTP: enrol, confirm, log in with a second factor,
// replay, recovery codes, lockout, removal. Over both HTTP adapters and both stores; every code
// is computed from the enrolment's secret with the `otpauth` library, as an authenticator app does.
import { getConnectionToken } from '@nestjs/mongoose';
import mongoose, { type Connection } from 'mongoose';
import { URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../src/infrastructure/clock/manual.clock.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import {
  ListAuditRecordsQuery,
  QueryBus,
  RegisterUserCommand,
} from '../support/tokenward.js';
import {
  ADAPTERS_AND_STORES,
  bearer,
  newUser,
  registerAndLogin,
  startFixtureApp,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, jwtPayload } from '../support/http-assertions.js';
import { totpCode, wrongCode } from '../support/totp-kit.js';

const LOCKOUT = { maxFailures: 4, windowSeconds: 600, lockoutSeconds: 600 };

/** A registered, signed-in user who enrolled and confirmed TOTP. */
async function userWithTotp(f: FixtureApp) {
  const user = await registerAndLogin(f);
  const enrol = await f.http
    .post('/auth/mfa/totp/enroll')
    .set(...bearer(user.accessToken))
    .expect(200);
  const secret = enrol.body.secret as string;
  const confirm = await f.http
    .post('/auth/mfa/totp/confirm')
    .set(...bearer(user.accessToken))
    .send({ code: totpCode(secret, f.clock.now()) })
    .expect(200);
  // The confirming code's step is used up: later codes come from the next step on.
  f.clock.advanceSeconds(30);
  return {
    ...user,
    secret,
    otpauthUri: enrol.body.otpauth_uri as string,
    recoveryCodes: confirm.body.recovery_codes as string[],
  };
}

async function mfaLogin(
  f: FixtureApp,
  credentials: { username: string; password: string },
): Promise<string> {
  const res = await f.http
    .post('/auth/login')
    .send({ username: credentials.username, password: credentials.password })
    .expect(200);
  expect(res.body.mfa_required).toBe(true);
  return res.body.mfa_token as string;
}

describe.each(ADAPTERS_AND_STORES)('TOTP MFA (%s, %s)', (adapter, storage) => {
  const f = useFixtureApp({
    adapter,
    storage,
    options: { loginLockout: LOCKOUT, totp: { issuer: 'Acme' } },
  });

  it('enrols and confirms: secret and otpauth URI, then 10 recovery codes; login then asks for the factor', async () => {
    const user = await registerAndLogin(f);
    const enrol = await f.http
      .post('/auth/mfa/totp/enroll')
      .set(...bearer(user.accessToken))
      .expect(200);
    expect(Object.keys(enrol.body).sort()).toEqual(['otpauth_uri', 'secret']);
    expect(enrol.headers['cache-control']).toBe('no-store');
    const parsed = URI.parse(enrol.body.otpauth_uri);
    expect(parsed.issuer).toBe('Acme');
    expect(parsed.label).toBe(user.credentials.username);
    expect(parsed.secret.base32).toBe(enrol.body.secret);

    // Pending: logins are unchanged.
    const before = await f.http
      .post('/auth/login')
      .send({
        username: user.credentials.username,
        password: user.credentials.password,
      })
      .expect(200);
    expect(before.body.access_token).toEqual(expect.any(String));

    const confirm = await f.http
      .post('/auth/mfa/totp/confirm')
      .set(...bearer(user.accessToken))
      .send({ code: totpCode(enrol.body.secret, f.clock.now()) })
      .expect(200);
    expect(confirm.body.recovery_codes).toHaveLength(10);

    const login = await f.http
      .post('/auth/login')
      .send({
        username: user.credentials.username,
        password: user.credentials.password,
      })
      .expect(200);
    expect(login.body).toMatchObject({
      mfa_required: true,
      methods: ['totp', 'recovery_code'],
    });
    expect(login.body.access_token).toBeUndefined();

    // Enrolling again while confirmed is refused.
    expectError(
      await f.http
        .post('/auth/mfa/totp/enroll')
        .set(...bearer(user.accessToken)),
      409,
      'totp_already_enabled',
    );
  });

  it('verifies a code into the login answer with amr pwd+otp+mfa; the code and the mfa_token work once', async () => {
    const user = await userWithTotp(f);
    const mfaToken = await mfaLogin(f, user.credentials);
    const code = totpCode(user.secret, f.clock.now());

    const res = await f.http
      .post('/auth/mfa/verify')
      .send({ mfa_token: mfaToken, code })
      .expect(200);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'access_token',
        'expires_in',
        'refresh_token',
        'token_type',
        'user',
      ].sort(),
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const claims = jwtPayload(res.body.access_token);
    expect(claims.sub).toBe(user.userId);
    expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(res.body.user.id).toBe(user.userId);
    await f.http
      .get('/auth/me')
      .set(...bearer(res.body.access_token))
      .expect(200);

    // The same code again, with a fresh login: refused (no replay inside its window).
    expectError(
      await f.http
        .post('/auth/mfa/verify')
        .send({ mfa_token: await mfaLogin(f, user.credentials), code }),
      401,
      'invalid_mfa_code',
    );
    // The used mfa_token, with the next valid code: refused.
    f.clock.advanceSeconds(30);
    expectError(
      await f.http.post('/auth/mfa/verify').send({
        mfa_token: mfaToken,
        code: totpCode(user.secret, f.clock.now()),
      }),
      401,
      'invalid_mfa_token',
    );
  });

  it('accepts a code one step off (clock drift)', async () => {
    const user = await userWithTotp(f);
    await f.http
      .post('/auth/mfa/verify')
      .send({
        mfa_token: await mfaLogin(f, user.credentials),
        code: totpCode(user.secret, f.clock.now(), 1),
      })
      .expect(200);
  });

  it('accepts a recovery code once; a new set voids the old one', async () => {
    const user = await userWithTotp(f);
    const [first, second] = user.recoveryCodes as [string, string];

    const res = await f.http
      .post('/auth/mfa/verify')
      .send({
        mfa_token: await mfaLogin(f, user.credentials),
        recovery_code: first,
      })
      .expect(200);
    expect(jwtPayload(res.body.access_token).amr).toEqual(
      expect.arrayContaining(['pwd', 'otp', 'mfa']),
    );
    expectError(
      await f.http.post('/auth/mfa/verify').send({
        mfa_token: await mfaLogin(f, user.credentials),
        recovery_code: first,
      }),
      401,
      'invalid_mfa_code',
    );

    const fresh = await f.http
      .post('/auth/mfa/recovery-codes')
      .set(...bearer(user.accessToken))
      .send({ code: totpCode(user.secret, f.clock.now()) })
      .expect(200);
    expect(fresh.body.recovery_codes).toHaveLength(10);
    expectError(
      await f.http.post('/auth/mfa/verify').send({
        mfa_token: await mfaLogin(f, user.credentials),
        recovery_code: second,
      }),
      401,
      'invalid_mfa_code',
    );
    await f.http
      .post('/auth/mfa/verify')
      .send({
        mfa_token: await mfaLogin(f, user.credentials),
        recovery_code: fresh.body.recovery_codes[0],
      })
      .expect(200);

    const audit = await f.app
      .get(QueryBus)
      .execute(new ListAuditRecordsQuery(0, 100));
    const mine = audit.items.filter((r) => r.subjectId === user.userId);
    expect(mine.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'mfa_totp_enabled',
        'mfa_recovery_code_used',
        'mfa_recovery_codes_regenerated',
      ]),
    );
  });

  it('locks out after loginLockout.maxFailures wrong codes, the right one included, until the lock ends', async () => {
    const user = await userWithTotp(f);
    const mfaToken = await mfaLogin(f, user.credentials);
    const bad = wrongCode(user.secret, f.clock.now());

    for (let i = 0; i < LOCKOUT.maxFailures; i += 1) {
      expectError(
        await f.http
          .post('/auth/mfa/verify')
          .send({ mfa_token: mfaToken, code: bad }),
        401,
        'invalid_mfa_code',
      );
    }
    const locked = await f.http.post('/auth/mfa/verify').send({
      mfa_token: mfaToken,
      code: totpCode(user.secret, f.clock.now()),
    });
    expectError(locked, 429, 'too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The password's counter is its own: the password step still answers.
    await mfaLogin(f, user.credentials);

    f.clock.advanceSeconds(LOCKOUT.lockoutSeconds + 1);
    await f.http
      .post('/auth/mfa/verify')
      .send({
        mfa_token: await mfaLogin(f, user.credentials),
        code: totpCode(user.secret, f.clock.now()),
      })
      .expect(200);
  });

  it('removes the factor with a code or the password; logins then give tokens at once', async () => {
    const byCode = await userWithTotp(f);
    expectError(
      await f.http
        .delete('/auth/mfa/totp')
        .set(...bearer(byCode.accessToken))
        .send({ code: wrongCode(byCode.secret, f.clock.now()) }),
      401,
      'invalid_mfa_code',
    );
    await f.http
      .delete('/auth/mfa/totp')
      .set(...bearer(byCode.accessToken))
      .send({ code: totpCode(byCode.secret, f.clock.now()) })
      .expect(204);
    const login = await f.http
      .post('/auth/login')
      .send({
        username: byCode.credentials.username,
        password: byCode.credentials.password,
      })
      .expect(200);
    expect(login.body.access_token).toEqual(expect.any(String));

    const byPassword = await userWithTotp(f);
    expectError(
      await f.http
        .delete('/auth/mfa/totp')
        .set(...bearer(byPassword.accessToken))
        .send({ password: 'not-the-password' }),
      400,
      'invalid_password',
    );
    await f.http
      .delete('/auth/mfa/totp')
      .set(...bearer(byPassword.accessToken))
      .send({ password: byPassword.credentials.password })
      .expect(204);
    expectError(
      await f.http
        .delete('/auth/mfa/totp')
        .set(...bearer(byPassword.accessToken))
        .send({ password: byPassword.credentials.password }),
      404,
      'totp_not_enabled',
    );
    // Enrolling anew is possible once it is off.
    await f.http
      .post('/auth/mfa/totp/enroll')
      .set(...bearer(byPassword.accessToken))
      .expect(200);
  });

  it('answers clear 400s for malformed bodies and 401 without a Bearer token', async () => {
    const user = await userWithTotp(f);
    const mfaToken = await mfaLogin(f, user.credentials);
    for (const body of [
      { mfa_token: mfaToken },
      { mfa_token: mfaToken, code: '123456', recovery_code: 'AAAA-BBBB' },
      { mfa_token: mfaToken, code: '12345a' },
      { mfa_token: mfaToken, code: 123456 },
      { code: '123456' },
      { mfa_token: mfaToken, code: '123456', extra: true },
    ]) {
      expectError(
        await f.http.post('/auth/mfa/verify').send(body),
        400,
        'validation_failed',
      );
    }
    expectError(
      await f.http
        .post('/auth/mfa/verify')
        .send({ mfa_token: 'not-a-token', code: '123456' }),
      401,
      'invalid_mfa_token',
    );
    for (const body of [{}, { code: '1234567' }]) {
      expectError(
        await f.http
          .post('/auth/mfa/totp/confirm')
          .set(...bearer(user.accessToken))
          .send(body),
        400,
        'validation_failed',
      );
    }
    expectError(
      await f.http
        .delete('/auth/mfa/totp')
        .set(...bearer(user.accessToken))
        .send({ code: '123456', password: 'x' }),
      400,
      'validation_failed',
    );
    for (const [method, path] of [
      ['post', '/auth/mfa/totp/enroll'],
      ['post', '/auth/mfa/totp/confirm'],
      ['delete', '/auth/mfa/totp'],
      ['post', '/auth/mfa/recovery-codes'],
    ] as const) {
      expectError(
        await f.http[method](path).send(
          path.endsWith('/enroll') ? {} : { code: '123456' },
        ),
        401,
        'authentication_required',
      );
      // The mfa_token is no access token.
      expectError(
        await f.http[method](path)
          .set(...bearer(mfaToken))
          .send({ code: '123456' }),
        401,
        'invalid_token',
      );
    }
  });
});

describe.each(
  ADAPTERS_AND_STORES.filter(([, storage]) => storage === 'mongoose'),
)('TOTP at rest (%s, %s)', (adapter, storage) => {
  const f = useFixtureApp({ adapter, storage });

  it('keeps the secret sealed and the recovery codes hashed in MongoDB', async () => {
    const user = await userWithTotp(f);
    const doc = await f.app
      .get<Connection>(getConnectionToken())
      .collection('tokenward_totp_factors')
      .findOne({ _id: user.userId as never });
    expect(doc).not.toBeNull();
    const stored = JSON.stringify(doc);
    expect(stored).not.toContain(user.secret);
    for (const code of user.recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
    }
  });
});

describe.each(ADAPTERS_AND_STORES)(
  'TOTP verify rate limit (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      options: { rateLimit: { mfa: { limit: 3, ttlSeconds: 60 } } },
    });

    it('limits POST /auth/mfa/verify per client like login (rateLimit.mfa)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        statuses.push(
          (
            await f.http
              .post('/auth/mfa/verify')
              .send({ mfa_token: 'not-a-token', code: '123456' })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await f.http
        .post('/auth/mfa/verify')
        .send({ mfa_token: 'not-a-token', code: '123456' });
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });
  },
);

describe.each(ADAPTERS_AND_STORES)(
  'TOTP required by policy (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      options: { mfa: { required: 'roles', roles: ['admin'] } },
    });

    /** A user with `roles`, created through the command bus (admins cannot self-register). */
    async function createUser(roles: string[]) {
      const credentials = newUser('policy');
      const user = await f.commands.execute(
        new RegisterUserCommand(
          credentials.username,
          credentials.email,
          credentials.password,
          roles,
        ),
      );
      const login = () =>
        f.http.post('/auth/login').send({
          username: credentials.username,
          password: credentials.password,
        });
      return { userId: user.id, login };
    }

    it('lets a user without a required role in with the password alone', async () => {
      const user = await createUser(['user']);
      const res = await user.login().expect(200);
      expect(res.body.access_token).toEqual(expect.any(String));
    });

    it('enrols a required user during the login: the enrolment token only enrols, and confirming completes the login', async () => {
      const admin = await createUser(['admin']);
      const first = await admin.login().expect(200);
      expect(first.body).toMatchObject({
        mfa_required: true,
        methods: ['totp_enroll'],
      });
      expect(first.body.access_token).toBeUndefined();
      const mfaToken = first.body.mfa_token as string;

      // It completes no login by itself, nor is it an access token.
      expectError(
        await f.http
          .post('/auth/mfa/verify')
          .send({ mfa_token: mfaToken, code: '123456' }),
        401,
        'invalid_mfa_token',
      );
      expectError(
        await f.http.get('/auth/me').set(...bearer(mfaToken)),
        401,
        'invalid_token',
      );

      const enrol = await f.http
        .post('/auth/mfa/totp/enroll')
        .send({ mfa_token: mfaToken })
        .expect(200);
      const secret = enrol.body.secret as string;
      const confirmed = await f.http
        .post('/auth/mfa/totp/confirm')
        .send({ mfa_token: mfaToken, code: totpCode(secret, f.clock.now()) })
        .expect(200);
      expect(confirmed.body.recovery_codes).toHaveLength(10);
      const claims = jwtPayload(confirmed.body.access_token);
      expect(claims.sub).toBe(admin.userId);
      expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
      expect(confirmed.body.user.id).toBe(admin.userId);

      // Used up by the confirmation.
      expectError(
        await f.http
          .post('/auth/mfa/totp/enroll')
          .send({ mfa_token: mfaToken }),
        401,
        'invalid_mfa_token',
      );
      // From now on, the factor is asked for.
      const next = await admin.login().expect(200);
      expect(next.body.methods).toEqual(['totp', 'recovery_code']);
    });

    it('accepts no login mfa_token for enrolment, and not both a Bearer token and an mfa_token', async () => {
      const user = await registerAndLogin(f);
      const enrolled = await f.http
        .post('/auth/mfa/totp/enroll')
        .set(...bearer(user.accessToken))
        .expect(200);
      await f.http
        .post('/auth/mfa/totp/confirm')
        .set(...bearer(user.accessToken))
        .send({ code: totpCode(enrolled.body.secret, f.clock.now()) })
        .expect(200);
      const login = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      expectError(
        await f.http
          .post('/auth/mfa/totp/enroll')
          .send({ mfa_token: login.body.mfa_token }),
        401,
        'invalid_mfa_token',
      );
      expectError(
        await f.http
          .post('/auth/mfa/totp/enroll')
          .set(...bearer(user.accessToken))
          .send({ mfa_token: login.body.mfa_token }),
        400,
        'validation_failed',
      );
    });
  },
);

describe('TOTP on two instances sharing MongoDB', () => {
  const clock = new ManualClock(new Date());
  let uri: string;
  let a: FixtureApp;
  let b: FixtureApp;

  beforeAll(async () => {
    uri = uniqueMongoUri(inject('mongoUri'), 'totp-instances');
    a = await startFixtureApp({ mongoUri: uri, clock, adapter: 'express' });
    b = await startFixtureApp({ mongoUri: uri, clock, adapter: 'fastify' });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    const connection = await mongoose.createConnection(uri).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it('accepts one code on one instance only, even sent to both at once', async () => {
    const user = await userWithTotp(a);
    const [onA, onB] = await Promise.all([
      mfaLogin(a, user.credentials),
      mfaLogin(b, user.credentials),
    ]);
    const code = totpCode(user.secret, clock.now());

    const answers = await Promise.all([
      a.http.post('/auth/mfa/verify').send({ mfa_token: onA, code }),
      b.http.post('/auth/mfa/verify').send({ mfa_token: onB, code }),
    ]);

    expect(answers.map((res) => res.status).sort()).toEqual([200, 401]);
    const refused = answers.find((res) => res.status === 401)!;
    expectError(refused, 401, 'invalid_mfa_code');
  });

  it('uses a recovery code once over both instances', async () => {
    const user = await userWithTotp(b);
    const [onA, onB] = await Promise.all([
      mfaLogin(a, user.credentials),
      mfaLogin(b, user.credentials),
    ]);
    const recovery_code = user.recoveryCodes[0];

    const answers = await Promise.all([
      a.http.post('/auth/mfa/verify').send({ mfa_token: onA, recovery_code }),
      b.http.post('/auth/mfa/verify').send({ mfa_token: onB, recovery_code }),
    ]);

    expect(answers.map((res) => res.status).sort()).toEqual([200, 401]);
  });
});
