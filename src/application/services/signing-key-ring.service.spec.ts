import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from 'vitest';
import { resolveAuthOptions } from '../../module/auth/auth.options-resolver.js';
import type {
  SigningAlgorithm,
  SigningKeyRing,
} from '../../domain/entities/signing-key-ring.entity.js';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';
import { SigningKeyRepository } from '../../domain/ports/signing-key.repository.js';
import { ManualClock } from '../../infrastructure/clock/manual.clock.js';
import { JwtAccessTokenSigner } from '../../infrastructure/crypto/jwt-access-token.signer.js';
import { NodeSigningKeyMaterial } from '../../infrastructure/crypto/node-signing-key.material.js';
import { MemorySigningKeyRepository } from '../../infrastructure/persistence/memory/memory-signing-key.repository.js';
import { AccessTokenCodec } from './access-token-codec.service.js';
import { SigningKeyRingService } from './signing-key-ring.service.js';

const SECRET = 'ring-service-spec-secret-0123456789abcdef-0123456789';
const OTHER_SECRET = 'another-deployment-secret-0123456789abcdef-01234567';

/** Wraps a repository, counting calls and able to fail them like an unreachable database. */
class InstrumentedRepository extends SigningKeyRepository {
  down = false;
  readonly calls = { load: 0, loadIfChanged: 0, create: 0, replace: 0 };
  readonly replaceResults: boolean[] = [];

  constructor(private readonly inner: SigningKeyRepository) {
    super();
  }

  /** Storage reads: what an unknown `kid` must not multiply. */
  get reads(): number {
    return this.calls.load + this.calls.loadIfChanged;
  }

  resetCounts(): void {
    for (const name of Object.keys(this.calls) as (keyof typeof this.calls)[])
      this.calls[name] = 0;
    this.replaceResults.length = 0;
  }

  private guard(name: keyof typeof this.calls): Promise<void> {
    this.calls[name] += 1;
    return this.down
      ? Promise.reject(new Error('simulated storage outage'))
      : Promise.resolve();
  }

  async load(): Promise<SigningKeyRing | null> {
    await this.guard('load');
    return this.inner.load();
  }

  async loadIfChanged(knownVersion: number): Promise<SigningKeyRing | null> {
    await this.guard('loadIfChanged');
    return this.inner.loadIfChanged(knownVersion);
  }

  async create(ring: SigningKeyRing): Promise<boolean> {
    await this.guard('create');
    return this.inner.create(ring);
  }

  async replace(
    ring: SigningKeyRing,
    expectedVersion: number,
  ): Promise<boolean> {
    await this.guard('replace');
    const replaced = await this.inner.replace(ring, expectedVersion);
    this.replaceResults.push(replaced);
    return replaced;
  }
}

interface InstanceOptions {
  algorithm?: SigningAlgorithm;
  secret?: string;
  refreshMs?: number;
  accessTokenTtlSeconds?: number;
}

const started: SigningKeyRingService[] = [];
let clock: ManualClock;
let warn: MockInstance;
let error: MockInstance;
let storage: MemorySigningKeyRepository;

/** One Tokenward instance's key ring (and token signer) over `repository`. */
function instance(
  repository: SigningKeyRepository = storage,
  options: InstanceOptions = {},
) {
  const resolved = resolveAuthOptions({
    secret: options.secret ?? SECRET,
    signing: { algorithm: options.algorithm ?? 'HS256' },
    revocationCacheRefreshMs: options.refreshMs,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
  });
  const material = new NodeSigningKeyMaterial(resolved.secret);
  const keys = new SigningKeyRingService(
    resolved.config,
    clock,
    repository,
    material,
  );
  const signer = new AccessTokenCodec(
    new JwtAccessTokenSigner(resolved.config, material),
    keys,
  );
  started.push(keys);
  return { keys, material, signer };
}

/** Starts an instance as Nest would (start-up load, poll timer). */
async function startedInstance(
  repository: SigningKeyRepository = storage,
  options: InstanceOptions = {},
) {
  const created = instance(repository, options);
  await created.keys.onModuleInit();
  return created;
}

