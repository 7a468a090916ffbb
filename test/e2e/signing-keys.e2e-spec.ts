// Signing keys (module option `signing.algorithm`): the `kid` in every access token, the public
// JWK Set at GET /auth/.well-known/jwks.json, admin key rotations (the previous key retires and
// keeps verifying, or every older key is revoked at once), the key list, global rotation with
// `rotate_signing_key`, the audit records, and that no response ever carries key material.
// Memory storage, frozen clock, over Express and Fastify, for every algorithm: HS256 publishes
// nothing, EdDSA and ES256 publish their public keys.
import { createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { Response } from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  startFixtureApp,
  useFixtureApp,
  type AdapterName,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtHeader,
  jwtPayload,
} from '../support/http-assertions.js';
import {
  MemorySigningKeyRepository,
  SigningKeyRepository,
} from '../support/tokenward.js';

type Algorithm = 'HS256' | 'EdDSA' | 'ES256';

const VARIANTS = (['express', 'fastify'] as const).flatMap((adapter) =>
  (['EdDSA', 'ES256', 'HS256'] as const).map(
    (algorithm) => [adapter, algorithm] as [AdapterName, Algorithm],
  ),
);

const JWKS_PATH = '/auth/.well-known/jwks.json';

/** Exactly the members a published key has: its public part, kid, alg and use. */
const PUBLIC_MEMBERS: Record<'EdDSA' | 'ES256', string[]> = {
  EdDSA: ['alg', 'crv', 'kid', 'kty', 'use', 'x'],
  ES256: ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'],
};
const KEY_TYPE: Record<'EdDSA' | 'ES256', { kty: string; crv: string }> = {
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  ES256: { kty: 'EC', crv: 'P-256' },
};

/** JWK members that hold private or symmetric key material (RFC 7518 §6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * What key material would look like in a response: a private JWK member, the sealed private key
 * (`v1.<iv>.<body>.<tag>` or the field name), a PEM block or a DER/PKCS#8 mention.
 */
const KEY_MATERIAL =
  /"(d|p|q|dp|dq|qi|k)"\s*:|sealed|private_?key|-----BEGIN|pkcs8|\bv1\.[\w-]{16}\.[\w-]+\.[\w-]{22}\b/i;

const SIGNING_KEY_FIELDS = [
  'algorithm',
  'created_at',
  'kid',
  'retired_at',
  'revoked_at',
  'status',
  'verifies_until',
];

interface WireKey {
  kid: string;
  algorithm: string;
  status: 'active' | 'retired' | 'revoked' | 'expired';
  created_at: string;
  retired_at: string | null;
  revoked_at: string | null;
  verifies_until: string | null;
}

function expectNoKeyMaterial(res: Response): void {
  expect(res.text).not.toMatch(KEY_MATERIAL);
}

