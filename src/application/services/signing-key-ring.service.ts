import {
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  SigningKeyRing,
  type SigningAlgorithm,
  type SigningKey,
} from '../../domain/entities/signing-key-ring.entity.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';
import { Clock } from '../../domain/ports/clock.js';
import { SigningKeyMaterial } from '../../domain/ports/signing-key-material.js';
import { SigningKeyRepository } from '../../domain/ports/signing-key.repository.js';
import { AuthConfig } from '../auth-config.js';
import type { SigningKeyHealthStatus } from '../dtos/tokenward-health.dto.js';
import { describeError as describe } from './error-description.js';
import { Poller } from './poller.js';

/** What a rotation changed. */
export interface SigningKeyRotationOutcome {
  readonly ring: SigningKeyRing;
  readonly previous: SigningKey;
  /** Keys revoked by this rotation (empty unless `revokePrevious`). */
  readonly revokedKids: readonly string[];
  readonly rotatedAt: Date;
}

/** See `SigningKeyRingService.activeKeyState`. */
export interface SigningKeyState {
  readonly status: SigningKeyHealthStatus;
  readonly kid: string | null;
  readonly algorithm: SigningAlgorithm | null;
}

/** Least time between two reloads caused by tokens with an unknown `kid`. */
const UNKNOWN_KID_RELOAD_INTERVAL_MS = 250;
const MAX_ROTATION_ATTEMPTS = 5;

/**
 * The shared signing-key ring, held in memory. Loaded at start-up, polled every
 * `revocationCacheRefreshMs` with a version-only query, and reloaded at once when a token names a
 * `kid` this instance has not seen — another instance may just have rotated. Those reloads are
 * single-flight and at most one per 250 ms, so tokens with made-up key ids cannot turn into a
 * storage load.
 *
 * The ring is created, with one key of the configured algorithm, by the first instance that signs
 * a token. After that only an explicit rotation changes it: an instance configured with another
 * algorithm, or one that cannot open the active key (another master secret), logs the mismatch
 * and never rewrites the shared ring on its own — a misconfigured instance (or a CLI run) must not
 * be able to swap or revoke every instance's key.
 */