const subject = {
  sub: 'user-1',
  jti: 'jti-1',
  sid: 'session-1',
  gv: 1,
  uv: 1,
  roles: ['user'],
};

const randomKid = () => randomBytes(12).toString('base64url');

beforeEach(() => {
  clock = new ManualClock('2026-03-01T12:00:00.000Z');
  storage = new MemorySigningKeyRepository();
  // Warnings are expected in several cases (and asserted in some); keep the output readable.
  warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  error = vi
    .spyOn(Logger.prototype, 'error')
    .mockImplementation(() => undefined);
  vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  for (const keys of started.splice(0)) keys.onApplicationShutdown();
  vi.restoreAllMocks();
});

describe('SigningKeyRingService', () => {
  it('creates nothing at start-up; the first signature creates the ring every instance shares', async () => {
    const a = await startedInstance();
    const b = await startedInstance();
    expect(await storage.load()).toBeNull();

    const active = await a.keys.active();

    expect(active.algorithm).toBe('HS256');
    expect((await b.keys.active()).kid).toBe(active.kid);
    const stored = await storage.load();
    expect(stored?.version).toBe(1);
    expect(stored?.keys.map((k) => k.kid)).toEqual([active.kid]);
  });

  it('creates one ring when two instances sign their first token at once', async () => {
    const a = await startedInstance();
    const b = await startedInstance();

    const [fromA, fromB] = await Promise.all([
      a.keys.active(),
      b.keys.active(),
    ]);

    expect(fromB.kid).toBe(fromA.kid);
    expect((await storage.load())?.keys).toHaveLength(1);
  });

  describe('across instances', () => {
    it("resolves another instance's new key at once and then signs with it", async () => {
      const a = await startedInstance();
      const b = await startedInstance();
      const oldKid = (await a.keys.active()).kid;
      const oldToken = (await b.signer.sign(subject, clock.now())).token;

      const { ring } = await a.keys.rotate({ revokePrevious: false });
      const newKid = ring.active.kid;
      const newToken = (await a.signer.sign(subject, clock.now())).token;

      // B has not polled yet: the unknown kid makes it reload.
      expect((await b.keys.resolve(newKid, clock.now()))?.kid).toBe(newKid);
      expect((await b.signer.verify(newToken, clock.now())).jti).toBe('jti-1');
      expect((await b.keys.active()).kid).toBe(newKid);
      // The previous key retired, it did not vanish.
      expect((await b.keys.resolve(oldKid, clock.now()))?.kid).toBe(oldKid);
      expect((await b.signer.verify(oldToken, clock.now())).sub).toBe('user-1');
    });

    it('verifies the first token of a ring created elsewhere after it started', async () => {
      const b = await startedInstance();
      const a = await startedInstance();
      const token = (await a.signer.sign(subject, clock.now())).token;

      expect((await b.signer.verify(token, clock.now())).sub).toBe('user-1');
    });

    it('picks up a rotation from its own poll', async () => {
      const a = await startedInstance();
      const b = await startedInstance(storage, { refreshMs: 50 });
      await a.keys.active();
      await b.keys.active();

      const { ring } = await a.keys.rotate({ revokePrevious: false });

      await expect
        .poll(async () => (await b.keys.active()).kid, { timeout: 10_000 })
        .toBe(ring.active.kid);
    });

    it('sees a revocation made on another instance after its next reload', async () => {
      const a = await startedInstance();
      const b = await startedInstance(storage, { refreshMs: 50 });
      const oldKid = (await a.keys.active()).kid;
      const oldToken = (await b.signer.sign(subject, clock.now())).token;
      const epochA = a.keys.revocationEpoch;
      const epochB = b.keys.revocationEpoch;

      const outcome = await a.keys.rotate({ revokePrevious: true });

      expect(outcome.revokedKids).toEqual([oldKid]);
      expect(a.keys.revocationEpoch).toBeGreaterThan(epochA);
      expect(await a.keys.resolve(oldKid, clock.now())).toBeNull();
      await expect
        .poll(() => b.keys.revocationEpoch, { timeout: 10_000 })
        .toBeGreaterThan(epochB);
      expect(await b.keys.resolve(oldKid, clock.now())).toBeNull();
      await expect(b.signer.verify(oldToken, clock.now())).rejects.toThrow(
        InvalidTokenError,
      );
      expect((await b.keys.active()).kid).toBe(outcome.ring.active.kid);
    });

    it('learns of a revocation when a token of the new key arrives, without waiting for the poll', async () => {
      const a = await startedInstance();
      const b = await startedInstance();
      const oldKid = (await a.keys.active()).kid;
      await b.keys.active();
      const epochB = b.keys.revocationEpoch;

      const { ring } = await a.keys.rotate({ revokePrevious: true });
      await b.keys.resolve(ring.active.kid, clock.now());

      expect(b.keys.revocationEpoch).toBeGreaterThan(epochB);
      expect(await b.keys.resolve(oldKid, clock.now())).toBeNull();
    });

    it('lets concurrent rotations on two instances both succeed, losing no key', async () => {
      const repository = new InstrumentedRepository(storage);
      const a = await startedInstance(repository);
      const b = await startedInstance(repository);
      const first = (await a.keys.active()).kid;
      await b.keys.active();
      repository.resetCounts();

      const [fromA, fromB] = await Promise.all([
        a.keys.rotate({ revokePrevious: false }),
        b.keys.rotate({ revokePrevious: false }),
      ]);

      // One compare-and-swap lost and was retried on the newer ring.
      expect(repository.replaceResults.filter((ok) => !ok)).toHaveLength(1);
      const stored = (await storage.load()) as SigningKeyRing;
      expect(stored.version).toBe(3);
      const newKids = [fromA.ring.active.kid, fromB.ring.active.kid];
      expect(new Set(newKids).size).toBe(2);
      expect(newKids).toContain(stored.active.kid);
      expect(stored.keys.map((k) => k.kid).sort()).toEqual(
        [first, ...newKids].sort(),
      );
      for (const kid of [first, ...newKids]) {
        expect((await a.keys.resolve(kid, clock.now()))?.kid).toBe(kid);
        expect((await b.keys.resolve(kid, clock.now()))?.kid).toBe(kid);
      }
      expect([fromA.ring.version, fromB.ring.version].sort()).toEqual([2, 3]);
    });

    it("keeps a retired key for the rotating instance's token lifetime, whatever the next rotating process is configured with", async () => {
      // The app issues one-hour tokens; a process with the default 15 minutes rotates later on.
      const app = await startedInstance(storage, {
        accessTokenTtlSeconds: 3600,
      });
      const other = await startedInstance(storage);
      const token = (await app.signer.sign(subject, clock.now())).token;
      const retiring = (await app.keys.active()).kid;

      const first = await app.keys.rotate({ revokePrevious: false });
      const retired = first.ring.keys.find((k) => k.kid === retiring);
      expect(retired?.verifiesUntil).toEqual(
        new Date(clock.now().getTime() + (3600 + 5) * 1000),
      );

      clock.advance(1800 * 1000);
      const second = await other.keys.rotate({ revokePrevious: false });

      expect(second.ring.keys.map((k) => k.kid)).toContain(retiring);
      for (const instance of [app, other]) {
        expect((await instance.signer.verify(token, clock.now())).sub).toBe(
          'user-1',
        );
      }
    });

    it('gives up with StorageUnavailableError when every compare-and-swap loses', async () => {
      const repository = new InstrumentedRepository(storage);
      const a = await startedInstance(repository);
      const before = (await a.keys.active()).kid;
      vi.spyOn(repository, 'replace').mockResolvedValue(false);

      await expect(a.keys.rotate({ revokePrevious: false })).rejects.toThrow(
        StorageUnavailableError,
      );
      expect((await a.keys.active()).kid).toBe(before);
      expect((await storage.load())?.version).toBe(1);
    });
  });

  describe('unknown kids', () => {
    it('cost one storage read at once, then at most one per 250 ms shared by everyone waiting', async () => {
      const repository = new InstrumentedRepository(storage);
      const { keys } = instance(repository);
      await keys.active();
      repository.resetCounts();

      // The first reloads at once; the 49 others find the window used and share one reload at
      // its end (the clock is frozen, so the window is the full 250 ms of real time).
      const burst = () =>
        Promise.all(
          Array.from({ length: 50 }, () =>
            keys.resolve(randomKid(), clock.now()),
          ),
        );
      expect((await burst()).every((key) => key === null)).toBe(true);
      expect(repository.reads).toBe(2);
      expect((await burst()).every((key) => key === null)).toBe(true);
      expect(repository.reads).toBe(3);

      // Once the window has passed on the clock, the next unknown kid reloads at once again.
      clock.advance(250);
      expect(await keys.resolve(randomKid(), clock.now())).toBeNull();
      expect(repository.reads).toBe(4);
    });

    it('still find, within the window, a key rotated in elsewhere right after made-up ones', async () => {
      const repository = new InstrumentedRepository(storage);
      const b = instance(repository);
      await b.keys.active();
      const a = await startedInstance();

      expect(await b.keys.resolve(randomKid(), clock.now())).toBeNull();
      const { ring } = await a.keys.rotate({ revokePrevious: false });
      // The window is used up: the genuine new kid waits for the shared reload, not refused.
      expect((await b.keys.resolve(ring.active.kid, clock.now()))?.kid).toBe(
        ring.active.kid,
      );
    });

    it('are not locked out of reloading by a clock set back', async () => {
      const repository = new InstrumentedRepository(storage);
      const { keys } = instance(repository);
      await keys.active();
      repository.resetCounts();

      await keys.resolve(randomKid(), clock.now());
      clock.advance(-3_600_000);
      await keys.resolve(randomKid(), clock.now());

      expect(repository.reads).toBe(2);
    });

    it('never read storage for a kid already known', async () => {
      const repository = new InstrumentedRepository(storage);
      const { keys } = instance(repository);
      const kid = (await keys.active()).kid;
      repository.resetCounts();

      for (let i = 0; i < 10; i += 1) {
        clock.advance(1000);
        expect((await keys.resolve(kid, clock.now()))?.kid).toBe(kid);
      }
      expect(repository.reads).toBe(0);
    });
  });

  describe('configuration that does not match the stored ring', () => {
    it('keeps signing with the shared key under another configured algorithm, until a rotation switches; the previous key keeps verifying', async () => {
      const hs = await startedInstance(storage, { algorithm: 'HS256' });
      const oldKey = await hs.keys.active();
      const oldToken = (await hs.signer.sign(subject, clock.now())).token;

      const ed = await startedInstance(storage, { algorithm: 'EdDSA' });

      // A misconfigured instance must not swap every instance's key on its own.
      expect((await ed.keys.active()).kid).toBe(oldKey.kid);
      expect((await storage.load())?.version).toBe(1);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/EdDSA.*HS256/));

      const { ring } = await ed.keys.rotate({ revokePrevious: false });

      const active = await ed.keys.active();
      expect(active.kid).toBe(ring.active.kid);
      expect(active.algorithm).toBe('EdDSA');
      expect(active.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      const stored = (await storage.load()) as SigningKeyRing;
      expect(stored.version).toBe(2);
      expect(stored.keys.find((k) => k.kid === oldKey.kid)).toMatchObject({
        retiredAt: clock.now(),
        revokedAt: null,
      });
      expect((await ed.signer.verify(oldToken, clock.now())).sub).toBe(
        'user-1',
      );
      const newToken = (await ed.signer.sign(subject, clock.now())).token;
      expect(
        JSON.parse(
          Buffer.from(newToken.split('.')[0]!, 'base64url').toString(),
        ),
      ).toMatchObject({ alg: 'EdDSA', kid: active.kid });
      expect((await hs.signer.verify(newToken, clock.now())).sub).toBe(
        'user-1',
      );
    });

    it('rotates to an algorithm named explicitly, whatever is configured', async () => {
      const hs = await startedInstance(storage, { algorithm: 'HS256' });
      await hs.keys.active();

      const { ring } = await hs.keys.rotate({
        revokePrevious: false,
        algorithm: 'ES256',
      });

      expect(ring.active.algorithm).toBe('ES256');
      expect(ring.active.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
      const token = (await hs.signer.sign(subject, clock.now())).token;
      expect((await hs.signer.verify(token, clock.now())).sub).toBe('user-1');
    });

    it('says nothing and changes nothing when the stored key matches the configuration', async () => {
      const first = await startedInstance(storage, { algorithm: 'ES256' });
      const kid = (await first.keys.active()).kid;

      const second = await startedInstance(storage, { algorithm: 'ES256' });

      expect((await second.keys.active()).kid).toBe(kid);
      expect((await storage.load())?.version).toBe(1);
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    });

    it('reports a key sealed under another master secret, leaves it, and a revoking rotation replaces it', async () => {
      const foreign = await startedInstance(storage, {
        algorithm: 'EdDSA',
        secret: OTHER_SECRET,
      });
      const foreignKid = (await foreign.keys.active()).kid;
      const foreignToken = (await foreign.signer.sign(subject, clock.now()))
        .token;

      const own = await startedInstance(storage, { algorithm: 'EdDSA' });

      expect((await own.keys.active()).kid).toBe(foreignKid);
      expect((await storage.load())?.version).toBe(1);
      expect(error).toHaveBeenCalledWith(expect.stringContaining(foreignKid));

      await own.keys.rotate({ revokePrevious: true });

      const active = await own.keys.active();
      expect(active.kid).not.toBe(foreignKid);
      expect(own.material.canUse(active)).toBe(true);
      expect(await own.keys.resolve(foreignKid, clock.now())).toBeNull();
      await expect(
        own.signer.verify(foreignToken, clock.now()),
      ).rejects.toThrow(InvalidTokenError);
      const stored = (await storage.load()) as SigningKeyRing;
      expect(stored.version).toBe(2);
      expect(stored.keys.find((k) => k.kid === foreignKid)?.revokedAt).toEqual(
        clock.now(),
      );
      const token = (await own.signer.sign(subject, clock.now())).token;
      expect((await own.signer.verify(token, clock.now())).sub).toBe('user-1');
    });
  });

  describe('storage outages', () => {
    it('comes up with storage down, fails closed, and works once storage is back', async () => {
      const repository = new InstrumentedRepository(storage);
      repository.down = true;
      const { keys, signer } = instance(repository);

      await expect(keys.onModuleInit()).resolves.toBeUndefined();

      await expect(keys.active()).rejects.toThrow(StorageUnavailableError);
      await expect(keys.resolve(randomKid(), clock.now())).rejects.toThrow(
        StorageUnavailableError,
      );
      await expect(signer.sign(subject, clock.now())).rejects.toThrow(
        StorageUnavailableError,
      );
      expect(await storage.load()).toBeNull();

      repository.down = false;

      const active = await keys.active();
      expect((await storage.load())?.active.kid).toBe(active.kid);
      const token = (await signer.sign(subject, clock.now())).token;
      expect((await signer.verify(token, clock.now())).jti).toBe('jti-1');
    });

    it('keeps the ring it has when storage fails later', async () => {
      const repository = new InstrumentedRepository(storage);
      const { keys } = await startedInstance(repository);
      const kid = (await keys.active()).kid;

      repository.down = true;

      expect((await keys.active()).kid).toBe(kid);
      expect((await keys.resolve(kid, clock.now()))?.kid).toBe(kid);
      expect(await keys.resolve(randomKid(), clock.now())).toBeNull();
    });
  });
});
