// The one behaviour every storage adapter must have. Each adapter's spec calls
// describeRepositoryContract() with a factory of fresh repositories; a case that passes for one
// adapter and fails for another is a bug in that adapter (or a gap in the port's contract).

import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Email } from '../../src/domain/value-objects/email.js';
import { Username } from '../../src/domain/value-objects/username.js';
import { identityOf } from '../../src/domain/entities/user.entity.js';
import {
  AuditRecord,
  GlobalRotationState,
  Session,
  User,
  UserAlreadyExistsError,
  type AccountTokenRepository,
  type AuditLogRepository,
  type MailOutboxRepository,
  type AuditRecordProps,
  type AttemptReservation,
  type LockoutPolicy,
  type LoginAttemptRepository,
  type RateLimitStorage,
  type RotationStateRepository,
  type SessionRepository,
  type SigningKey,
  type SigningKeyRepository,
  type UserRepository,
  SigningKeyRing,
  AccountToken,
  MailIntent,
  SsfEvent,
  SsfStream,
  type SsfEventRepository,
  type SsfStreamRepository,
  WebAuthnChallenge,
  WebAuthnCredential,
  type WebAuthnChallengeRepository,
  type WebAuthnCredentialRepository,
  TotpFactor,
  type TotpFactorRepository,
} from '../support/tokenward.js';
import { MAX_REMEMBERED_REFRESH_HASHES } from '../../src/domain/entities/session.entity.js';
import { NOTHING_RECORDED } from '../support/session-fields.js';
import type {
  RevocationChange,
  RevocationChangeRepository,
} from '../../src/domain/ports/revocation-change.repository.js';

/** Fresh, empty repositories of one adapter, and how to release them. */
export interface RepositoryFixture {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly rotationState: RotationStateRepository;
  readonly attempts: LoginAttemptRepository;
  readonly rateLimits: RateLimitStorage;
  readonly auditLog: AuditLogRepository;
  readonly signingKeys: SigningKeyRepository;
  readonly accountTokens: AccountTokenRepository;
  readonly mailOutbox: MailOutboxRepository;
  readonly ssfStreams: SsfStreamRepository;
  readonly ssfEvents: SsfEventRepository;
  readonly webauthnCredentials: WebAuthnCredentialRepository;
  readonly webauthnChallenges: WebAuthnChallengeRepository;
  readonly revocationChanges: RevocationChangeRepository;
  readonly totpFactors: TotpFactorRepository;
  cleanup?(): Promise<void>;
}

/** Called before every case; must return repositories holding no data. */
export type RepositoryFactory = () => Promise<RepositoryFixture>;

const T0 = Date.parse('2026-03-01T12:00:00.000Z');

/** A fixed instant `seconds` after the suite's epoch (tests never read the wall clock). */
function at(seconds: number): Date {
  return new Date(T0 + seconds * 1000);
}

interface UserSeed {
  username?: string;
  email?: string;
  id?: string;
  isActive?: boolean;
  roles?: string[];
  createdAt?: Date;
  passwordHash?: string;
}

/** A user as registration stores it, with whatever `seed` sets (also for adapter-specific specs). */
export function makeUser(seed: UserSeed = {}): User {
  const username = Username.parse(
    seed.username ?? `user_${randomUUID().slice(0, 8)}`,
  );
  const email = Email.parse(seed.email ?? `${username.normalized}@example.com`);
  const createdAt = seed.createdAt ?? at(0);
  return new User({
    id: seed.id ?? randomUUID(),
    ...identityOf(username, email),
    emailVerified: false,
    passwordHash:
      seed.passwordHash ?? `$argon2id$v=19$m=1024,t=1,p=1$${randomUUID()}`,
    isActive: seed.isActive ?? true,
    roles: seed.roles ?? ['user'],
    tokenVersion: 1,
    passwordVersion: 1,
    createdAt,
    updatedAt: createdAt,
    stateChangedAt: createdAt,
  });
}

interface SessionSeed {
  userId?: string;
  hash?: string;
  createdAt?: Date;
  expiresAt?: Date;
}

function makeSession(seed: SessionSeed = {}): Session {
  return new Session({
    id: randomUUID(),
    userId: seed.userId ?? randomUUID(),
    refreshTokenHash: seed.hash ?? hash(),
    previousRefreshTokenHashes: [],
    lastRotatedAt: null,
    globalVersion: 1,
    userVersion: 1,
    createdAt: seed.createdAt ?? at(0),
    expiresAt: seed.expiresAt ?? at(30 * 86_400),
    revokedAt: null,
    revocationReason: null,
    lastUsedAt: seed.createdAt ?? at(0),
    ...NOTHING_RECORDED,
  });
}

/** A unique stand-in for a SHA-256 hex digest. */
function hash(): string {
  return randomUUID().replaceAll('-', '').padEnd(64, '0');
}

function rotation(newHash: string, seconds: number) {
  return {
    newRefreshTokenHash: newHash,
    rotatedAt: at(seconds),
    expiresAt: at(seconds + 30 * 86_400),
    globalVersion: 1,
    userVersion: 1,
  };
}

function makeAuditRecord(seed: Partial<AuditRecordProps> = {}): AuditRecord {
  const occurredAt = seed.occurredAt ?? at(0);
  return new AuditRecord({
    id: randomUUID(),
    action: 'user_token_rotation',
    actorId: randomUUID(),
    subjectId: randomUUID(),
    reason: 'lost laptop',
    requestId: 'req-1',
    details: { previousVersion: 1, newVersion: 2 },
    expiresAt: new Date(occurredAt.getTime() + 365 * 86_400_000),
    ...seed,
    occurredAt,
  });
}

/** A signing key as stored; asymmetric ones carry a public JWK and a (stand-in) sealed key. */
function makeSigningKey(seed: Partial<SigningKey> = {}): SigningKey {
  const kid = seed.kid ?? randomUUID().replaceAll('-', '').slice(0, 16);
  const algorithm = seed.algorithm ?? 'EdDSA';
  const asymmetric = algorithm !== 'HS256';
  return {
    kid,
    algorithm,
    createdAt: at(0),
    retiredAt: null,
    revokedAt: null,
    verifiesUntil: null,
    publicJwk: asymmetric
      ? {
          kty: 'OKP',
          crv: 'Ed25519',
          x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
          kid,
          alg: algorithm,
          use: 'sig',
        }
      : null,
    sealedPrivateKey: asymmetric
      ? `v1.${randomUUID()}.${randomUUID()}${randomUUID()}.${randomUUID()}`
      : null,
    ...seed,
  };
}