@Injectable()
export class SigningKeyRingService
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('Tokenward');
  private ring: SigningKeyRing | null = null;
  /** Whether storage has been read successfully at least once (the ring may still be absent). */
  private loaded = false;
  private readonly poller = new Poller(
    () => this.load(),
    (error) => {
      this.logger.warn(`Signing key refresh failed: ${describe(error)}`);
    },
  );
  private delayedReload: Promise<void> | null = null;
  private lastUnknownKidReloadAt = Number.NEGATIVE_INFINITY;
  private epoch = 0;
  private warnedKid: string | null = null;

  constructor(
    private readonly config: AuthConfig,
    private readonly clock: Clock,
    private readonly repository: SigningKeyRepository,
    private readonly material: SigningKeyMaterial,
  ) {}

  /** Seconds a retired key keeps verifying: the longest a token it signed can be accepted. */
  get verifyWindowSeconds(): number {
    return (
      this.config.accessTokenTtlSeconds + this.config.clockToleranceSeconds
    );
  }

  /**
   * Grows whenever this instance learns of a newly revoked key, so anything remembered about
   * tokens verified before (the verified-token cache) can be dropped.
   */
  get revocationEpoch(): number {
    return this.epoch;
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.reload();
    } catch (error) {
      // Come up anyway: signing and verifying fail closed (503) until a load succeeds.
      this.logger.warn(`Initial signing key load failed: ${describe(error)}`);
    }
    this.poller.start(this.config.revocationCacheRefreshMs);
  }

  onApplicationShutdown(): void {
    this.poller.stop();
  }

  /**
   * The ring as this instance knows it, or null before any instance signed a token. Throws
   * `StorageUnavailableError` when storage has never been readable.
   */
  async current(): Promise<SigningKeyRing | null> {
    if (!this.loaded) await this.reloadOrWarn();
    if (!this.loaded) {
      throw new StorageUnavailableError('Signing keys cannot be loaded');
    }
    return this.ring;
  }

  /**
   * What this instance knows of the active key, without touching storage: `none` before any
   * token was signed, `unusable` when this instance cannot open it (another secret), `unknown`
   * before the first successful load.
   */
  activeKeyState(): SigningKeyState {
    if (!this.loaded) return { status: 'unknown', kid: null, algorithm: null };
    if (this.ring === null)
      return { status: 'none', kid: null, algorithm: null };
    const active = this.ring.active;
    return {
      status: this.material.canUse(active) ? 'ok' : 'unusable',
      kid: active.kid,
      algorithm: active.algorithm,
    };
  }

  /**
   * Whether this instance's secret opens every sealed key of `ring` that is not revoked: false
   * means they were sealed under another secret (HS256 keys, derived per instance, always pass).
   */
  opensSealedKeys(ring: SigningKeyRing): boolean {
    return ring.keys
      .filter((k) => k.sealedPrivateKey !== null && k.revokedAt === null)
      .every((k) => this.material.canUse(k));
  }

  /** The ring, created (one key of the configured algorithm) if no instance has signed yet. */
  async ensureRing(): Promise<SigningKeyRing> {
    return (await this.current()) ?? (await this.createRing());
  }

  /** The signing key; the first call of the deployment creates the ring. */
  async active(): Promise<SigningKey> {
    return (await this.ensureRing()).active;
  }

  /**
   * The key that may verify a token carrying `kid` at `now`, or null. An unknown `kid` (another
   * instance may just have rotated) makes one bounded reload of the ring before answering.
   */
  async resolve(kid: string, now: Date): Promise<SigningKey | null> {
    if (this.ring === null || !this.ring.has(kid)) {
      // A poll already running may have read storage just before the rotation that made `kid`:
      // wait for it, and if the key is still unknown, reload once more.
      await this.poller.running?.catch(() => undefined);
      if (this.ring === null || !this.ring.has(kid)) {
        await this.reloadForUnknownKid();
      }
    }
    const ring = await this.current();
    return ring?.verifying(kid, now, this.verifyWindowSeconds) ?? null;
  }

  /**
   * `resolve` without a promise when it needs no storage: the ring is loaded and holds `kid`.
   * Returns `undefined` otherwise (then `resolve` decides, reloading for an unknown `kid`).
   */
  resolveKnown(kid: string, now: Date): SigningKey | null | undefined {
    if (!this.loaded || this.ring === null || !this.ring.has(kid))
      return undefined;
    return this.ring.verifying(kid, now, this.verifyWindowSeconds);
  }

  /**
   * Makes a fresh key the active one (of `algorithm`, default the configured one),
   * compare-and-swap against concurrent rotations on other instances. Applied here at once.
   */
  async rotate(options: {
    readonly revokePrevious: boolean;
    readonly algorithm?: SigningAlgorithm;
  }): Promise<SigningKeyRotationOutcome> {
    const algorithm = options.algorithm ?? this.config.signingAlgorithm;
    for (let attempt = 0; attempt < MAX_ROTATION_ATTEMPTS; attempt++) {
      const stored =
        (await this.repository.load()) ?? (await this.createRing());
      const now = this.clock.now();
      const next = stored.rotate(
        this.material.generate(algorithm, now),
        now,
        options,
        this.verifyWindowSeconds,
      );
      if (await this.repository.replace(next, stored.version)) {
        this.adopt(next);
        const revokedKids = options.revokePrevious
          ? stored
              .verifyingKeys(now, this.verifyWindowSeconds)
              .map((k) => k.kid)
          : [];
        return {
          ring: next,
          previous: stored.active,
          revokedKids,
          rotatedAt: now,
        };
      }
    }
    throw new StorageUnavailableError(
      'Signing key rotation kept conflicting with concurrent rotations',
    );
  }

  /** Stores the first ring (or adopts the one another instance stored first). */
  private async createRing(): Promise<SigningKeyRing> {
    const initial = SigningKeyRing.initial(
      this.material.generate(this.config.signingAlgorithm, this.clock.now()),
    );
    const ring = (await this.repository.create(initial))
      ? initial
      : await this.repository.load();
    if (ring === null) {
      throw new StorageUnavailableError('The signing key ring vanished');
    }
    this.adopt(ring);
    return ring;
  }

  private adopt(ring: SigningKeyRing): void {
    const revokedBefore = new Set(
      (this.ring?.keys ?? [])
        .filter((k) => k.revokedAt !== null)
        .map((k) => k.kid),
    );
    if (
      ring.keys.some((k) => k.revokedAt !== null && !revokedBefore.has(k.kid))
    ) {
      this.epoch++;
    }
    this.ring = ring;
    this.loaded = true;
    this.warnAboutMismatch(ring.active);
  }

  /** Once per active key: say why this instance will not sign as configured. */
  private warnAboutMismatch(active: SigningKey): void {
    if (this.warnedKid === active.kid) return;
    this.warnedKid = active.kid;
    if (!this.material.canUse(active)) {
      this.logger.error(
        `The active signing key ${active.kid} cannot be opened with this instance's secret: it answers 503 signing_key_unavailable to logins and to tokens of that key. ` +
          'Every instance needs the same secret; after changing it on purpose, rotate the signing key (tokenward rotate-keys).',
      );
    } else if (active.algorithm !== this.config.signingAlgorithm) {
      this.logger.warn(
        `Configured signing algorithm ${this.config.signingAlgorithm} differs from the active key's (${active.algorithm}); ` +
          'the active key keeps signing until a signing-key rotation (POST /auth/admin/rotations/keys or tokenward rotate-keys).',
      );
    }
  }

  /** Reads the ring (or only whether it changed); single-flight through the poller. */
  private reload(): Promise<void> {
    return this.poller.run();
  }

  private async load(): Promise<void> {
    if (this.ring === null) {
      const ring = await this.repository.load();
      if (ring === null) this.loaded = true;
      else this.adopt(ring);
      return;
    }
    const changed = await this.repository.loadIfChanged(this.ring.version);
    if (changed !== null && changed.version > this.ring.version) {
      this.adopt(changed);
    }
  }

  /**
   * At most one reload per 250 ms for unknown `kid`s. Inside that window a request does not give
   * up (a genuine new key must not be refused because made-up ones came first): it waits for the
   * one reload scheduled at the end of the window, shared by every request that arrives meanwhile.
   */
  private async reloadForUnknownKid(): Promise<void> {
    if (this.delayedReload) return this.delayedReload;
    // The injected clock, like every other time decision: tests move it instead of sleeping.
    const now = this.clock.now().getTime();
    const sinceLast = now - this.lastUnknownKidReloadAt;
    // A clock set back (a test's ManualClock, an NTP step) must not block reloads until it
    // catches up again.
    if (
      this.loaded &&
      sinceLast >= 0 &&
      sinceLast < UNKNOWN_KID_RELOAD_INTERVAL_MS
    ) {
      this.delayedReload = new Promise<void>((resolve) => {
        setTimeout(resolve, UNKNOWN_KID_RELOAD_INTERVAL_MS - sinceLast).unref();
      })
        .then(() => this.reloadNowForUnknownKid())
        .finally(() => {
          this.delayedReload = null;
        });
      return this.delayedReload;
    }
    return this.reloadNowForUnknownKid();
  }

  private async reloadNowForUnknownKid(): Promise<void> {
    this.lastUnknownKidReloadAt = this.clock.now().getTime();
    await this.reloadOrWarn();
  }

  /** A reload whose failure is logged, not thrown: callers decide on the state it leaves. */
  private async reloadOrWarn(): Promise<void> {
    await this.reload().catch((error: unknown) => {
      this.logger.warn(`Signing key refresh failed: ${describe(error)}`);
    });
  }
}
