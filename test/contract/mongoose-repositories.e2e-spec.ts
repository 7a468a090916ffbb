// The repository contract against a real MongoDB-wire server, with the repositories built the way
// the AuthModule builds them (host MongooseModule.forRoot + the module's mongoose parts), so the
// DI wiring is exercised too. Then what only the mongoose adapter has: injection safety, the
// hidden password hash, prefixed collections and indexes, and storage-failure mapping.

import { Logger } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import mongoose, {
  type ConnectOptions,
  type Connection,
  type Model,
} from 'mongoose';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  inject,
  it,
  vi,
} from 'vitest';
import { MongooseRotationStateRepository } from '../../src/infrastructure/persistence/mongoose/mongoose-rotation-state.repository.js';
import { MongooseSessionRepository } from '../../src/infrastructure/persistence/mongoose/mongoose-session.repository.js';
import { MongooseUserRepository } from '../../src/infrastructure/persistence/mongoose/mongoose-user.repository.js';
import type { MongoosePersistenceOptions } from '../../src/infrastructure/persistence/mongoose/mongoose-persistence.options.js';
import {
  UserSchema,
  type UserDocument,
} from '../../src/infrastructure/persistence/mongoose/user.schema.js';
import { SESSION_TTL_INDEX } from '../../src/infrastructure/persistence/mongoose/session.schema.js';
import { AUDIT_LOG_TTL_INDEX } from '../../src/infrastructure/persistence/mongoose/audit-record.schema.js';
import { MongooseAuditLogRepository } from '../../src/infrastructure/persistence/mongoose/mongoose-audit-log.repository.js';
import { MongooseSigningKeyRepository } from '../../src/infrastructure/persistence/mongoose/mongoose-signing-key.repository.js';
import { isStorageUnavailable } from '../../src/infrastructure/persistence/mongoose/storage-errors.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/fixture-app.js';
import {
  AccountTokenRepository,
  AuditLogRepository,
  AuthModule,
  CommandBus,
  LoginAttemptRepository,
  MailOutboxRepository,
  SsfEventRepository,
  SsfStreamRepository,
  RateLimitStorage,
  RegisterUserCommand,
  AuditRecord,
  RotationStateRepository,
  RevocationChangeRepository,
  Session,
  SessionRepository,
  SigningKeyRepository,
  SigningKeyRing,
  StorageUnavailableError,
  type SigningKey,
  User,
  UserAlreadyExistsError,
  UserRepository,
  Username,
  WebAuthnChallengeRepository,
  WebAuthnCredentialRepository,
  TotpFactorRepository,
} from '../support/tokenward.js';
import { describeRepositoryContract } from './repository-contract.js';
import {
  storageParts,
  storedToken,
} from '../../src/module/auth/auth.repositories.js';
import { NOTHING_RECORDED } from '../support/session-fields.js';