/** Registers the contract cases for one adapter. */
export function describeRepositoryContract(
  name: string,
  factory: RepositoryFactory,
): void {
  describe(`${name}: repository contract`, () => {
    let fixture: RepositoryFixture;
    let users: UserRepository;
    let sessions: SessionRepository;
    let rotationState: RotationStateRepository;

    beforeEach(async () => {
      fixture = await factory();
      ({ users, sessions, rotationState } = fixture);
    });

    afterEach(async () => {
      await fixture.cleanup?.();
    });

    describe('users', () => {
      it('creates a user and finds it by id, username and email with every field', async () => {
        const user = makeUser({
          username: 'Alice.Smith',
          email: 'Alice@Example.COM',
          roles: ['admin', 'user'],
        });

        await expect(users.create(user)).resolves.toEqual(user);

        expect(await users.findById(user.id)).toEqual(user);
        expect(
          await users.findByUsername(Username.keyOf('alice.smith')),
        ).toEqual(user);
        expect(await users.findByEmail('alice@example.com')).toEqual(user);
        // The entity keeps what login needs and what the public view shows.
        const found = await users.findById(user.id);
        expect(found).toBeInstanceOf(User);
        expect(found?.passwordHash).toBe(user.passwordHash);
        expect(found?.username).toBe('Alice.Smith');
        expect(found?.toSnapshot()).toEqual(user.toSnapshot());
      });

      it('returns null for an unknown id, username or email', async () => {
        await users.create(makeUser({ username: 'known' }));

        expect(await users.findById(randomUUID())).toBeNull();
        expect(
          await users.findByUsername(Username.keyOf('unknown')),
        ).toBeNull();
        expect(await users.findByEmail('unknown@example.com')).toBeNull();
        // Look-ups take the key (Username.keyOf): the display form is not a key.
        expect(await users.findByUsername('KNOWN')).toBeNull();
      });

      it('refuses a username that differs only in case, keeping the first user', async () => {
        const first = makeUser({
          username: 'Alice',
          email: 'first@example.com',
        });
        await users.create(first);

        await expect(
          users.create(
            makeUser({ username: 'aLiCe', email: 'second@example.com' }),
          ),
        ).rejects.toBeInstanceOf(UserAlreadyExistsError);

        expect(await users.findByUsername(Username.keyOf('alice'))).toEqual(
          first,
        );
        expect(await users.findByEmail('second@example.com')).toBeNull();
        expect(await users.countActive()).toBe(1);
      });

      it('refuses a look-alike username (the same key), keeping the first user', async () => {
        const first = makeUser({
          username: 'admin',
          email: 'first@example.com',
        });
        await users.create(first);

        // Cyrillic а, Cyrillic і, dotless ı, small capital A: the four look-alikes.
        for (const [i, lookalike] of [
          'аdmin',
          'admіn',
          'admın',
          'ᴀdmin',
        ].entries()) {
          await expect(
            users.create(
              makeUser({
                username: lookalike,
                email: `lookalike${i}@example.com`,
              }),
            ),
            lookalike,
          ).rejects.toBeInstanceOf(UserAlreadyExistsError);
        }

        expect(await users.countActive()).toBe(1);
        expect(await users.findByEmail('lookalike0@example.com')).toBeNull();
        for (const typed of ['admin', 'аdmin', 'ᴀdmin', 'ADMIN']) {
          expect(
            await users.findByUsername(Username.keyOf(typed)),
            typed,
          ).toEqual(first);
        }
      });

      it('keeps the username as registered, found by the key of any of its look-alikes', async () => {
        const user = makeUser({ username: 'аdmin' });
        await users.create(user);

        const found = await users.findByUsername(Username.keyOf('admin'));
        expect(found?.id).toBe(user.id);
        expect(found?.username).toBe('аdmin');
        expect(found?.usernameKey).toBe(Username.keyOf('admin'));
        await expect(
          users.create(
            makeUser({ username: 'admin', email: 'latin@example.com' }),
          ),
        ).rejects.toBeInstanceOf(UserAlreadyExistsError);
      });

      it('stores usernames whose keys differ side by side (accents, i and l are not folded)', async () => {
        for (const username of ['jose', 'josé', 'ivan', 'lvan']) {
          await users.create(makeUser({ username }));
        }
        expect(await users.countActive()).toBe(4);
        expect(
          (await users.findByUsername(Username.keyOf('josé')))?.username,
        ).toBe('josé');
      });

      it('refuses an email that differs only in case', async () => {
        await users.create(
          makeUser({ username: 'first', email: 'Same@Example.com' }),
        );

        await expect(
          users.create(
            makeUser({ username: 'second', email: 'same@EXAMPLE.com' }),
          ),
        ).rejects.toBeInstanceOf(UserAlreadyExistsError);

        expect(await users.findByUsername(Username.keyOf('second'))).toBeNull();
        expect(await users.countActive()).toBe(1);
      });

      it('lists active users by creation time then id, with skip and limit', async () => {
        const [idLow, idHigh] = [randomUUID(), randomUUID()].sort();
        const late = makeUser({ createdAt: at(20) });
        const tieHigh = makeUser({ id: idHigh, createdAt: at(10) });
        const tieLow = makeUser({ id: idLow, createdAt: at(10) });
        const inactive = makeUser({ createdAt: at(5), isActive: false });
        const earliest = makeUser({ createdAt: at(1) });
        // Inserted out of order, so insertion order cannot pass for the sort.
        for (const user of [late, tieHigh, inactive, tieLow, earliest])
          await users.create(user);

        const ids = (list: User[]) => list.map((user) => user.id);
        expect(ids(await users.listActive(0, 10))).toEqual([
          earliest.id,
          tieLow.id,
          tieHigh.id,
          late.id,
        ]);
        expect(ids(await users.listActive(1, 2))).toEqual([
          tieLow.id,
          tieHigh.id,
        ]);
        expect(ids(await users.listActive(3, 10))).toEqual([late.id]);
        expect(await users.listActive(4, 10)).toEqual([]);
        expect(await users.listActive(0, 0)).toEqual([]);
        const [first] = await users.listActive(0, 1);
        expect(first).toMatchObject({
          id: earliest.id,
          username: earliest.username,
          isActive: true,
        });
        expect(await users.countActive()).toBe(4);
      });

      it('replaces the password hash without counting it as a state change', async () => {
        const user = makeUser();
        await users.create(user);

        await users.updatePasswordHash(user.id, 'new-hash', at(50));
        await users.updatePasswordHash(randomUUID(), 'ignored', at(50));

        const found = await users.findById(user.id);
        expect(found?.passwordHash).toBe('new-hash');
        expect(found?.updatedAt).toEqual(at(50));
        expect(found?.stateChangedAt).toEqual(user.stateChangedAt);
        expect(found?.tokenVersion).toBe(1);
        // What another instance's poll reads for this user is unchanged: nothing to revoke.
        expect(await users.findSnapshotsByIds([user.id])).toEqual([
          user.toSnapshot(),
        ]);
      });

      it('increments the token version and reports previous and new', async () => {
        const user = makeUser();
        await users.create(user);

        const first = await users.incrementTokenVersion(user.id, at(60));
        expect(first).toMatchObject({ previousVersion: 1, newVersion: 2 });
        expect(first?.user).toMatchObject({
          id: user.id,
          tokenVersion: 2,
          stateChangedAt: at(60),
          updatedAt: at(60),
          passwordHash: user.passwordHash,
        });
        const second = await users.incrementTokenVersion(user.id, at(61));
        expect(second).toMatchObject({ previousVersion: 2, newVersion: 3 });
        expect((await users.findById(user.id))?.tokenVersion).toBe(3);
        expect(
          await users.incrementTokenVersion(randomUUID(), at(62)),
        ).toBeNull();
      });

      it('updates status and roles, bumping the version only when asked', async () => {
        const user = makeUser({ roles: ['user'] });
        await users.create(user);

        const deactivated = await users.updateStatus(
          user.id,
          { isActive: false },
          false,
          at(70),
        );
        expect(deactivated).toMatchObject({
          isActive: false,
          roles: ['user'],
          tokenVersion: 1,
          stateChangedAt: at(70),
        });
        expect(await users.countActive()).toBe(0);

        const promoted = await users.updateStatus(
          user.id,
          { isActive: true, roles: ['admin', 'user'] },
          true,
          at(80),
        );
        expect(promoted).toMatchObject({
          isActive: true,
          roles: ['admin', 'user'],
          tokenVersion: 2,
          stateChangedAt: at(80),
          passwordHash: user.passwordHash,
        });

        // An empty change still records a state change (and may bump).
        const touched = await users.updateStatus(user.id, {}, true, at(90));
        expect(touched).toMatchObject({
          isActive: true,
          roles: ['admin', 'user'],
          tokenVersion: 3,
        });
        expect(await users.findById(user.id)).toMatchObject({
          tokenVersion: 3,
          stateChangedAt: at(90),
        });
        expect(
          await users.updateStatus(
            randomUUID(),
            { isActive: false },
            true,
            at(90),
          ),
        ).toBeNull();
      });

      it('gives the current state of the users asked for by id, without their secret', async () => {
        const a = makeUser({ username: 'by-id-a' });
        const b = makeUser({ username: 'by-id-b' });
        const untouched = makeUser({ username: 'by-id-c' });
        for (const user of [a, b, untouched]) await users.create(user);
        await users.incrementTokenVersion(a.id, at(20));

        const found = await users.findSnapshotsByIds([
          a.id,
          b.id,
          randomUUID(),
          a.id,
        ]);

        expect(found.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(
          [
            { ...a.toSnapshot(), tokenVersion: 2, stateChangedAt: at(20) },
            b.toSnapshot(),
          ].sort((x, y) => (x.id < y.id ? -1 : 1)),
        );
        for (const snapshot of found)
          expect(snapshot).not.toHaveProperty('passwordHash');
        expect(await users.findSnapshotsByIds([])).toEqual([]);
      });

      it('replaces the password only at the expected password version, bumping both versions', async () => {
        const user = makeUser();
        await users.create(user);

        const bump = await users.replacePassword(user.id, 'hash-2', 1, at(40));
        expect(bump).toMatchObject({ previousVersion: 1, newVersion: 2 });
        expect(bump?.user).toMatchObject({
          passwordHash: 'hash-2',
          passwordVersion: 2,
          tokenVersion: 2,
          stateChangedAt: at(40),
        });
        // A token bound to the replaced password (version 1) no longer matches.
        expect(
          await users.replacePassword(user.id, 'hash-3', 1, at(41)),
        ).toBeNull();
        expect(
          await users.replacePassword(randomUUID(), 'hash-3', 2, at(41)),
        ).toBeNull();
        expect(await users.findById(user.id)).toMatchObject({
          passwordHash: 'hash-2',
          passwordVersion: 2,
          tokenVersion: 2,
        });
        // Another instance's poll sees the new token version.
        expect(await users.findSnapshotsByIds([user.id])).toEqual([
          { ...user.toSnapshot(), tokenVersion: 2, stateChangedAt: at(40) },
        ]);
      });

      it('lets exactly one of 10 parallel password replacements at one version win', async () => {
        const user = makeUser();
        await users.create(user);

        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            users.replacePassword(user.id, `hash-${i}`, 1, at(50)),
          ),
        );

        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        const stored = await users.findById(user.id);
        expect(stored).toMatchObject({ passwordVersion: 2, tokenVersion: 2 });
        expect(stored?.passwordHash).toBe(winners[0]!.user.passwordHash);
      });

      it('marks the email verified only while it is still the address', async () => {
        const user = makeUser({ email: 'Verify@Example.com' });
        await users.create(user);

        expect(
          await users.markEmailVerified(user.id, 'other@example.com', at(10)),
        ).toBeNull();
        expect((await users.findById(user.id))?.emailVerified).toBe(false);
        const verified = await users.markEmailVerified(
          user.id,
          'verify@example.com',
          at(11),
        );
        expect(verified).toMatchObject({
          emailVerified: true,
          stateChangedAt: at(11),
        });
        expect(await users.findById(user.id)).toMatchObject({
          emailVerified: true,
          passwordHash: user.passwordHash,
        });
        expect(
          (await users.findSnapshotsByIds([user.id]))[0]?.emailVerified,
        ).toBe(true);
      });

      it('changes the email when the old one is current, refusing an address of another account', async () => {
        const user = makeUser({ email: 'old@example.com' });
        const other = makeUser({ email: 'taken@example.com' });
        await users.create(user);
        await users.create(other);

        await expect(
          users.changeEmail(
            user.id,
            'old@example.com',
            { value: 'TAKEN@example.com', normalized: 'taken@example.com' },
            at(20),
          ),
        ).rejects.toBeInstanceOf(UserAlreadyExistsError);
        expect(
          await users.changeEmail(
            user.id,
            'stale@example.com',
            { value: 'new@example.com', normalized: 'new@example.com' },
            at(20),
          ),
        ).toBeNull();

        const changed = await users.changeEmail(
          user.id,
          'old@example.com',
          { value: 'New@Example.com', normalized: 'new@example.com' },
          at(21),
        );
        expect(changed).toMatchObject({
          email: 'New@Example.com',
          emailNormalized: 'new@example.com',
          emailVerified: true,
          stateChangedAt: at(21),
        });
        expect((await users.findByEmail('new@example.com'))?.id).toBe(user.id);
        expect(await users.findByEmail('old@example.com')).toBeNull();
        // The old address is free again.
        await users.create(makeUser({ email: 'old@example.com' }));
        expect(await users.countActive()).toBe(3);
      });
    });

    describe('sessions', () => {
      it('creates a session and finds it by id and current hash', async () => {
        const session = makeSession();

        await expect(sessions.create(session)).resolves.toEqual(session);

        expect(await sessions.findById(session.id)).toEqual(session);
        const byHash = await sessions.findByRefreshTokenHash(
          session.refreshTokenHash,
        );
        expect(byHash).toEqual(session);
        expect(byHash).toBeInstanceOf(Session);
        expect(await sessions.findById(randomUUID())).toBeNull();
        expect(await sessions.findByRefreshTokenHash(hash())).toBeNull();
        expect(
          await sessions.findByPreviousRefreshTokenHash(
            session.refreshTokenHash,
          ),
        ).toBeNull();
      });

      it('rotates when the expected hash is current, moving it into the history', async () => {
        const session = makeSession();
        await sessions.create(session);
        const next = hash();

        const rotated = await sessions.rotate(
          session.id,
          session.refreshTokenHash,
          {
            newRefreshTokenHash: next,
            rotatedAt: at(100),
            expiresAt: at(200),
            globalVersion: 4,
            userVersion: 7,
            client: { ip: '203.0.113.9', userAgent: 'Agent/2' },
            sealedSuccessor: 'v1.sealed-successor',
          },
        );

        expect(rotated).toEqual(
          new Session({
            ...session,
            refreshTokenHash: next,
            previousRefreshTokenHashes: [session.refreshTokenHash],
            lastRotatedAt: at(100),
            expiresAt: at(200),
            globalVersion: 4,
            userVersion: 7,
            lastUsedAt: at(100),
            lastUsedIp: '203.0.113.9',
            lastUsedUserAgent: 'Agent/2',
            sealedSuccessor: 'v1.sealed-successor',
          }),
        );
        expect(await sessions.findById(session.id)).toEqual(rotated);
        expect((await sessions.findByRefreshTokenHash(next))?.id).toBe(
          session.id,
        );
        expect(
          await sessions.findByRefreshTokenHash(session.refreshTokenHash),
        ).toBeNull();
        expect(
          (
            await sessions.findByPreviousRefreshTokenHash(
              session.refreshTokenHash,
            )
          )?.id,
        ).toBe(session.id);
      });

      it('refuses to rotate on a stale hash, a revoked session or an unknown id', async () => {
        const session = makeSession();
        await sessions.create(session);

        expect(
          await sessions.rotate(session.id, hash(), rotation(hash(), 10)),
        ).toBeNull();
        expect(await sessions.findById(session.id)).toEqual(session);
        expect(
          await sessions.rotate(
            randomUUID(),
            session.refreshTokenHash,
            rotation(hash(), 10),
          ),
        ).toBeNull();

        const first = hash();
        expect(
          await sessions.rotate(
            session.id,
            session.refreshTokenHash,
            rotation(first, 20),
          ),
        ).not.toBeNull();
        // The hash just replaced is now stale.
        expect(
          await sessions.rotate(
            session.id,
            session.refreshTokenHash,
            rotation(hash(), 30),
          ),
        ).toBeNull();

        await sessions.revoke(session.id, 'logout', at(40));
        expect(
          await sessions.rotate(session.id, first, rotation(hash(), 50)),
        ).toBeNull();
        expect((await sessions.findById(session.id))?.refreshTokenHash).toBe(
          first,
        );
      });

      it(`remembers only the last ${MAX_REMEMBERED_REFRESH_HASHES} replaced hashes, newest last`, async () => {
        const session = makeSession();
        await sessions.create(session);
        const hashes = [session.refreshTokenHash];
        for (let i = 1; i <= MAX_REMEMBERED_REFRESH_HASHES + 1; i++) {
          const next = hash();
          const rotated = await sessions.rotate(
            session.id,
            hashes[i - 1]!,
            rotation(next, i),
          );
          expect(rotated).not.toBeNull();
          hashes.push(next);
        }

        const stored = await sessions.findById(session.id);
        expect(stored?.refreshTokenHash).toBe(hashes.at(-1));
        expect(stored?.previousRefreshTokenHashes).toEqual(
          hashes.slice(1, MAX_REMEMBERED_REFRESH_HASHES + 1),
        );
        expect(
          await sessions.findByPreviousRefreshTokenHash(hashes[0]!),
        ).toBeNull();
        expect(
          (await sessions.findByPreviousRefreshTokenHash(hashes[1]!))?.id,
        ).toBe(session.id);
        expect(
          (await sessions.findByPreviousRefreshTokenHash(hashes.at(-2)!))?.id,
        ).toBe(session.id);
      });

      it('revokes once: the second revoke reports false and keeps the first reason', async () => {
        const session = makeSession();
        await sessions.create(session);

        expect(await sessions.revoke(session.id, 'logout', at(10))).toBe(true);
        expect(await sessions.revoke(session.id, 'admin', at(20))).toBe(false);
        expect(await sessions.revoke(randomUUID(), 'logout', at(20))).toBe(
          false,
        );

        const stored = await sessions.findById(session.id);
        expect(stored).toMatchObject({
          revokedAt: at(10),
          revocationReason: 'logout',
        });
        expect(stored?.isRevoked).toBe(true);
      });

      it('revokes every live session of a user but the one kept', async () => {
        const userId = randomUUID();
        const [kept, a, b] = [
          makeSession({ userId }),
          makeSession({ userId }),
          makeSession({ userId }),
        ];
        const other = makeSession();
        for (const session of [kept!, a!, b!, other])
          await sessions.create(session);

        expect(
          await sessions.revokeOtherSessions(
            userId,
            kept!.id,
            'password_changed',
            at(10),
          ),
        ).toBe(2);
        expect(
          await sessions.revokeOtherSessions(
            userId,
            kept!.id,
            'password_changed',
            at(11),
          ),
        ).toBe(0);
        expect((await sessions.findById(kept!.id))?.revokedAt).toBeNull();
        expect((await sessions.findById(other.id))?.revokedAt).toBeNull();
        for (const session of [a!, b!]) {
          expect(await sessions.findById(session.id)).toMatchObject({
            revokedAt: at(10),
            revocationReason: 'password_changed',
          });
        }
      });

      it("revokes all of one user's live sessions and counts only those", async () => {
        const userId = randomUUID();
        const mine = [
          makeSession({ userId }),
          makeSession({ userId }),
          makeSession({ userId }),
        ];
        const other = makeSession();
        for (const session of [...mine, other]) await sessions.create(session);
        await sessions.revoke(mine[0]!.id, 'logout', at(5));

        expect(
          await sessions.revokeAllForUser(userId, 'logout_all', at(10)),
        ).toBe(2);
        expect(
          await sessions.revokeAllForUser(userId, 'logout_all', at(20)),
        ).toBe(0);
        expect(
          await sessions.revokeAllForUser(randomUUID(), 'logout_all', at(20)),
        ).toBe(0);

        expect(await sessions.findById(mine[0]!.id)).toMatchObject({
          revokedAt: at(5),
          revocationReason: 'logout',
        });
        for (const session of mine.slice(1)) {
          expect(await sessions.findById(session.id)).toMatchObject({
            revokedAt: at(10),
            revocationReason: 'logout_all',
          });
        }
        expect((await sessions.findById(other.id))?.revokedAt).toBeNull();
      });

      it('reports the revocations among given sessions and users, strictly after a time', async () => {
        const named = makeSession();
        const namedLive = makeSession();
        const userId = randomUUID();
        const ofUser = makeSession({ userId });
        const ofUserLive = makeSession({ userId });
        const ofUserOld = makeSession({ userId });
        const elsewhere = makeSession();
        for (const session of [
          named,
          namedLive,
          ofUser,
          ofUserLive,
          ofUserOld,
          elsewhere,
        ])
          await sessions.create(session);
        await sessions.revoke(ofUserOld.id, 'logout', at(5));
        await sessions.revoke(named.id, 'logout', at(10));
        await sessions.revoke(ofUser.id, 'admin', at(20));
        await sessions.revoke(elsewhere.id, 'logout', at(20));

        const found = await sessions.findRevocationsAmong(
          [named.id, namedLive.id, randomUUID()],
          [userId, randomUUID()],
          at(5),
        );

        expect(
          found.sort((x, y) => x.revokedAt.getTime() - y.revokedAt.getTime()),
        ).toEqual([
          { sessionId: named.id, userId: named.userId, revokedAt: at(10) },
          { sessionId: ofUser.id, userId, revokedAt: at(20) },
        ]);
        expect(await sessions.findRevocationsAmong([], [], at(0))).toEqual([]);
        expect(
          await sessions.findRevocationsAmong([named.id], [userId], at(20)),
        ).toEqual([]);
      });

      it('keeps the login client and device name, and the last client across rotations', async () => {
        const session = Session.opened({
          id: randomUUID(),
          userId: randomUUID(),
          refreshTokenHash: hash(),
          globalVersion: 1,
          userVersion: 1,
          createdAt: at(0),
          expiresAt: at(1000),
          client: { ip: '198.51.100.7', userAgent: 'Agent/1' },
          deviceName: 'Work laptop',
          authentication: { amr: ['pwd'], authTime: at(0) },
        });
        await sessions.create(session);
        expect(await sessions.findById(session.id)).toEqual(session);

        const withoutClient = await sessions.rotate(
          session.id,
          session.refreshTokenHash,
          rotation(hash(), 10),
        );
        // No client given: the last one stays; no successor given: none is kept.
        expect(withoutClient).toMatchObject({
          loginIp: '198.51.100.7',
          loginUserAgent: 'Agent/1',
          lastUsedIp: '198.51.100.7',
          lastUsedUserAgent: 'Agent/1',
          deviceName: 'Work laptop',
          lastUsedAt: at(10),
          sealedSuccessor: null,
        });
        const withClient = await sessions.rotate(
          session.id,
          withoutClient!.refreshTokenHash,
          {
            ...rotation(hash(), 20),
            client: { ip: null, userAgent: 'Agent/3' },
            sealedSuccessor: 'v1.x',
          },
        );
        expect(await sessions.findById(session.id)).toEqual(withClient);
        expect(withClient).toMatchObject({
          loginIp: '198.51.100.7',
          lastUsedIp: null,
          lastUsedUserAgent: 'Agent/3',
          sealedSuccessor: 'v1.x',
          lastUsedAt: at(20),
        });
      });

      it("keeps the login's amr and auth_time across rotations, and null for a session without them", async () => {
        const session = Session.opened({
          id: randomUUID(),
          userId: randomUUID(),
          refreshTokenHash: hash(),
          globalVersion: 1,
          userVersion: 1,
          createdAt: at(5),
          expiresAt: at(1000),
          authentication: { amr: ['pwd', 'otp', 'mfa'], authTime: at(3) },
        });
        await sessions.create(session);
        expect(await sessions.findById(session.id)).toMatchObject({
          amr: ['pwd', 'otp', 'mfa'],
          authTime: at(3),
        });
        const rotated = await sessions.rotate(
          session.id,
          session.refreshTokenHash,
          rotation(hash(), 100),
        );
        expect(rotated?.authentication).toEqual({
          amr: ['pwd', 'otp', 'mfa'],
          authTime: at(3),
        });
        expect((await sessions.findById(session.id))?.authentication).toEqual({
          amr: ['pwd', 'otp', 'mfa'],
          authTime: at(3),
        });

        const legacy = makeSession();
        await sessions.create(legacy);
        const found = await sessions.findById(legacy.id);
        expect(found).toMatchObject({ amr: null, authTime: null });
        expect(found?.authentication).toBeUndefined();
      });

      it("lists a user's active sessions newest first, bounded, and no one else's", async () => {
        const userId = randomUUID();
        const oldest = makeSession({ userId, createdAt: at(1) });
        const middle = makeSession({ userId, createdAt: at(2) });
        const newest = makeSession({ userId, createdAt: at(3) });
        const revoked = makeSession({ userId, createdAt: at(4) });
        const expired = makeSession({
          userId,
          createdAt: at(5),
          expiresAt: at(50),
        });
        const foreign = makeSession({ createdAt: at(6) });
        for (const session of [
          oldest,
          newest,
          middle,
          revoked,
          expired,
          foreign,
        ])
          await sessions.create(session);
        await sessions.revoke(revoked.id, 'logout', at(10));

        const listed = await sessions.listActiveForUser(userId, at(50), 10);
        expect(listed.map((s) => s.id)).toEqual([
          newest.id,
          middle.id,
          oldest.id,
        ]);
        expect(listed[0]).toBeInstanceOf(Session);
        expect(listed[0]).toEqual(newest);
        expect(
          (await sessions.listActiveForUser(userId, at(49), 2)).map(
            (s) => s.id,
          ),
        ).toEqual([expired.id, newest.id]);
        expect(
          await sessions.listActiveForUser(randomUUID(), at(50), 10),
        ).toEqual([]);
      });

      it('counts sessions neither revoked nor expired at a given time', async () => {
        const longLived = makeSession({ expiresAt: at(200) });
        const shortLived = makeSession({ expiresAt: at(100) });
        const revoked = makeSession({ expiresAt: at(200) });
        for (const session of [longLived, shortLived, revoked])
          await sessions.create(session);
        await sessions.revoke(revoked.id, 'logout', at(1));

        expect(await sessions.countActive(at(50))).toBe(2);
        // Expiry is inclusive: at expiresAt the session is over.
        expect(await sessions.countActive(at(100))).toBe(1);
        expect(await sessions.countActive(at(200))).toBe(0);
      });
    });

    describe('global rotation state', () => {
      it('starts at the initial state and rotates version and previous version together', async () => {
        expect(await rotationState.get()).toEqual(
          GlobalRotationState.initial(),
        );

        const first = await rotationState.rotate({
          now: at(10),
          graceEndsAt: at(310),
          reason: 'key compromise',
          rotatedBy: 'admin-id',
        });
        expect(first).toEqual(
          new GlobalRotationState({
            version: 2,
            previousVersion: 1,
            rotatedAt: at(10),
            graceEndsAt: at(310),
            reason: 'key compromise',
            rotatedBy: 'admin-id',
          }),
        );
        expect(first).toBeInstanceOf(GlobalRotationState);
        expect(await rotationState.get()).toEqual(first);

        const second = await rotationState.rotate({
          now: at(20),
          graceEndsAt: at(20),
          reason: null,
          rotatedBy: null,
        });
        expect(second).toEqual(
          new GlobalRotationState({
            version: 3,
            previousVersion: 2,
            rotatedAt: at(20),
            graceEndsAt: at(20),
            reason: null,
            rotatedBy: null,
          }),
        );
        expect(await rotationState.get()).toEqual(second);
        expect((await rotationState.get()).accepts(2, at(20))).toBe(false);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 10 parallel rotations of one refresh token win', async () => {
        const session = makeSession();
        await sessions.create(session);
        const candidates = Array.from({ length: 10 }, () => hash());

        const results = await Promise.all(
          candidates.map((next) =>
            sessions.rotate(
              session.id,
              session.refreshTokenHash,
              rotation(next, 10),
            ),
          ),
        );

        const winners = results.filter((result) => result !== null);
        expect(winners).toHaveLength(1);
        const stored = await sessions.findById(session.id);
        expect(stored?.refreshTokenHash).toBe(winners[0]!.refreshTokenHash);
        expect(candidates).toContain(stored?.refreshTokenHash);
        expect(stored?.previousRefreshTokenHashes).toEqual([
          session.refreshTokenHash,
        ]);
      });

      it('lets exactly one of 10 parallel registrations of one username succeed', async () => {
        const attempts = Array.from({ length: 10 }, (_, i) =>
          makeUser({ username: 'Racer', email: `racer${i}@example.com` }),
        );

        const results = await Promise.allSettled(
          attempts.map((user) => users.create(user)),
        );

        const fulfilled = results.filter((r) => r.status === 'fulfilled');
        const rejected = results.filter((r) => r.status === 'rejected');
        expect(fulfilled).toHaveLength(1);
        expect(rejected).toHaveLength(9);
        for (const r of rejected)
          expect(r.reason).toBeInstanceOf(UserAlreadyExistsError);
        expect(await users.countActive()).toBe(1);
        expect(await users.listActive(0, 100)).toHaveLength(1);
        const winner = (fulfilled[0] as PromiseFulfilledResult<User>).value;
        expect((await users.findByUsername(Username.keyOf('racer')))?.id).toBe(
          winner.id,
        );
      });

      it('lets exactly one of 10 parallel registrations of look-alike usernames succeed', async () => {
        const lookalikes = [
          'admin',
          'аdmin',
          'admіn',
          'admın',
          'ᴀdmin',
          'ADMIN',
          'ａｄｍｉｎ',
          '𝐚𝐝𝐦𝐢𝐧',
          'ɑdmin',
          'ᴀᴅᴍɪɴ',
        ];
        const attempts = lookalikes.map((username, i) =>
          makeUser({ username, email: `race${i}@example.com` }),
        );

        const results = await Promise.allSettled(
          attempts.map((user) => users.create(user)),
        );

        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected')
            expect(r.reason).toBeInstanceOf(UserAlreadyExistsError);
        }
        expect(await users.countActive()).toBe(1);
      });

      it('loses no update under 50 parallel token-version increments', async () => {
        const user = makeUser();
        await users.create(user);

        const bumps = await Promise.all(
          Array.from({ length: 50 }, () =>
            users.incrementTokenVersion(user.id, at(10)),
          ),
        );

        expect((await users.findById(user.id))?.tokenVersion).toBe(51);
        const newVersions = bumps
          .map((bump) => bump!.newVersion)
          .sort((x, y) => x - y);
        expect(newVersions).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 2),
        );
        for (const bump of bumps)
          expect(bump!.previousVersion).toBe(bump!.newVersion - 1);
      });

      it('loses no update under 20 parallel global rotations', async () => {
        const states = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            rotationState.rotate({
              now: at(i),
              graceEndsAt: at(i + 300),
              reason: null,
              rotatedBy: null,
            }),
          ),
        );

        expect(await rotationState.get()).toMatchObject({
          version: 21,
          previousVersion: 20,
        });
        const versions = states
          .map((state) => state.version)
          .sort((x, y) => x - y);
        expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
        for (const state of states)
          expect(state.previousVersion).toBe(state.version - 1);
      });
    });

    describe('login attempts', () => {
      const policy = { maxFailures: 5, windowMs: 60_000, lockMs: 900_000 };
      let attempts: LoginAttemptRepository;

      beforeEach(() => {
        attempts = fixture.attempts;
      });

      async function reserve(
        key: string,
        times: number,
        when: Date,
        rule: LockoutPolicy = policy,
      ): Promise<AttemptReservation[]> {
        const results: AttemptReservation[] = [];
        for (let i = 0; i < times; i += 1) {
          results.push(await attempts.reserve(key, when, rule));
        }
        return results;
      }

      const granted = (results: AttemptReservation[]) =>
        results.filter((r) => r.granted).length;

      it('grants five attempts in a window, the fifth locks the key, and the lock expires', async () => {
        expect(await attempts.peek('k1', at(0))).toEqual({
          attempts: 0,
          lockedUntil: null,
        });
        expect(granted(await reserve('k1', 4, at(1)))).toBe(4);
        expect(await attempts.peek('k1', at(1))).toEqual({
          attempts: 4,
          lockedUntil: null,
        });

        expect(await attempts.reserve('k1', at(2), policy)).toEqual({
          granted: true,
        });
        const lockedUntil = new Date(at(2).getTime() + policy.lockMs);
        expect(await attempts.reserve('k1', at(3), policy)).toEqual({
          granted: false,
          lockedUntil,
        });
        expect(await attempts.peek('k1', at(3))).toEqual({
          attempts: 5,
          lockedUntil,
        });

        // Refusals change nothing: the lock does not move.
        await reserve('k1', 3, at(600));
        expect((await attempts.peek('k1', at(600))).lockedUntil).toEqual(
          lockedUntil,
        );
        expect(await attempts.peek('k1', at(2 + 900))).toEqual({
          attempts: 0,
          lockedUntil: null,
        });
        expect(await attempts.reserve('k1', at(2 + 900), policy)).toEqual({
          granted: true,
        });
        expect((await attempts.peek('k1', at(2 + 900))).attempts).toBe(1);
      });

      it('keeps keys apart', async () => {
        await reserve('k2', 5, at(0));
        expect((await attempts.reserve('k2', at(1), policy)).granted).toBe(
          false,
        );
        expect((await attempts.reserve('k3', at(1), policy)).granted).toBe(
          true,
        );
        expect((await attempts.peek('k3', at(1))).attempts).toBe(1);
      });

      it('forgets attempts and the lock on clear', async () => {
        await reserve('k4', 5, at(0));
        await attempts.clear('k4');
        expect(await attempts.peek('k4', at(1))).toEqual({
          attempts: 0,
          lockedUntil: null,
        });
        expect(granted(await reserve('k4', 5, at(1)))).toBe(5);
        await attempts.clear('never-used');
      });

      it('does not add up attempts from windows that have passed', async () => {
        await reserve('k5', 4, at(0));
        expect(await attempts.peek('k5', at(60))).toEqual({
          attempts: 0,
          lockedUntil: null,
        });
        expect(granted(await reserve('k5', 4, at(61)))).toBe(4);
        expect(await attempts.peek('k5', at(61))).toEqual({
          attempts: 4,
          lockedUntil: null,
        });
      });

      it('starts a new window when a lock shorter than the window is over', async () => {
        const shortLock = { maxFailures: 3, windowMs: 900_000, lockMs: 60_000 };
        await reserve('k6', 3, at(0), shortLock);
        expect((await attempts.reserve('k6', at(59), shortLock)).granted).toBe(
          false,
        );
        expect(granted(await reserve('k6', 3, at(60), shortLock))).toBe(3);
        expect(await attempts.reserve('k6', at(61), shortLock)).toEqual({
          granted: false,
          lockedUntil: at(120),
        });
      });

      it('locks at the first attempt with maxFailures 1', async () => {
        const one = { maxFailures: 1, windowMs: 60_000, lockMs: 30_000 };
        expect(await attempts.reserve('k7', at(0), one)).toEqual({
          granted: true,
        });
        expect(await attempts.reserve('k7', at(1), one)).toEqual({
          granted: false,
          lockedUntil: at(30),
        });
      });

      it.each([
        [5, 30],
        [10, 40],
        [1, 12],
      ])(
        'grants exactly %i of %i parallel reservations of a fresh key, refusing the rest with one lock',
        async (maxFailures, parallel) => {
          const rule = { ...policy, maxFailures };
          const results = await Promise.all(
            Array.from({ length: parallel }, () =>
              attempts.reserve('race', at(0), rule),
            ),
          );

          expect(granted(results)).toBe(maxFailures);
          const lockedUntil = new Date(at(0).getTime() + rule.lockMs);
          for (const result of results.filter((r) => !r.granted)) {
            expect(result).toEqual({ granted: false, lockedUntil });
          }
          expect(await attempts.peek('race', at(1))).toEqual({
            attempts: maxFailures,
            lockedUntil,
          });
        },
      );

      it('grants only the attempts a key has left to 20 parallel reservations', async () => {
        await reserve('partly-used', 3, at(0));

        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            attempts.reserve('partly-used', at(1), policy),
          ),
        );

        expect(granted(results)).toBe(2);
        expect((await attempts.peek('partly-used', at(1))).attempts).toBe(5);
      });

      it('grants exactly five of 20 parallel reservations when the window has just passed', async () => {
        await reserve('rolled-over', 4, at(0));

        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            attempts.reserve('rolled-over', at(61), policy),
          ),
        );

        expect(granted(results)).toBe(5);
      });
    });

    describe('rate-limit counters', () => {
      const TTL = 60_000;
      let rateLimits: RateLimitStorage;

      beforeEach(() => {
        rateLimits = fixture.rateLimits;
      });

      const hit = (key: string, limit = 3) =>
        rateLimits.increment(key, TTL, limit, TTL, 'login', at(0));

      it('counts hits up to the limit, then blocks for the block duration', async () => {
        for (let i = 1; i <= 3; i += 1) {
          expect(await hit('client-a')).toMatchObject({
            totalHits: i,
            isBlocked: false,
          });
        }
        const blocked = await hit('client-a');
        expect(blocked.isBlocked).toBe(true);
        expect(blocked.timeToBlockExpire).toBeGreaterThanOrEqual(59);
        expect(blocked.timeToBlockExpire).toBeLessThanOrEqual(60);
        expect((await hit('client-a')).isBlocked).toBe(true);
      });

      it('keeps keys apart', async () => {
        for (let i = 0; i < 4; i += 1) await hit('client-b');
        expect(await hit('client-c')).toMatchObject({
          totalHits: 1,
          isBlocked: false,
        });
      });

      it('lets exactly the limit of 30 parallel hits through', async () => {
        const records = await Promise.all(
          Array.from({ length: 30 }, () => hit('client-d', 10)),
        );
        expect(records.filter((r) => !r.isBlocked)).toHaveLength(10);
        expect(
          records
            .filter((r) => !r.isBlocked)
            .map((r) => r.totalHits)
            .sort((x, y) => x - y),
        ).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      });
    });

    describe('signing keys', () => {
      let signingKeys: SigningKeyRepository;
      /** `ring` rotated to a fresh key at `seconds`: the next version. */
      const rotated = (ring: SigningKeyRing, seconds: number) =>
        ring.rotate(
          makeSigningKey({ createdAt: at(seconds) }),
          at(seconds),
          { revokePrevious: false },
          905,
        );

      beforeEach(() => {
        signingKeys = fixture.signingKeys;
      });

      it('holds no ring at first', async () => {
        expect(await signingKeys.load()).toBeNull();
        expect(await signingKeys.loadIfChanged(0)).toBeNull();
        expect(await signingKeys.loadIfChanged(1)).toBeNull();
        const ring = SigningKeyRing.initial(makeSigningKey());
        expect(await signingKeys.replace(rotated(ring, 10), 1)).toBe(false);
        expect(await signingKeys.load()).toBeNull();
      });

      it('stores the first ring once: a second create is refused and changes nothing', async () => {
        const first = SigningKeyRing.initial(makeSigningKey());
        const second = SigningKeyRing.initial(makeSigningKey());

        expect(await signingKeys.create(first)).toBe(true);
        expect(await signingKeys.create(second)).toBe(false);

        expect(await signingKeys.load()).toEqual(first);
      });

      it('gives back every field of every key, in order, as a ring', async () => {
        const ring = new SigningKeyRing(7, [
          makeSigningKey({ algorithm: 'EdDSA', createdAt: at(300) }),
          makeSigningKey({
            algorithm: 'HS256',
            createdAt: at(200),
            retiredAt: at(300.5),
            verifiesUntil: at(300.5 + 3605),
          }),
          makeSigningKey({
            algorithm: 'ES256',
            createdAt: at(100),
            retiredAt: at(200),
            revokedAt: at(250.25),
            verifiesUntil: at(200 + 905),
            publicJwk: {
              kty: 'EC',
              crv: 'P-256',
              x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
              y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
              kid: 'es-key',
              alg: 'ES256',
              use: 'sig',
            },
          }),
        ]);
        await signingKeys.create(ring);

        const loaded = await signingKeys.load();

        expect(loaded).toBeInstanceOf(SigningKeyRing);
        expect(loaded).toEqual(ring);
        expect(loaded?.keys.map((k) => k.kid)).toEqual(
          ring.keys.map((k) => k.kid),
        );
        expect(loaded?.keys[1]?.retiredAt).toBeInstanceOf(Date);
        expect(loaded?.keys[1]?.retiredAt?.getTime()).toBe(at(300.5).getTime());
        expect(loaded?.keys[1]?.verifiesUntil).toBeInstanceOf(Date);
        expect(loaded?.keys[1]?.verifiesUntil?.getTime()).toBe(
          at(300.5 + 3605).getTime(),
        );
        expect(loaded?.keys[0]?.verifiesUntil).toBeNull();
        expect(loaded?.keys[1]).toMatchObject({
          revokedAt: null,
          publicJwk: null,
          sealedPrivateKey: null,
        });
        expect(loaded?.active.kid).toBe(ring.active.kid);

        // And the same after a replace.
        const next = rotated(ring, 400);
        expect(await signingKeys.replace(next, 7)).toBe(true);
        expect(await signingKeys.load()).toEqual(next);
      });

      it('replaces only when the stored version is the expected one', async () => {
        const v1 = SigningKeyRing.initial(makeSigningKey());
        await signingKeys.create(v1);
        const v2 = rotated(v1, 10);

        expect(await signingKeys.replace(v2, 1)).toBe(true);
        expect(await signingKeys.load()).toEqual(v2);

        // Another instance still holding version 1 loses, and nothing changes.
        const stale = rotated(v1, 20);
        expect(await signingKeys.replace(stale, 1)).toBe(false);
        expect(await signingKeys.replace(rotated(v2, 20), 3)).toBe(false);
        expect(await signingKeys.load()).toEqual(v2);

        const v3 = rotated(v2, 30);
        expect(await signingKeys.replace(v3, 2)).toBe(true);
        expect((await signingKeys.load())?.version).toBe(3);
        expect((await signingKeys.load())?.active.kid).toBe(v3.active.kid);
      });

      it('loads only a ring whose version differs from the one held', async () => {
        const v1 = SigningKeyRing.initial(makeSigningKey());
        await signingKeys.create(v1);

        expect(await signingKeys.loadIfChanged(1)).toBeNull();

        const v2 = rotated(v1, 10);
        await signingKeys.replace(v2, 1);

        expect(await signingKeys.loadIfChanged(1)).toEqual(v2);
        expect(await signingKeys.loadIfChanged(2)).toBeNull();
      });

      it('lets exactly one of 10 parallel replaces of one version win', async () => {
        const v1 = SigningKeyRing.initial(makeSigningKey());
        await signingKeys.create(v1);
        const candidates = Array.from({ length: 10 }, (_, i) =>
          rotated(v1, 10 + i),
        );

        const results = await Promise.all(
          candidates.map((ring) => signingKeys.replace(ring, 1)),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = candidates[results.indexOf(true)]!;
        expect(await signingKeys.load()).toEqual(winner);
      });
    });

    describe('audit log', () => {
      let auditLog: AuditLogRepository;
      const all = () => auditLog.list({ skip: 0, limit: 1000 });

      beforeEach(() => {
        auditLog = fixture.auditLog;
      });

      it('appends records and gives every field back, as entities', async () => {
        const full = makeAuditRecord({
          details: { text: 'a,b', count: 3, ratio: 0.5, flag: false },
        });
        const bare = makeAuditRecord({
          action: 'global_token_rotation',
          actorId: null,
          subjectId: null,
          reason: null,
          requestId: null,
          occurredAt: at(1),
          details: {},
        });
        await auditLog.append(full);
        await auditLog.append(bare);

        const listed = await all();
        expect(listed).toEqual([bare, full]);
        for (const record of listed) expect(record).toBeInstanceOf(AuditRecord);
        expect(listed[1]!.occurredAt).toBeInstanceOf(Date);
        expect(listed[1]!.expiresAt).toBeInstanceOf(Date);
        expect(await auditLog.count()).toBe(2);
      });

      it('is empty at first', async () => {
        expect(await all()).toEqual([]);
        expect(await auditLog.count()).toBe(0);
      });

      it('lists newest first whatever the append order, ties by id descending', async () => {
        const ids = Array.from({ length: 3 }, () => randomUUID()).sort();
        const older = makeAuditRecord({ occurredAt: at(10) });
        const newest = makeAuditRecord({ occurredAt: at(30) });
        const tied = ids.map((id) =>
          makeAuditRecord({ id, occurredAt: at(20) }),
        );
        for (const record of [tied[1]!, newest, older, tied[2]!, tied[0]!]) {
          await auditLog.append(record);
        }

        expect((await all()).map((r) => r.id)).toEqual([
          newest.id,
          ids[2],
          ids[1],
          ids[0],
          older.id,
        ]);
      });

      it('pages with skip and limit, without overlap or gap', async () => {
        const records = Array.from({ length: 7 }, (_, i) =>
          makeAuditRecord({ occurredAt: at(i % 3) }),
        );
        for (const record of records) await auditLog.append(record);
        const expected = (await all()).map((r) => r.id);

        const paged: string[] = [];
        for (let skip = 0; skip < 7; skip += 3) {
          const page = await auditLog.list({ skip, limit: 3 });
          paged.push(...page.map((r) => r.id));
        }

        expect(paged).toEqual(expected);
        expect(new Set(paged).size).toBe(7);
        expect(await auditLog.list({ skip: 5, limit: 10 })).toHaveLength(2);
        expect(await auditLog.list({ skip: 7, limit: 10 })).toEqual([]);
        expect(await auditLog.list({ skip: 0, limit: 0 })).toEqual([]);
        expect(await auditLog.count()).toBe(7);
      });

      it('keeps records until their expiry', async () => {
        const record = makeAuditRecord({
          occurredAt: at(0),
          expiresAt: at(3600),
        });
        await auditLog.append(record);
        await auditLog.append(makeAuditRecord({ occurredAt: at(3599) }));
        expect((await all()).map((r) => r.id)).toContain(record.id);
      });

      it('loses no record under 20 parallel appends', async () => {
        const records = Array.from({ length: 20 }, () => makeAuditRecord());
        await Promise.all(records.map((record) => auditLog.append(record)));
        expect(await auditLog.count()).toBe(20);
        expect((await all()).map((r) => r.id).sort()).toEqual(
          records.map((r) => r.id).sort(),
        );
      });
    });

    describe('account tokens', () => {
      let accountTokens: AccountTokenRepository;

      beforeEach(() => {
        accountTokens = fixture.accountTokens;
      });

      function makeToken(seed: Partial<AccountToken> = {}): AccountToken {
        return new AccountToken({
          id: randomUUID(),
          purpose: 'password_reset',
          userId: randomUUID(),
          secretHash: hash(),
          createdAt: at(0),
          expiresAt: at(1800),
          consumedAt: null,
          passwordVersion: 3,
          emailNormalized: null,
          newEmail: null,
          ...seed,
        });
      }

      it('stores a token and gives every field back, as an entity', async () => {
        const reset = makeToken();
        const change = makeToken({
          purpose: 'email_change',
          emailNormalized: 'old@example.com',
          newEmail: 'New@Example.com',
        });
        await accountTokens.create(reset);
        await accountTokens.create(change);

        expect(await accountTokens.findById(reset.id)).toEqual(reset);
        const found = await accountTokens.findById(change.id);
        expect(found).toEqual(change);
        expect(found).toBeInstanceOf(AccountToken);
        expect(await accountTokens.findById(randomUUID())).toBeNull();
      });

      it('consumes a token once, and never an expired or unknown one', async () => {
        const token = makeToken({ expiresAt: at(100) });
        const expired = makeToken({ expiresAt: at(50) });
        await accountTokens.create(token);
        await accountTokens.create(expired);

        expect(await accountTokens.consume(expired.id, at(50))).toBe(false);
        expect(await accountTokens.consume(randomUUID(), at(10))).toBe(false);
        expect(await accountTokens.consume(token.id, at(10))).toBe(true);
        expect(await accountTokens.consume(token.id, at(11))).toBe(false);
        expect(await accountTokens.findById(token.id)).toMatchObject({
          consumedAt: at(10),
        });
        expect((await accountTokens.findById(expired.id))?.consumedAt).toBe(
          null,
        );
      });

      it('lets exactly one of 10 parallel redemptions of one token win', async () => {
        const token = makeToken();
        await accountTokens.create(token);

        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            accountTokens.consume(token.id, at(5)),
          ),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await accountTokens.findById(token.id))?.consumedAt).toEqual(
          at(5),
        );
      });
    });

    describe('webauthn credentials', () => {
      let credentials: WebAuthnCredentialRepository;

      beforeEach(() => {
        credentials = fixture.webauthnCredentials;
      });

      function makeCredential(
        seed: Partial<WebAuthnCredential> = {},
      ): WebAuthnCredential {
        return new WebAuthnCredential({
          id: randomUUID().replaceAll('-', ''),
          userId: randomUUID(),
          publicKey: 'pQECAyYgASFYIBase64urlKey',
          signCount: 0,
          transports: ['internal', 'hybrid'],
          name: 'Laptop',
          createdAt: at(0),
          lastUsedAt: null,
          ...seed,
        });
      }

      it('stores a credential and gives every field back, as an entity', async () => {
        const credential = makeCredential({ signCount: 7 });
        expect(await credentials.create(credential)).toBe(true);

        const found = await credentials.findById(credential.id);
        expect(found).toEqual(credential);
        expect(found).toBeInstanceOf(WebAuthnCredential);
        expect(await credentials.findById('unknown')).toBeNull();
      });

      it('refuses a second credential with the same id, even for another user', async () => {
        const credential = makeCredential();
        await credentials.create(credential);

        expect(
          await credentials.create(
            makeCredential({ id: credential.id, userId: randomUUID() }),
          ),
        ).toBe(false);
        expect(await credentials.findById(credential.id)).toEqual(credential);
      });

      it("lists a user's credentials oldest first, and no one else's", async () => {
        const userId = randomUUID();
        const second = makeCredential({ userId, createdAt: at(20) });
        const first = makeCredential({ userId, createdAt: at(10) });
        await credentials.create(second);
        await credentials.create(first);
        await credentials.create(makeCredential());

        expect((await credentials.listByUser(userId)).map((c) => c.id)).toEqual(
          [first.id, second.id],
        );
        expect(await credentials.listByUser(randomUUID())).toEqual([]);
      });

      it('records a use only from the counter it was read at', async () => {
        const credential = makeCredential({ signCount: 3 });
        await credentials.create(credential);

        expect(await credentials.recordUse(credential.id, 2, 9, at(5))).toBe(
          false,
        );
        expect(await credentials.recordUse(credential.id, 3, 4, at(5))).toBe(
          true,
        );
        expect(await credentials.recordUse(credential.id, 3, 4, at(6))).toBe(
          false,
        );
        expect(await credentials.findById(credential.id)).toMatchObject({
          signCount: 4,
          lastUsedAt: at(5),
        });
      });

      it('accepts exactly one of 10 parallel uses read at the same counter', async () => {
        const credential = makeCredential({ signCount: 1 });
        await credentials.create(credential);

        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            credentials.recordUse(credential.id, 1, 2 + i, at(5)),
          ),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('deletes a credential for its owner only', async () => {
        const credential = makeCredential();
        await credentials.create(credential);

        expect(await credentials.delete(credential.id, randomUUID())).toBe(
          false,
        );
        expect(await credentials.findById(credential.id)).not.toBeNull();
        expect(await credentials.delete(credential.id, credential.userId)).toBe(
          true,
        );
        expect(await credentials.findById(credential.id)).toBeNull();
        expect(await credentials.delete(credential.id, credential.userId)).toBe(
          false,
        );
      });
    });

    describe('revocation change log', () => {
      let changes: RevocationChangeRepository;

      beforeEach(() => {
        changes = fixture.revocationChanges;
      });

      function change(
        recordedSeconds: number,
        seed: Partial<RevocationChange> = {},
      ): RevocationChange {
        return {
          kind: 'user',
          subjectId: randomUUID(),
          changedAt: at(recordedSeconds - 1),
          recordedAt: at(recordedSeconds),
          ...seed,
        };
      }

      it('gives back the entries recorded strictly after a time, oldest first, with every field', async () => {
        const user = change(10);
        const session = change(20, { kind: 'session' });
        const userSessions = change(30, { kind: 'user_sessions' });
        // Recorded out of order (two instances): read back in recording-time order.
        await changes.record(session);
        await changes.record(user);
        await changes.record(userSessions);

        expect(await changes.findSince(at(5))).toEqual([
          user,
          session,
          userSessions,
        ]);
        expect(await changes.findSince(at(10))).toEqual([
          session,
          userSessions,
        ]);
        expect(await changes.findSince(at(30))).toEqual([]);
      });

      it('keeps every entry of the same subject', async () => {
        const first = change(10);
        const second = change(11, { subjectId: first.subjectId });
        await changes.record(first);
        await changes.record(second);

        expect(await changes.findSince(at(0))).toEqual([first, second]);
      });
    });

    describe('webauthn challenges', () => {
      let challenges: WebAuthnChallengeRepository;

      beforeEach(() => {
        challenges = fixture.webauthnChallenges;
      });

      function makeChallenge(
        seed: Partial<WebAuthnChallenge> = {},
      ): WebAuthnChallenge {
        return new WebAuthnChallenge({
          challengeHash: hash(),
          ceremony: 'authentication',
          userId: randomUUID(),
          createdAt: at(0),
          expiresAt: at(300),
          ...seed,
        });
      }

      it('gives a challenge back once, with every field', async () => {
        const challenge = makeChallenge({ ceremony: 'registration' });
        const passwordless = makeChallenge({ userId: null });
        await challenges.create(challenge);
        await challenges.create(passwordless);

        const taken = await challenges.consume(challenge.challengeHash, at(10));
        expect(taken).toEqual(challenge);
        expect(taken).toBeInstanceOf(WebAuthnChallenge);
        expect(await challenges.consume(challenge.challengeHash, at(11))).toBe(
          null,
        );
        expect(
          await challenges.consume(passwordless.challengeHash, at(10)),
        ).toEqual(passwordless);
        expect(await challenges.consume(hash(), at(10))).toBeNull();
      });

      it('never gives back an expired challenge', async () => {
        const challenge = makeChallenge({ expiresAt: at(60) });
        await challenges.create(challenge);

        expect(
          await challenges.consume(challenge.challengeHash, at(60)),
        ).toBeNull();
      });

      it('gives one challenge to exactly one of 10 parallel takers', async () => {
        const challenge = makeChallenge();
        await challenges.create(challenge);

        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            challenges.consume(challenge.challengeHash, at(5)),
          ),
        );

        expect(results.filter((r) => r !== null)).toHaveLength(1);
      });
    });

    describe('totp factors', () => {
      let factors: TotpFactorRepository;

      beforeEach(() => {
        factors = fixture.totpFactors;
      });

      function makeFactor(seed: Partial<TotpFactor> = {}): TotpFactor {
        return new TotpFactor({
          userId: randomUUID(),
          sealedSecret: `v1.${randomUUID()}`,
          confirmedAt: null,
          lastStep: 0,
          recoveryCodeHashes: [],
          createdAt: at(0),
          ...seed,
        });
      }

      async function confirmed(codes: string[] = []): Promise<TotpFactor> {
        const factor = makeFactor();
        await factors.savePending(factor);
        await factors.confirm(factor.userId, 100, at(5), codes);
        return factor;
      }

      it('stores a pending factor and gives every field back, as an entity', async () => {
        const factor = makeFactor({ lastStep: 7 });
        expect(await factors.savePending(factor)).toBe(true);

        const found = await factors.findByUser(factor.userId);
        expect(found).toEqual(factor);
        expect(found).toBeInstanceOf(TotpFactor);
        expect(found?.isConfirmed).toBe(false);
        expect(await factors.findByUser(randomUUID())).toBeNull();
      });

      it('replaces a pending enrolment, never a confirmed factor', async () => {
        const first = makeFactor();
        await factors.savePending(first);
        const again = makeFactor({
          userId: first.userId,
          sealedSecret: 'v1.second',
        });
        expect(await factors.savePending(again)).toBe(true);
        expect((await factors.findByUser(first.userId))?.sealedSecret).toBe(
          'v1.second',
        );

        await factors.confirm(first.userId, 10, at(5), [hash()]);
        expect(
          await factors.savePending(
            makeFactor({ userId: first.userId, sealedSecret: 'v1.third' }),
          ),
        ).toBe(false);
        expect(await factors.findByUser(first.userId)).toMatchObject({
          sealedSecret: 'v1.second',
          confirmedAt: at(5),
        });
      });

      it('confirms once, at a step later than the last, storing the recovery codes', async () => {
        const factor = makeFactor({ lastStep: 50 });
        await factors.savePending(factor);
        const codes = [hash(), hash()];

        expect(await factors.confirm(factor.userId, 50, at(5), codes)).toBe(
          false,
        );
        expect(await factors.confirm(factor.userId, 51, at(5), codes)).toBe(
          true,
        );
        expect(await factors.confirm(factor.userId, 52, at(6), [])).toBe(false);
        expect(await factors.confirm(randomUUID(), 52, at(6), [])).toBe(false);
        expect(await factors.findByUser(factor.userId)).toEqual(
          new TotpFactor({
            ...factor,
            confirmedAt: at(5),
            lastStep: 51,
            recoveryCodeHashes: codes,
          }),
        );
      });

      it('accepts a step once, and never one at or before the last accepted', async () => {
        const factor = await confirmed();

        expect(await factors.acceptStep(factor.userId, 101)).toBe(true);
        expect(await factors.acceptStep(factor.userId, 101)).toBe(false);
        expect(await factors.acceptStep(factor.userId, 100)).toBe(false);
        expect(await factors.acceptStep(factor.userId, 103)).toBe(true);
        expect(await factors.acceptStep(factor.userId, 102)).toBe(false);
        expect((await factors.findByUser(factor.userId))?.lastStep).toBe(103);
        expect(await factors.acceptStep(randomUUID(), 200)).toBe(false);
      });

      it('accepts one step for exactly one of 10 parallel callers', async () => {
        const factor = await confirmed();

        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            factors.acceptStep(factor.userId, 101),
          ),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('uses a recovery code once, the others staying', async () => {
        const [a, b] = [hash(), hash()];
        const factor = await confirmed([a, b]);

        expect(await factors.useRecoveryCode(factor.userId, hash())).toBe(
          false,
        );
        expect(await factors.useRecoveryCode(factor.userId, a)).toBe(true);
        expect(await factors.useRecoveryCode(factor.userId, a)).toBe(false);
        expect(await factors.useRecoveryCode(randomUUID(), b)).toBe(false);
        expect(
          (await factors.findByUser(factor.userId))?.recoveryCodeHashes,
        ).toEqual([b]);
      });

      it('gives one recovery code to exactly one of 10 parallel callers', async () => {
        const code = hash();
        const factor = await confirmed([code, hash()]);

        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            factors.useRecoveryCode(factor.userId, code),
          ),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('takes no recovery code of a pending factor', async () => {
        const code = hash();
        const factor = makeFactor({ recoveryCodeHashes: [code] });
        await factors.savePending(factor);

        expect(await factors.useRecoveryCode(factor.userId, code)).toBe(false);
        expect(await factors.replaceRecoveryCodes(factor.userId, [])).toBe(
          false,
        );
      });

      it('replaces the recovery codes of a confirmed factor: the old ones stop working', async () => {
        const old = hash();
        const fresh = [hash(), hash()];
        const factor = await confirmed([old]);

        expect(await factors.replaceRecoveryCodes(factor.userId, fresh)).toBe(
          true,
        );
        expect(await factors.useRecoveryCode(factor.userId, old)).toBe(false);
        expect(
          (await factors.findByUser(factor.userId))?.recoveryCodeHashes,
        ).toEqual(fresh);
        expect(await factors.replaceRecoveryCodes(randomUUID(), fresh)).toBe(
          false,
        );
      });

      it("deletes a user's factor and its codes, and only theirs", async () => {
        const code = hash();
        const factor = await confirmed([code]);
        const other = await confirmed();

        expect(await factors.delete(factor.userId)).toBe(true);
        expect(await factors.findByUser(factor.userId)).toBeNull();
        expect(await factors.useRecoveryCode(factor.userId, code)).toBe(false);
        expect(await factors.delete(factor.userId)).toBe(false);
        expect(await factors.findByUser(other.userId)).not.toBeNull();
        // A new enrolment may start after removal.
        expect(
          await factors.savePending(makeFactor({ userId: factor.userId })),
        ).toBe(true);
      });
    });

    describe('mail outbox', () => {
      let outbox: MailOutboxRepository;

      beforeEach(() => {
        outbox = fixture.mailOutbox;
      });

      function makeIntent(seed: Partial<MailIntent> = {}): MailIntent {
        return new MailIntent({
          id: randomUUID(),
          kind: 'password_reset_request',
          userId: null,
          email: 'someone@example.com',
          createdAt: at(0),
          nextAttemptAt: at(0),
          attempts: 0,
          ...seed,
        });
      }

      it('claims the mail due first, counting an attempt and leasing it', async () => {
        const later = makeIntent({ nextAttemptAt: at(20) });
        const first = makeIntent({
          kind: 'email_change',
          userId: randomUUID(),
          email: 'New@Example.com',
          nextAttemptAt: at(5),
        });
        const notDue = makeIntent({ nextAttemptAt: at(100) });
        for (const intent of [later, first, notDue])
          await outbox.enqueue(intent);

        const claimed = await outbox.claimNext(at(30), at(90));
        expect(claimed).toEqual(
          new MailIntent({ ...first, nextAttemptAt: at(90), attempts: 1 }),
        );
        expect((await outbox.claimNext(at(30), at(95)))?.id).toBe(later.id);
        // Both are leased (until 90 and 95); the third is due only at 100.
        expect(await outbox.claimNext(at(30), at(90))).toBeNull();
        expect((await outbox.claimNext(at(90), at(150)))?.id).toBe(first.id);
      });

      it('forgets a removed mail and brings a rescheduled one back when due', async () => {
        const sent = makeIntent();
        const failed = makeIntent();
        await outbox.enqueue(sent);
        await outbox.enqueue(failed);
        await outbox.claimNext(at(0), at(60));
        await outbox.claimNext(at(0), at(60));

        await outbox.remove(sent.id);
        await outbox.reschedule(failed.id, at(10));

        expect(await outbox.claimNext(at(9), at(60))).toBeNull();
        const again = await outbox.claimNext(at(10), at(60));
        expect(again).toMatchObject({ id: failed.id, attempts: 2 });
        expect(await outbox.claimNext(at(60), at(120))).toMatchObject({
          id: failed.id,
          attempts: 3,
        });
      });

      it('gives each of 10 parallel claims a different mail, or none', async () => {
        const intents = Array.from({ length: 4 }, () => makeIntent());
        for (const intent of intents) await outbox.enqueue(intent);

        const claims = await Promise.all(
          Array.from({ length: 10 }, () => outbox.claimNext(at(1), at(60))),
        );

        const ids = claims.filter((c) => c !== null).map((c) => c!.id);
        expect(ids.sort()).toEqual(intents.map((i) => i.id).sort());
      });
    });
    describe('ssf streams and events', () => {
      function makeStream(seed: Partial<SsfStream> = {}): SsfStream {
        return new SsfStream({
          id: randomUUID(),
          clientId: 'receiver',
          eventsRequested: [
            'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
          ],
          status: 'enabled',
          statusReason: null,
          description: null,
          createdAt: at(0),
          expiresAt: at(100),
          ...seed,
        });
      }
      function makeEvent(streamId: string, seconds: number): SsfEvent {
        return new SsfEvent({
          jti: randomUUID(),
          streamId,
          set: `header.payload-${seconds}.signature`,
          createdAt: at(seconds),
          expiresAt: at(seconds + 100),
        });
      }

      it('stores, replaces, finds by client and forgets streams, expired ones unseen', async () => {
        const streams = fixture.ssfStreams;
        const mine = makeStream({ createdAt: at(1) });
        const other = makeStream({
          clientId: 'someone-else',
          createdAt: at(2),
        });
        const expired = makeStream({ expiresAt: at(10) });
        for (const s of [mine, other, expired]) await streams.save(s);

        expect(await streams.findById(mine.id, at(20))).toEqual(mine);
        expect(await streams.findById(expired.id, at(20))).toBeNull();
        expect(
          (await streams.findByClient('receiver', at(20))).map((s) => s.id),
        ).toEqual([mine.id]);
        expect((await streams.findLive(at(20))).map((s) => s.id)).toEqual([
          mine.id,
          other.id,
        ]);

        const paused = new SsfStream({
          ...mine,
          status: 'paused',
          statusReason: 'maintenance',
          description: 'x',
        });
        await streams.save(paused);
        expect(await streams.findById(mine.id, at(20))).toEqual(paused);

        await streams.remove(mine.id);
        expect(await streams.findById(mine.id, at(20))).toBeNull();
      });

      it('polls oldest first up to maxEvents, says when more are available, deletes acked ones', async () => {
        const events = fixture.ssfEvents;
        const stream = randomUUID();
        const otherStream = randomUUID();
        const e3 = makeEvent(stream, 3);
        const e1 = makeEvent(stream, 1);
        const e2 = makeEvent(stream, 2);
        for (const e of [e3, e1, e2, makeEvent(otherStream, 0)])
          await events.enqueue(e);

        const first = await events.poll(stream, 2, at(5));
        expect(first.events).toEqual([e1, e2]);
        expect(first.moreAvailable).toBe(true);

        await events.acknowledge(stream, [e1.jti, e2.jti, 'unknown-jti']);
        const second = await events.poll(stream, 2, at(5));
        expect(second.events).toEqual([e3]);
        expect(second.moreAvailable).toBe(false);
        // Acknowledging with another stream's id deletes nothing.
        await events.acknowledge(otherStream, [e3.jti]);
        expect((await events.poll(stream, 10, at(5))).events).toEqual([e3]);
        // Expired SETs are not delivered.
        expect((await events.poll(stream, 10, at(103))).events).toEqual([]);

        await events.removeStream(otherStream);
        expect((await events.poll(otherStream, 10, at(5))).events).toEqual([]);
      });
    });
  });
}