describe.each(VARIANTS)('signing keys (%s, %s)', (adapter, algorithm) => {
  const f = useFixtureApp({ adapter, options: { signing: { algorithm } } });
  const publishes = algorithm !== 'HS256';
  let admin: Awaited<ReturnType<typeof adminLogin>>;

  // Every test starts past the verification window of any key an earlier test retired (the
  // access-token lifetime plus the clock tolerance), with a fresh admin.
  beforeEach(async () => {
    f.clock.advanceSeconds(86_400);
    admin = await adminLogin(f);
  });

  const kidOf = (token: string) => jwtHeader(token).kid as string;
  const jwks = () => f.http.get(JWKS_PATH);
  /** Kids of the published keys, after checking each key's members. */
  const publishedKids = async (): Promise<string[]> => {
    const res = await jwks().expect(200);
    expectNoKeyMaterial(res);
    const keys = res.body.keys as Record<string, string>[];
    for (const key of keys) {
      for (const member of PRIVATE_MEMBERS)
        expect(key).not.toHaveProperty(member);
    }
    return keys.map((k) => k.kid);
  };
  const rotateKeys = (body: object = {}, token = admin.accessToken) =>
    f.http
      .post('/auth/admin/rotations/keys')
      .set(...bearer(token))
      .send(body);
  const listKeys = async (token = admin.accessToken): Promise<WireKey[]> => {
    const res = await f.http
      .get('/auth/admin/rotations/keys')
      .set(...bearer(token))
      .expect(200);
    expectNoKeyMaterial(res);
    expect(Object.keys(res.body)).toEqual(['keys']);
    for (const key of res.body.keys) {
      expect(Object.keys(key).sort()).toEqual(SIGNING_KEY_FIELDS);
    }
    return res.body.keys as WireKey[];
  };
  const keyById = async (kid: string, token = admin.accessToken) =>
    (await listKeys(token)).find((k) => k.kid === kid);
  const me = (token: string) => f.http.get('/auth/me').set(...bearer(token));
  const hello = (token: string) => f.http.get('/hello').set(...bearer(token));
  const refresh = (token: string) =>
    f.http.post('/auth/refresh').send({ refresh_token: token });
  const now = () => f.clock.now().toISOString();
  const verifyWithPublishedKeys = async (token: string, set: unknown) =>
    jwtVerify(token, createLocalJWKSet(set as never), {
      issuer: 'tokenward',
      audience: 'tokenward',
      typ: 'at+jwt',
      algorithms: [algorithm],
      currentDate: f.clock.now(),
    });

  describe('tokens and the published key set', () => {
    it('every access token names its key: alg, typ at+jwt and a kid, the active one', async () => {
      const user = await registerAndLogin(f);

      expect(jwtHeader(user.accessToken)).toEqual({
        alg: algorithm,
        typ: 'at+jwt',
        kid: expect.stringMatching(/^[\w-]{1,64}$/),
      });
      const active = (await listKeys()).filter((k) => k.status === 'active');
      expect(active).toHaveLength(1);
      expect(active[0]).toMatchObject({
        kid: kidOf(user.accessToken),
        algorithm,
        retired_at: null,
        revoked_at: null,
        verifies_until: null,
      });
      const refreshed = await refresh(user.refreshToken).expect(200);
      expect(kidOf(refreshed.body.access_token)).toBe(kidOf(user.accessToken));
    });

    it('GET jwks.json: public, cacheable for 60 s, the public part of the active key (nothing with HS256)', async () => {
      const user = await registerAndLogin(f);

      const res = await jwks();

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.body)).toEqual(['keys']);
      expectNoKeyMaterial(res);
      if (!publishes) {
        // HS256 keys are secrets: they never leave the process.
        expect(res.body).toEqual({ keys: [] });
        return;
      }
      expect(res.body.keys).toHaveLength(1);
      const [key] = res.body.keys as Record<string, string>[];
      expect(Object.keys(key!).sort()).toEqual(PUBLIC_MEMBERS[algorithm]);
      expect(key).toMatchObject({
        ...KEY_TYPE[algorithm],
        kid: kidOf(user.accessToken),
        alg: algorithm,
        use: 'sig',
      });
    });

    it('a published key verifies the token with a standard library (jose), and not a tampered one', async () => {
      const user = await registerAndLogin(f);
      const set = (await jwks().expect(200)).body;

      if (!publishes) {
        // Nothing published, nothing a verifier could check an HS256 token with.
        expect(set).toEqual({ keys: [] });
        await expect(
          verifyWithPublishedKeys(user.accessToken, set),
        ).rejects.toBeInstanceOf(joseErrors.JOSEError);
        return;
      }
      const { payload, protectedHeader } = await verifyWithPublishedKeys(
        user.accessToken,
        set,
      );
      expect(payload.sub).toBe(user.userId);
      expect(protectedHeader.kid).toBe(kidOf(user.accessToken));
      const [h, , s] = user.accessToken.split('.');
      const forged = Buffer.from(
        JSON.stringify({ ...jwtPayload(user.accessToken), roles: ['admin'] }),
      ).toString('base64url');
      await expect(
        verifyWithPublishedKeys(`${h}.${forged}.${s}`, set),
      ).rejects.toBeInstanceOf(joseErrors.JWSSignatureVerificationFailed);
    });
  });

  describe('POST /auth/admin/rotations/keys', () => {
    it('rotation: 201 with the new kid; earlier tokens keep working, new ones carry the new kid, both keys published', async () => {
      const user = await registerAndLogin(f);
      const oldKid = kidOf(user.accessToken);
      expect(kidOf(admin.accessToken)).toBe(oldKid);
      const rotatedAt = now();

      const res = await rotateKeys({ reason: 'quarterly key rotation' });

      expect(res.status).toBe(201);
      expectNoKeyMaterial(res);
      expect(res.body).toEqual({
        kid: expect.stringMatching(/^[\w-]{1,64}$/),
        algorithm,
        previous_kid: oldKid,
        revoked_kids: [],
        rotated_at: rotatedAt,
        previous_key_verifies_until: expect.any(String),
      });
      const newKid = res.body.kid as string;
      expect(newKid).not.toBe(oldKid);
      // The previous key verifies at least as long as the tokens it signed live.
      const claims = jwtPayload(user.accessToken);
      const lifetimeMs =
        ((claims.exp as number) - (claims.iat as number)) * 1000;
      expect(
        Date.parse(res.body.previous_key_verifies_until) -
          Date.parse(rotatedAt),
      ).toBeGreaterThanOrEqual(lifetimeMs);

      // Earlier tokens, the rotating admin's own included, keep working.
      await me(user.accessToken).expect(200);
      await hello(user.accessToken).expect(200);
      expect(await keyById(newKid)).toMatchObject({ status: 'active' });

      const later = await registerAndLogin(f);
      expect(kidOf(later.accessToken)).toBe(newKid);
      await me(later.accessToken).expect(200);
      const refreshed = await refresh(user.refreshToken).expect(200);
      expect(kidOf(refreshed.body.access_token)).toBe(newKid);
      await hello(refreshed.body.access_token).expect(200);

      const published = await publishedKids();
      expect(published.sort()).toEqual(
        publishes ? [newKid, oldKid].sort() : [],
      );
      expect(await keyById(oldKid)).toEqual({
        kid: oldKid,
        algorithm,
        status: 'retired',
        created_at: expect.any(String),
        retired_at: rotatedAt,
        revoked_at: null,
        verifies_until: res.body.previous_key_verifies_until,
      });
    });

    it('a retired key past its window: listed as expired and no longer published; its tokens are expired', async () => {
      const user = await registerAndLogin(f);
      const oldKid = kidOf(user.accessToken);
      const rotation = await rotateKeys().expect(201);
      const verifiesUntil = Date.parse(
        rotation.body.previous_key_verifies_until,
      );

      f.clock.set(new Date(verifiesUntil - 1000));
      const before = await adminLogin(f);
      expect((await keyById(oldKid, before.accessToken))?.status).toBe(
        'retired',
      );
      expect(await publishedKids()).toEqual(
        publishes ? [rotation.body.kid, oldKid] : [],
      );

      f.clock.set(new Date(verifiesUntil));
      const fresh = await adminLogin(f);
      expect(await keyById(oldKid, fresh.accessToken)).toMatchObject({
        status: 'expired',
        verifies_until: rotation.body.previous_key_verifies_until,
      });
      expect(await publishedKids()).toEqual(
        publishes ? [rotation.body.kid] : [],
      );
      // Any token the key signed is past its lifetime: refused as expired, like any other.
      expectUnauthorized(await me(user.accessToken), 'token_expired');
    });

    it('revoke_previous_keys: earlier tokens 401 invalid_token at once, older keys unpublished; refresh still yields a working token', async () => {
      // Two older keys: one retired by an ordinary rotation, one active.
      const veryOld = await registerAndLogin(f);
      const first = await rotateKeys().expect(201);
      const user = await registerAndLogin(f);
      const kids = [kidOf(veryOld.accessToken), kidOf(user.accessToken)];
      expect(kids[1]).toBe(first.body.kid);
      // Seen once, so the instance remembers them as verified.
      await me(veryOld.accessToken).expect(200);
      await me(user.accessToken).expect(200);
      const rotatedAt = now();

      const res = await rotateKeys({
        revoke_previous_keys: true,
        reason: 'key leaked',
      });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        kid: expect.any(String),
        algorithm,
        previous_kid: kids[1],
        revoked_kids: expect.arrayContaining(kids),
        rotated_at: rotatedAt,
        previous_key_verifies_until: null,
      });
      expect(res.body.revoked_kids).toHaveLength(2);
      const newKid = res.body.kid as string;

      for (const token of [veryOld.accessToken, user.accessToken]) {
        expectUnauthorized(await me(token), 'invalid_token');
        expectUnauthorized(await hello(token), 'invalid_token');
      }
      // The admin who asked for it signed in with a revoked key too.
      expectUnauthorized(
        await f.http
          .get('/auth/admin/rotations/keys')
          .set(...bearer(admin.accessToken)),
        'invalid_token',
      );
      const introspection = await f.http
        .post('/auth/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
        .send({ token: user.accessToken })
        .expect(200);
      expect(introspection.body).toEqual({ active: false });

      expect(await publishedKids()).toEqual(publishes ? [newKid] : []);

      const refreshed = await refresh(user.refreshToken).expect(200);
      expect(kidOf(refreshed.body.access_token)).toBe(newKid);
      await me(refreshed.body.access_token).expect(200);
      await hello(refreshed.body.access_token).expect(200);

      const again = await adminLogin(f);
      const listed = await listKeys(again.accessToken);
      expect(listed.find((k) => k.kid === newKid)?.status).toBe('active');
      for (const kid of kids) {
        expect(listed.find((k) => k.kid === kid)).toMatchObject({
          status: 'revoked',
          revoked_at: rotatedAt,
          verifies_until: null,
        });
      }
    });

    it('401 without a token, 403 for a non-admin: nothing rotates', async () => {
      const user = await registerAndLogin(f);
      const before = await listKeys();

      expectUnauthorized(
        await f.http.post('/auth/admin/rotations/keys').send({}),
        'authentication_required',
      );
      expectUnauthorized(
        await f.http.get('/auth/admin/rotations/keys'),
        'authentication_required',
      );
      expectError(
        await rotateKeys({}, user.accessToken),
        403,
        'insufficient_role',
      );
      expectError(
        await f.http
          .get('/auth/admin/rotations/keys')
          .set(...bearer(user.accessToken)),
        403,
        'insufficient_role',
      );

      expect(await listKeys()).toEqual(before);
      await me(user.accessToken).expect(200);
    });

    it.each([
      ['revoke_previous_keys as a string', { revoke_previous_keys: 'yes' }],
      ['revoke_previous_keys as a number', { revoke_previous_keys: 1 }],
      ['an unknown field', { revoke_previous_keys: false, kid: 'mine' }],
      ['a reason over 500 characters', { reason: 'x'.repeat(501) }],
      ['a reason that is no string', { reason: 42 }],
    ])('400 validation_failed for %s: nothing rotates', async (_name, body) => {
      const before = await listKeys();

      expectError(await rotateKeys(body), 400, 'validation_failed');

      expect(await listKeys()).toEqual(before);
    });

    it('a reason of exactly 500 characters is accepted', async () => {
      await rotateKeys({ reason: 'x'.repeat(500) }).expect(201);
    });
  });

  describe('global rotation with rotate_signing_key', () => {
    it('201 with the signing_key rotation; new tokens carry the new kid and version, earlier ones work during the grace', async () => {
      const user = await registerAndLogin(f);
      const oldKid = kidOf(user.accessToken);
      const rotatedAt = now();

      const res = await f.http
        .post('/auth/admin/rotations/global')
        .set(...bearer(admin.accessToken))
        .send({ rotate_signing_key: true, grace_period_seconds: 60 });

      expect(res.status).toBe(201);
      expectNoKeyMaterial(res);
      expect(res.body).toEqual({
        previous_version: expect.any(Number),
        new_version: expect.any(Number),
        grace_period_seconds: 60,
        grace_ends_at: new Date(Date.parse(rotatedAt) + 60_000).toISOString(),
        signing_key: {
          kid: expect.any(String),
          algorithm,
          previous_kid: oldKid,
          revoked_kids: [],
          rotated_at: rotatedAt,
          previous_key_verifies_until: expect.any(String),
        },
      });
      const newKid = res.body.signing_key.kid as string;
      expect(newKid).not.toBe(oldKid);

      const later = await registerAndLogin(f);
      expect(kidOf(later.accessToken)).toBe(newKid);
      expect(jwtPayload(later.accessToken).gv).toBe(res.body.new_version);
      await me(user.accessToken).expect(200);
      expect((await publishedKids()).sort()).toEqual(
        publishes ? [newKid, oldKid].sort() : [],
      );

      // Past the grace the old version is refused, though its key still verifies.
      f.clock.advanceSeconds(61);
      expectUnauthorized(await me(user.accessToken), 'token_version_rejected');
      await me(later.accessToken).expect(200);
    });

    it('without rotate_signing_key (or false) the signing key stays', async () => {
      const kid = kidOf(admin.accessToken);

      for (const body of [{}, { rotate_signing_key: false }]) {
        const res = await f.http
          .post('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken))
          .send({ ...body, grace_period_seconds: 300 })
          .expect(201);
        expect(res.body).not.toHaveProperty('signing_key');
      }

      expect(kidOf((await registerAndLogin(f)).accessToken)).toBe(kid);
    });

    it('400 validation_failed for rotate_signing_key as a string: nothing rotates', async () => {
      const before = await listKeys();

      expectError(
        await f.http
          .post('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken))
          .send({ rotate_signing_key: 'yes' }),
        400,
        'validation_failed',
      );

      expect(await listKeys()).toEqual(before);
    });
  });

  describe('audit trail and key material', () => {
    const newest = async (limit: number, token = admin.accessToken) => {
      const res = await f.http
        .get(`/auth/admin/audit?limit=${limit}`)
        .set(...bearer(token))
        .expect(200);
      expectNoKeyMaterial(res);
      return res.body.items as Record<string, unknown>[];
    };

    it('a key rotation is recorded with the admin, reason, X-Request-Id (echoed) and the kids', async () => {
      const previousKid = kidOf(admin.accessToken);
      f.clock.advanceSeconds(1);

      const res = await rotateKeys({ reason: 'scheduled' })
        .set('X-Request-Id', 'keys-2026.03:01_a-1')
        .expect(201);

      expect(res.headers['x-request-id']).toBe('keys-2026.03:01_a-1');
      expect(await newest(1)).toEqual([
        {
          id: expect.any(String),
          action: 'signing_key_rotation',
          actor_id: admin.userId,
          subject_id: null,
          reason: 'scheduled',
          request_id: 'keys-2026.03:01_a-1',
          occurred_at: now(),
          details: {
            kid: res.body.kid,
            algorithm,
            previous_kid: previousKid,
            revoked_keys: 0,
          },
        },
      ]);
    });

    it('a revoking rotation is recorded with the number of revoked keys and the generated request id', async () => {
      const res = await rotateKeys({ revoke_previous_keys: true }).expect(201);
      const requestId = res.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const fresh = await adminLogin(f);

      const [record] = await newest(1, fresh.accessToken);

      expect(record).toMatchObject({
        action: 'signing_key_rotation',
        actor_id: admin.userId,
        reason: null,
        request_id: requestId,
        details: {
          kid: res.body.kid,
          algorithm,
          previous_kid: kidOf(admin.accessToken),
          revoked_keys: res.body.revoked_kids.length,
        },
      });
      expect(res.body.revoked_kids.length).toBeGreaterThanOrEqual(1);
    });

    it('a global rotation with rotate_signing_key records both rotations under one request id', async () => {
      const res = await f.http
        .post('/auth/admin/rotations/global')
        .set(...bearer(admin.accessToken))
        .set('X-Request-Id', 'global-and-keys-1')
        .send({ rotate_signing_key: true, reason: 'drill' })
        .expect(201);

      const records = await newest(2);

      expect(records).toHaveLength(2);
      expect(records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'global_token_rotation',
            request_id: 'global-and-keys-1',
            reason: 'drill',
            actor_id: admin.userId,
          }),
          expect.objectContaining({
            action: 'signing_key_rotation',
            request_id: 'global-and-keys-1',
            reason: 'drill',
            actor_id: admin.userId,
            details: expect.objectContaining({
              kid: res.body.signing_key.kid,
              revoked_keys: 0,
            }),
          }),
        ]),
      );
    });

    it('no response about keys carries key material: no private JWK member, sealed key or PEM', async () => {
      await registerAndLogin(f);
      const responses: Response[] = [
        await jwks(),
        await rotateKeys({ reason: 'material check' }),
        await f.http
          .get('/auth/admin/rotations/keys')
          .set(...bearer(admin.accessToken)),
        await f.http
          .post('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken))
          .send({ rotate_signing_key: true }),
        await f.http
          .get('/auth/admin/audit?limit=100')
          .set(...bearer(admin.accessToken)),
        await jwks(),
        await rotateKeys({ revoke_previous_keys: true }),
        await jwks(),
      ];

      for (const res of responses) {
        expect(res.status).toBeLessThan(300);
        expectNoKeyMaterial(res);
      }
      // The sanity of the pattern itself: it does flag a private JWK and a sealed key.
      expect('{"kty":"OKP","d":"abc"}').toMatch(KEY_MATERIAL);
      expect(`v1.${'a'.repeat(16)}.body.${'b'.repeat(22)}`).toMatch(
        KEY_MATERIAL,
      );
    });
  });
});