const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/** A Nest testing module holding the host's connection and Tokenward's mongoose parts. */
async function buildRepositories(
  uri: string,
  options: MongoosePersistenceOptions = {},
): Promise<TestingModule> {
  const parts = storageParts('mongoose', options);
  const moduleRef = await Test.createTestingModule({
    imports: [
      MongooseModule.forRoot(uri, {
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        connectionName: options.connectionName,
      }),
      ...parts.imports,
    ],
    providers: parts.providers,
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

function modelsOf(connection: Connection): Model<unknown>[] {
  return Object.values(connection.models) as Model<unknown>[];
}

const shared = {} as { moduleRef: TestingModule; connection: Connection };

beforeAll(async () => {
  shared.moduleRef = await buildRepositories(
    uniqueMongoUri(inject('mongoUri'), 'contract-mongoose'),
  );
  shared.connection = shared.moduleRef.get<Connection>(getConnectionToken());
});

afterAll(async () => {
  await shared.connection?.dropDatabase();
  await shared.moduleRef?.close();
});

describeRepositoryContract('mongoose', async () => {
  // Empty the collections, keeping them and their indexes: a fresh store at a fraction of the
  // cost of a new database per case.
  await Promise.all(
    modelsOf(shared.connection).map((model) => model.deleteMany({})),
  );
  return {
    users: shared.moduleRef.get(storedToken(UserRepository)),
    sessions: shared.moduleRef.get(storedToken(SessionRepository)),
    rotationState: shared.moduleRef.get(storedToken(RotationStateRepository)),
    attempts: shared.moduleRef.get(storedToken(LoginAttemptRepository)),
    rateLimits: shared.moduleRef.get(storedToken(RateLimitStorage)),
    auditLog: shared.moduleRef.get(storedToken(AuditLogRepository)),
    signingKeys: shared.moduleRef.get(storedToken(SigningKeyRepository)),
    accountTokens: shared.moduleRef.get(storedToken(AccountTokenRepository)),
    mailOutbox: shared.moduleRef.get(storedToken(MailOutboxRepository)),
    ssfStreams: shared.moduleRef.get(storedToken(SsfStreamRepository)),
    ssfEvents: shared.moduleRef.get(storedToken(SsfEventRepository)),
    webauthnCredentials: shared.moduleRef.get(
      storedToken(WebAuthnCredentialRepository),
    ),
    webauthnChallenges: shared.moduleRef.get(
      storedToken(WebAuthnChallengeRepository),
    ),
    revocationChanges: shared.moduleRef.get(
      storedToken(RevocationChangeRepository),
    ),
    totpFactors: shared.moduleRef.get(storedToken(TotpFactorRepository)),
  };
});

describe('mongoose adapter', () => {
  const T = new Date('2026-03-01T12:00:00.000Z');

  function user(
    username: string,
    passwordHash = 'argon2-hash-of-the-password',
  ): User {
    return new User({
      id: crypto.randomUUID(),
      username,
      usernameNormalized: username.toLowerCase(),
      usernameKey: Username.keyOf(username),
      email: `${username.toLowerCase()}@example.com`,
      emailNormalized: `${username.toLowerCase()}@example.com`,
      emailVerified: false,
      passwordHash,
      isActive: true,
      roles: ['user'],
      tokenVersion: 1,
      passwordVersion: 1,
      createdAt: T,
      updatedAt: T,
      stateChangedAt: T,
    });
  }

  function session(userId: string): Session {
    return new Session({
      id: crypto.randomUUID(),
      userId,
      refreshTokenHash: crypto.randomUUID(),
      previousRefreshTokenHashes: [],
      lastRotatedAt: null,
      globalVersion: 1,
      userVersion: 1,
      createdAt: T,
      expiresAt: new Date(T.getTime() + 60_000),
      revokedAt: null,
      revocationReason: null,
      lastUsedAt: T,
      ...NOTHING_RECORDED,
    });
  }

  let users: UserRepository;
  let sessions: SessionRepository;
  let userModel: Model<UserDocument>;

  beforeAll(() => {
    users = shared.moduleRef.get(storedToken(UserRepository));
    sessions = shared.moduleRef.get(storedToken(SessionRepository));
    userModel = shared.connection.model<UserDocument>(
      'Tokenward:tokenward_users',
    );
  });

  afterEach(async () => {
    await Promise.all(
      modelsOf(shared.connection).map((model) => model.deleteMany({})),
    );
  });

  it('binds the ports to the mongoose repositories through Nest DI', () => {
    expect(users).toBeInstanceOf(MongooseUserRepository);
    expect(sessions).toBeInstanceOf(MongooseSessionRepository);
    expect(
      shared.moduleRef.get(storedToken(RotationStateRepository)),
    ).toBeInstanceOf(MongooseRotationStateRepository);
  });

  it('never matches an operator object smuggled in as a look-up value', async () => {
    const victim = user('victim');
    await users.create(victim);
    const owner = session(victim.id);
    await sessions.create(owner);
    const operator = { $gt: '' } as unknown as string;

    expect(await users.findByUsername(operator)).toBeNull();
    expect(await users.findByEmail(operator)).toBeNull();
    expect(await users.findById({ $ne: null } as unknown as string)).toBeNull();
    expect(await sessions.findByRefreshTokenHash(operator)).toBeNull();
    expect(
      await sessions.findByPreviousRefreshTokenHash({
        $ne: 'no-such-hash',
      } as unknown as string),
    ).toBeNull();
    expect(
      await sessions.revoke({ $ne: '' } as unknown as string, 'logout', T),
    ).toBe(false);
    expect(
      await sessions.rotate(owner.id, operator, {
        newRefreshTokenHash: 'x',
        rotatedAt: T,
        expiresAt: T,
        globalVersion: 1,
        userVersion: 1,
      }),
    ).toBeNull();
    // The values themselves are fine: only the operator was refused.
    expect((await users.findByUsername(Username.keyOf('victim')))?.id).toBe(
      victim.id,
    );
    expect((await sessions.findById(owner.id))?.revokedAt).toBeNull();
  });

  it('sanitizes filters on its models even when a caller bypasses the repositories', async () => {
    await users.create(user('victim'));
    const injected = { usernameNormalized: { $gt: '' } };

    // On a model without Tokenward's hardening the same filter matches (the control).
    const plain = shared.connection.model(
      'PlainUsers',
      new mongoose.Schema({ usernameNormalized: String }),
      'tokenward_users',
    );
    try {
      expect(await plain.findOne(injected).lean()).not.toBeNull();
    } finally {
      shared.connection.deleteModel('PlainUsers');
    }

    await expect(userModel.findOne(injected).lean()).rejects.toMatchObject({
      name: 'CastError',
    });
    // An unknown path is an error rather than being dropped (which would match every user).
    await expect(
      userModel.findOne({ usrname: 'victim' }).lean(),
    ).rejects.toThrow(/usrname/);
  });

  it('stores the password hash but returns it only where the domain needs it', async () => {
    const alice = user('alice', 'secret-argon2-hash');
    await users.create(alice);

    const raw = await shared.connection
      .db!.collection('tokenward_users')
      .findOne({ _id: alice.id as never });
    expect(raw?.['passwordHash']).toBe('secret-argon2-hash');
    expect(await userModel.find().lean()).toEqual([
      expect.not.objectContaining({ passwordHash: expect.anything() }),
    ]);
    expect((await userModel.find().lean())[0]).toMatchObject({
      _id: alice.id,
      username: 'alice',
    });

    // Login paths get the hash ...
    expect((await users.findByUsername('alice'))?.passwordHash).toBe(
      'secret-argon2-hash',
    );
    expect(
      (await users.incrementTokenVersion(alice.id, T))?.user.passwordHash,
    ).toBe('secret-argon2-hash');
    // ... listings and polls never load it.
    const [listed] = await users.listActive(0, 10);
    expect(listed?.id).toBe(alice.id);
    expect(listed?.passwordHash).toBe('');
    const [polled] = await users.findSnapshotsByIds([alice.id]);
    expect(polled?.id).toBe(alice.id);
    expect(polled).not.toHaveProperty('passwordHash');
  });

  it('stamps lastStateChangeAt on every state change, not on registration or a re-hash, for 0.1.0 polls', async () => {
    // Instances of 0.1.0 on the same database (a rolling upgrade) poll `lastStateChangeAt > since`
    // instead of the change log: a change made here must reach them that way.
    const rehashed = user('rehashed');
    const bumped = user('bumped');
    const deactivated = user('deactivated');
    const repassworded = user('repassworded');
    const verified = user('verified');
    const moved = user('moved');
    for (const u of [
      rehashed,
      bumped,
      deactivated,
      repassworded,
      verified,
      moved,
    ])
      await users.create(u);
    const at = (s: number) => new Date(T.getTime() + s * 1000);

    await users.updatePasswordHash(rehashed.id, 'rehashed-hash', at(1));
    await users.incrementTokenVersion(bumped.id, at(2));
    await users.updateStatus(deactivated.id, { isActive: false }, false, at(3));
    await users.replacePassword(repassworded.id, 'new-hash', 1, at(4));
    await users.markEmailVerified(verified.id, verified.emailNormalized, at(5));
    await users.changeEmail(
      moved.id,
      moved.emailNormalized,
      { value: 'moved-new@example.com', normalized: 'moved-new@example.com' },
      at(6),
    );

    const raw = shared.connection.db!.collection('tokenward_users');
    const stamp = async (id: string): Promise<unknown> =>
      (await raw.findOne({ _id: id as never }))?.['lastStateChangeAt'];
    expect(await stamp(rehashed.id)).toBeNull();
    expect(await stamp(bumped.id)).toEqual(at(2));
    expect(await stamp(deactivated.id)).toEqual(at(3));
    expect(await stamp(repassworded.id)).toEqual(at(4));
    expect(await stamp(verified.id)).toEqual(at(5));
    expect(await stamp(moved.id)).toEqual(at(6));
    // The 0.1.0 poll's query: what changed strictly after a time, registration not included.
    const polled = await raw
      .find({ lastStateChangeAt: { $gt: at(3) } })
      .sort({ lastStateChangeAt: 1, _id: 1 })
      .toArray();
    expect(polled.map((doc) => doc._id)).toEqual([
      repassworded.id,
      verified.id,
      moved.id,
    ]);
  });

  it('uses its own string ids and prefixed collections with the indexes it relies on', async () => {
    const alice = user('alice');
    await users.create(alice);
    await sessions.create(session(alice.id));
    await shared.moduleRef.get(storedToken(RotationStateRepository)).rotate({
      now: T,
      graceEndsAt: T,
      reason: null,
      rotatedBy: null,
    });
    const db = shared.connection.db!;

    const names = (await db.listCollections().toArray())
      .map((c) => c.name)
      .sort();
    expect(names).toEqual([
      'tokenward_account_tokens',
      'tokenward_audit_log',
      'tokenward_login_attempts',
      'tokenward_mail_outbox',
      'tokenward_rate_limits',
      'tokenward_revocation_changes',
      'tokenward_rotation_state',
      'tokenward_sessions',
      'tokenward_signing_keys',
      'tokenward_ssf_events',
      'tokenward_ssf_streams',
      'tokenward_totp_factors',
      'tokenward_users',
      'tokenward_webauthn_challenges',
      'tokenward_webauthn_credentials',
    ]);
    // A TOTP factor is found by its user id, the _id: no other index.
    expect(
      (await db.collection('tokenward_totp_factors').indexes()).map(
        (index) => index.key,
      ),
    ).toEqual([{ _id: 1 }]);
    // Passkeys are listed by user; challenges expire (TTL) and are found by _id only.
    expect(
      await db.collection('tokenward_webauthn_credentials').indexes(),
    ).toContainEqual(
      expect.objectContaining({ key: { userId: 1, createdAt: 1 } }),
    );
    expect(
      await db.collection('tokenward_webauthn_challenges').indexes(),
    ).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
    // A poll reads one stream's SETs oldest first; expired streams and SETs are cleaned up.
    const ssfEventIndexes = await db
      .collection('tokenward_ssf_events')
      .indexes();
    expect(ssfEventIndexes).toContainEqual(
      expect.objectContaining({ key: { streamId: 1, createdAt: 1, jti: 1 } }),
    );
    expect(ssfEventIndexes).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
    expect(
      await db.collection('tokenward_ssf_streams').indexes(),
    ).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
    expect(
      await db
        .collection('tokenward_users')
        .findOne({ _id: alice.id as never }),
    ).not.toBeNull();
    expect(
      await db
        .collection('tokenward_rotation_state')
        .findOne({ _id: 'global' as never }),
    ).toMatchObject({
      version: 2,
      previousVersion: 1,
    });

    const userIndexes = await db.collection('tokenward_users').indexes();
    expect(userIndexes).toContainEqual(
      expect.objectContaining({
        key: { usernameKey: 1 },
        unique: true,
        sparse: true,
      }),
    );
    expect(userIndexes).toContainEqual(
      expect.objectContaining({ key: { usernameNormalized: 1 }, unique: true }),
    );
    expect(userIndexes).toContainEqual(
      expect.objectContaining({ key: { emailNormalized: 1 }, unique: true }),
    );
    expect(userIndexes).toContainEqual(
      expect.objectContaining({ key: { lastStateChangeAt: 1 } }),
    );
    const sessionIndexes = await db.collection('tokenward_sessions').indexes();
    expect(sessionIndexes).toContainEqual(
      expect.objectContaining({ key: { refreshTokenHash: 1 }, unique: true }),
    );
    expect(sessionIndexes).toContainEqual(
      expect.objectContaining({ key: { previousRefreshTokenHashes: 1 } }),
    );
    expect(sessionIndexes).toContainEqual(
      expect.objectContaining({ key: { userId: 1 } }),
    );
    expect(sessionIndexes).toContainEqual(
      expect.objectContaining({ key: { revokedAt: 1 } }),
    );
    expect(sessionIndexes).toContainEqual(
      expect.objectContaining({
        name: SESSION_TTL_INDEX,
        key: { expiresAt: 1 },
        expireAfterSeconds: 0,
      }),
    );
    const auditIndexes = await db.collection('tokenward_audit_log').indexes();
    expect(auditIndexes).toContainEqual(
      expect.objectContaining({ key: { occurredAt: -1, _id: -1 } }),
    );
    expect(auditIndexes).toContainEqual(
      expect.objectContaining({
        name: AUDIT_LOG_TTL_INDEX,
        key: { expiresAt: 1 },
        expireAfterSeconds: 0,
      }),
    );
  });

  it('stores audit records under their own id, with flat details and no extra field', async () => {
    const auditLog = shared.moduleRef.get(storedToken(AuditLogRepository));
    expect(auditLog).toBeInstanceOf(MongooseAuditLogRepository);
    const record = new AuditRecord({
      id: crypto.randomUUID(),
      action: 'global_token_rotation',
      actorId: null,
      subjectId: null,
      reason: 'drill',
      requestId: 'req-1',
      occurredAt: T,
      details: { previousVersion: 1, newVersion: 2, graceEndsAt: 'x' },
      expiresAt: new Date(T.getTime() + 86_400_000),
    });
    await auditLog.append(record);

    const raw = await shared.connection
      .db!.collection('tokenward_audit_log')
      .findOne({ _id: record.id as never });
    expect(raw).toEqual({
      _id: record.id,
      action: 'global_token_rotation',
      actorId: null,
      subjectId: null,
      reason: 'drill',
      requestId: 'req-1',
      occurredAt: T,
      details: { previousVersion: 1, newVersion: 2, graceEndsAt: 'x' },
      expiresAt: record.expiresAt,
    });
  });

  it('keeps the signing-key ring as one document under a fixed id, with exactly the stored fields', async () => {
    const signingKeys = shared.moduleRef.get(storedToken(SigningKeyRepository));
    expect(signingKeys).toBeInstanceOf(MongooseSigningKeyRepository);
    const first: SigningKey = {
      kid: 'key-one',
      algorithm: 'HS256',
      createdAt: T,
      retiredAt: null,
      revokedAt: null,
      verifiesUntil: null,
      publicJwk: null,
      sealedPrivateKey: null,
    };
    const ring = SigningKeyRing.initial(first).rotate(
      {
        ...first,
        kid: 'key-two',
        algorithm: 'EdDSA',
        sealedPrivateKey: 'v1.a.b.c',
        publicJwk: {
          kty: 'OKP',
          crv: 'Ed25519',
          x: 'x',
          kid: 'key-two',
          alg: 'EdDSA',
          use: 'sig',
        },
      },
      T,
      { revokePrevious: false },
      905,
    );
    await signingKeys.create(SigningKeyRing.initial(first));
    expect(await signingKeys.replace(ring, 1)).toBe(true);

    const raw = await shared.connection
      .db!.collection('tokenward_signing_keys')
      .find()
      .toArray();
    expect(raw).toEqual([
      {
        _id: 'ring',
        version: 2,
        keys: [
          {
            kid: 'key-two',
            algorithm: 'EdDSA',
            createdAt: T,
            retiredAt: null,
            revokedAt: null,
            verifiesUntil: null,
            publicJwk: {
              kty: 'OKP',
              crv: 'Ed25519',
              x: 'x',
              kid: 'key-two',
              alg: 'EdDSA',
              use: 'sig',
            },
            sealedPrivateKey: 'v1.a.b.c',
          },
          {
            kid: 'key-one',
            algorithm: 'HS256',
            createdAt: T,
            retiredAt: T,
            revokedAt: null,
            verifiesUntil: new Date(T.getTime() + 905_000),
            publicJwk: null,
            sealedPrivateKey: null,
          },
        ],
      },
    ]);
  });

  it('reads a ring stored before keys kept verifiesUntil: null, the reader falls back to its own window', async () => {
    const signingKeys = shared.moduleRef.get<MongooseSigningKeyRepository>(
      storedToken(SigningKeyRepository),
    );
    await shared.connection.db!.collection('tokenward_signing_keys').insertOne({
      _id: 'ring' as never,
      version: 3,
      keys: [
        {
          kid: 'now',
          algorithm: 'HS256',
          createdAt: T,
          retiredAt: null,
          revokedAt: null,
          publicJwk: null,
          sealedPrivateKey: null,
        },
        {
          kid: 'before',
          algorithm: 'HS256',
          createdAt: T,
          retiredAt: T,
          revokedAt: null,
          publicJwk: null,
          sealedPrivateKey: null,
        },
      ],
    });

    const ring = await signingKeys.load();

    expect(ring?.keys.map((k) => [k.kid, k.verifiesUntil])).toEqual([
      ['now', null],
      ['before', null],
    ]);
    const before = ring!.keys[1]!;
    expect(ring!.statusOf(before, new Date(T.getTime() + 904_000), 905)).toBe(
      'retired',
    );
    expect(ring!.statusOf(before, new Date(T.getTime() + 905_000), 905)).toBe(
      'expired',
    );
  });

  it('warns instead of failing start-up when the server refuses the TTL index', async () => {
    const model = shared.connection.model('Tokenward:tokenward_sessions');
    const refused = Object.assign(
      new Error('expireAfterSeconds is not supported'),
      { code: 2 },
    );
    const createIndex = vi
      .spyOn(model.collection, 'createIndex')
      .mockRejectedValueOnce(refused);
    const warn = vi
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    try {
      await expect(
        new MongooseSessionRepository(model as never).onModuleInit(),
      ).resolves.toBeUndefined();
      expect(createIndex).toHaveBeenCalledWith(
        { expiresAt: 1 },
        expect.objectContaining({ expireAfterSeconds: 0 }),
      );
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('TTL index'));
    } finally {
      createIndex.mockRestore();
      warn.mockRestore();
    }
  });

  it('keys stored users that have no username key at start-up, oldest first; newer look-alikes keep email log-in and are named in a warning', async () => {
    // Documents as the previous version wrote them: no usernameKey. Inserted out of age order,
    // over three batches of the start-up pass, with look-alikes of "admin" in the first and the
    // last batch and a look-alike pair next to each other.
    const legacy = (username: string, ageSeconds: number) => {
      const id = crypto.randomUUID();
      const at = new Date(T.getTime() + ageSeconds * 1000);
      return {
        _id: id,
        username,
        usernameNormalized: username.toLowerCase(),
        email: `${id}@example.com`,
        emailNormalized: `${id}@example.com`,
        passwordHash: 'argon2-hash',
        isActive: true,
        roles: ['user'],
        tokenVersion: 1,
        createdAt: at,
        updatedAt: at,
        stateChangedAt: at,
        lastStateChangeAt: null,
      };
    };
    const cyrillic = legacy('аdmin', 50);
    const latin = legacy('admin', 10);
    const smallCaps = legacy('ᴀdmin', 90);
    const bob = legacy('bob', 20);
    const zeroBob = legacy('b0b', 21);
    const filler = Array.from({ length: 1200 }, (_, i) =>
      legacy(`filler${i}`, 30),
    );
    await userModel.collection.insertMany([
      cyrillic,
      ...filler.slice(0, 600),
      bob,
      zeroBob,
      latin,
      ...filler.slice(600),
      smallCaps,
    ] as never[]);
    const warn = vi
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const unkeyed = () =>
      userModel.collection
        .find({ usernameKey: { $exists: false } })
        .map((doc) => String(doc._id))
        .toArray();
    try {
      await new MongooseUserRepository(userModel as never).onModuleInit();

      expect((await unkeyed()).sort()).toEqual(
        [cyrillic._id, smallCaps._id, zeroBob._id].sort(),
      );
      for (const doc of [latin, bob, filler[0]!, filler[1199]!]) {
        expect(
          (await userModel.collection.findOne({ _id: doc._id as never }))
            ?.usernameKey,
        ).toBe(Username.keyOf(doc.username));
      }
      for (const typed of ['admin', 'аdmin', 'ᴀdmin']) {
        expect((await users.findByUsername(Username.keyOf(typed)))?.id).toBe(
          latin._id,
        );
      }
      expect((await users.findByUsername(Username.keyOf('b0b')))?.id).toBe(
        bob._id,
      );
      // The newer look-alike keeps its username for display and logs in by email.
      expect(await users.findByEmail(cyrillic.emailNormalized)).toMatchObject({
        id: cyrillic._id,
        username: 'аdmin',
      });
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0]![0]);
      for (const id of [cyrillic._id, smallCaps._id, zeroBob._id])
        expect(message).toContain(id);
      expect(message).not.toContain('аdmin');
      await expect(users.create(user('admіn'))).rejects.toBeInstanceOf(
        UserAlreadyExistsError,
      );

      // Idempotent: a second start changes nothing and names the same accounts.
      await new MongooseUserRepository(userModel as never).onModuleInit();
      expect((await unkeyed()).sort()).toEqual(
        [cyrillic._id, smallCaps._id, zeroBob._id].sort(),
      );
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('maps a duplicate key to UserAlreadyExistsError but passes other errors through', async () => {
    const alice = user('alice');
    await users.create(alice);
    await expect(users.create(user('alice'))).rejects.toBeInstanceOf(
      UserAlreadyExistsError,
    );
    // A second session with the same current hash is a bug, not a registration conflict.
    const first = session(alice.id);
    await sessions.create(first);
    const clash = new Session({
      ...session(alice.id),
      refreshTokenHash: first.refreshTokenHash,
    });
    await expect(sessions.create(clash)).rejects.toMatchObject({ code: 11000 });
    await expect(sessions.create(clash)).rejects.not.toBeInstanceOf(
      UserAlreadyExistsError,
    );
  });
});

describe('mongoose adapter: storage failures', () => {
  it('classifies unreachable-server driver errors, and only those, as storage unavailable', () => {
    const { mongo } = mongoose;
    expect(
      isStorageUnavailable(new mongo.MongoNetworkError('connection reset')),
    ).toBe(true);
    expect(
      isStorageUnavailable(new mongo.MongoNetworkTimeoutError('timed out')),
    ).toBe(true);
    expect(isStorageUnavailable(new mongo.MongoTopologyClosedError())).toBe(
      true,
    );
    expect(
      isStorageUnavailable(new mongo.MongoNotConnectedError('not connected')),
    ).toBe(true);
    const failover = new mongo.MongoServerError({
      message: 'not primary',
      code: 10107,
    });
    failover.addErrorLabel('RetryableWriteError');
    expect(isStorageUnavailable(failover)).toBe(true);

    expect(
      isStorageUnavailable(
        new mongo.MongoServerError({
          message: 'E11000 duplicate key',
          code: 11000,
        }),
      ),
    ).toBe(false);
    expect(
      isStorageUnavailable(
        new mongoose.Error.CastError('String', {}, 'username'),
      ),
    ).toBe(false);
    expect(isStorageUnavailable(new Error('bug'))).toBe(false);
  });

  async function expectStorageUnavailable(
    call: Promise<unknown>,
  ): Promise<void> {
    const failure = await call.then(
      () => new Error('expected the call to fail'),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect((failure as StorageUnavailableError).code).toBe(
      'storage_unavailable',
    );
    expect(isStorageUnavailable((failure as Error).cause)).toBe(true);
  }

  function usersOn(connection: Connection): MongooseUserRepository {
    const model = connection.model(
      'Tokenward:tokenward_users',
      UserSchema,
      'tokenward_users',
    );
    return new MongooseUserRepository(model as unknown as Model<UserDocument>);
  }

  it('answers StorageUnavailableError when the server cannot be reached', async () => {
    // A port nothing listens on: mongoose queues the command, then gives up.
    const connection = mongoose.createConnection(
      'mongodb://127.0.0.1:9/tokenward_unreachable',
      {
        serverSelectionTimeoutMS: 200,
        // A mongoose connection option its typings omit: how long a queued command waits.
        bufferTimeoutMS: 300,
      } as ConnectOptions,
    );
    connection.on('error', () => undefined);
    try {
      await expectStorageUnavailable(
        usersOn(connection).findByUsername('alice'),
      );
    } finally {
      await connection.close();
    }
  });

  it('answers StorageUnavailableError once the connection is gone', async () => {
    const uri = uniqueMongoUri(inject('mongoUri'), 'contract-closed');
    const connection = await mongoose
      .createConnection(uri, {
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      })
      .asPromise();
    const repository = usersOn(connection);
    expect(await repository.findByUsername('alice')).toBeNull();
    await connection.dropDatabase();
    await connection.close();

    await expectStorageUnavailable(repository.findByUsername('alice'));
    await expectStorageUnavailable(
      repository.incrementTokenVersion('some-id', new Date()),
    );
  });
});

describe('AuthModule with storage: mongoose', () => {
  let moduleRef: TestingModule | undefined;
  let connection: Connection | undefined;

  afterAll(async () => {
    await connection?.dropDatabase();
    await moduleRef?.close();
  });

  it('uses a named host connection and a custom collection prefix', async () => {
    const uri = uniqueMongoUri(inject('mongoUri'), 'contract-auth-module');
    moduleRef = await Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(uri, {
          connectionName: 'auth',
          serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        }),
        AuthModule.forRoot({
          secret: TEST_SECRET,
          argon2: FAST_ARGON2,
          storage: 'mongoose',
          mongoose: { connectionName: 'auth', collectionPrefix: 'acme_auth_' },
          mountControllers: false,
        }),
      ],
    }).compile();
    await moduleRef.init();
    connection = moduleRef.get<Connection>(getConnectionToken('auth'));

    expect(moduleRef.get(storedToken(UserRepository))).toBeInstanceOf(
      MongooseUserRepository,
    );
    await moduleRef
      .get(CommandBus)
      .execute(
        new RegisterUserCommand(
          'Carol',
          'carol@example.com',
          'correct horse battery staple',
        ),
      );

    const stored = await connection
      .db!.collection('acme_auth_users')
      .findOne({ usernameNormalized: 'carol' });
    expect(stored).toMatchObject({
      username: 'Carol',
      emailNormalized: 'carol@example.com',
    });
    expect(typeof stored?._id).toBe('string');
    const names = (await connection.db!.listCollections().toArray()).map(
      (c) => c.name,
    );
    expect(names).toContain('acme_auth_users');
    expect(names.some((name) => name.startsWith('tokenward_'))).toBe(false);
    await expect(
      moduleRef
        .get(CommandBus)
        .execute(
          new RegisterUserCommand(
            'CAROL',
            'other@example.com',
            'correct horse battery staple',
          ),
        ),
    ).rejects.toBeInstanceOf(UserAlreadyExistsError);
  });

  it('refuses an unusable collection prefix at start-up', () => {
    expect(() =>
      AuthModule.forRoot({
        secret: TEST_SECRET,
        storage: 'mongoose',
        mongoose: { collectionPrefix: 'a$b' },
      }),
    ).toThrow(/collectionPrefix/);
  });
});