describe.each(VARIANTS.filter(([, algorithm]) => algorithm !== 'HS256'))(
  'signing keys of a fresh deployment (%s, %s)',
  (adapter, algorithm) => {
    let f: FixtureApp;

    beforeAll(async () => {
      f = await startFixtureApp({
        adapter,
        options: { signing: { algorithm } },
      });
    });

    afterAll(async () => {
      await f?.close();
    });

    it('the first fetch of a fresh deployment already holds the key its first token will name', async () => {
      const first = await f.http.get(JWKS_PATH).expect(200);
      expect(first.body.keys).toHaveLength(1);

      const user = await registerAndLogin(f);

      expect(jwtHeader(user.accessToken).kid).toBe(first.body.keys[0].kid);
      const again = await f.http.get(JWKS_PATH).expect(200);
      expect(again.body).toEqual(first.body);
      const { payload } = await jwtVerify(
        user.accessToken,
        createLocalJWKSet(first.body),
        {
          issuer: 'tokenward',
          audience: 'tokenward',
          algorithms: [algorithm],
          currentDate: f.clock.now(),
        },
      );
      expect(payload.sub).toBe(user.userId);
    });
  },
);

describe.each(['express', 'fastify'] as const)(
  'an instance whose secret does not open the shared EdDSA key (%s)',
  (adapter) => {
    // Two apps over one key ring; the second was deployed with another master secret.
    const ring = new MemorySigningKeyRepository();
    const shared = [{ provide: SigningKeyRepository, useValue: ring }];
    let owner: FixtureApp;
    let misconfigured: FixtureApp;

    beforeAll(async () => {
      owner = await startFixtureApp({
        adapter,
        options: { signing: { algorithm: 'EdDSA' } },
        providers: shared,
      });
      misconfigured = await startFixtureApp({
        adapter,
        options: {
          secret: 'another-secret-0123456789abcdef-0123456789abc',
          signing: { algorithm: 'EdDSA' },
        },
        providers: shared,
      });
    });

    afterAll(async () => {
      await owner?.close();
      await misconfigured?.close();
    });

    it('answers 503 signing_key_unavailable with Retry-After to logins and to tokens of that key, never a verdict', async () => {
      const ownerSession = await registerAndLogin(owner);
      const credentials = {
        username: `misconfigured${adapter}`,
        email: `misconfigured-${adapter}@example.test`,
        password: 'misconfigured password 1',
      };
      await misconfigured.http
        .post('/auth/register')
        .send(credentials)
        .expect(201);

      const login = await misconfigured.http.post('/auth/login').send({
        username: credentials.username,
        password: credentials.password,
      });
      expectError(login, 503, 'signing_key_unavailable');
      expect(login.headers['retry-after']).toBe('30');
      expect(JSON.stringify(login.body)).not.toMatch(KEY_MATERIAL);

      const guarded = await misconfigured.http
        .get('/hello')
        .set(...bearer(ownerSession.accessToken));
      expectError(guarded, 503, 'signing_key_unavailable');
      expect(guarded.headers['www-authenticate']).toBeUndefined();

      // Introspection cannot decide either: an error, never a false `active: false`.
      const introspection = await misconfigured.http
        .post('/auth/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
        .send({ token: ownerSession.accessToken });
      expectError(introspection, 503, 'signing_key_unavailable');

      // The instance that can open it is unaffected.
      await owner.http
        .get('/hello')
        .set(...bearer(ownerSession.accessToken))
        .expect(200);
    });
  },
);
