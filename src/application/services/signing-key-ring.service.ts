import {
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  SigningKeyRing,
  type SigningKey,
} from '../../domain/entities/signing-key-ring.entity.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';
import { Clock } from '../../domain/ports/clock.js';
import { SigningKeyMaterial } from '../../domain/ports/signing-key-material.js';
import { SigningKeySource } from '../../domain/ports/signing-key-source.js';
import { SigningKeyRepository } from '../../domain/ports/signing-key.repository.js';
import { AuthConfig } from '../auth-config.js';
import { describeError as describe } from './error-description.js';

/** What a rotation changed. */
export interface SigningKeyRotationOutcome {
  readonly ring: SigningKeyRing;
  readonly previous: SigningKey;
  /** Keys revoked by this rotation (empty unless `revokePrevious`). */
  readonly revokedKids: readonly string[];
  readonly rotatedAt: Date;
}

/** Least time between two reloads caused by tokens with an unknown `kid`. */
const UNKNOWN_KID_RELOAD_INTERVAL_MS = 250;
const MAX_ROTATION_ATTEMPTS = 5;

/**
 * The shared signing-key ring, held in memory. Loaded (or created with one key of the configured
 * algorithm) at start-up, polled every `revocationCacheRefreshMs` with a version-only query, and
 * reloaded at once when a token names a `kid` this instance has not seen — another instance may
 * just have rotated. Those reloads are single-flight and at most one per 250 ms, so tokens with
 * made-up key ids cannot turn into a storage load.
 *
 * When the configured algorithm differs from the active key's (the deployment moved from HS256 to
 * EdDSA, say), start-up rotates to a new key of the configured algorithm; the old key keeps
 * verifying its tokens. A stored key this process cannot open (sealed under another master
 * secret) is replaced the same way.
 */
@Injectable()
export class SigningKeyRingService
  extends SigningKeySource
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('Tokenward');
  private ring: SigningKeyRing | null = null;
  private reloading: Promise<void> | null = null;
  private lastUnknownKidReloadAt = Number.NEGATIVE_INFINITY;
  private epoch = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AuthConfig,
    private readonly clock: Clock,
    private readonly repository: SigningKeyRepository,
    private readonly material: SigningKeyMaterial,
  ) {
    super();
  }

  /** Seconds a retired key keeps verifying: the longest a token it signed can be accepted. */
  get verifyWindowSeconds(): number {
    return (
      this.config.accessTokenTtlSeconds + this.config.clockToleranceSeconds
    );
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.loadOrCreate();
    } catch (error) {
      // Come up anyway: signing and verifying fail closed (503) until a poll loads the ring.
      this.logger.warn(`Initial signing key load failed: ${describe(error)}`);
    }
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) => {
        this.logger.warn(`Signing key refresh failed: ${describe(error)}`);
      });
    }, this.config.revocationCacheRefreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Grows whenever this instance learns of a newly revoked key, so anything remembered about
   * tokens verified before (the verified-token cache) can be dropped.
   */
  get revocationEpoch(): number {
    return this.epoch;
  }

  /**
   * The ring as this instance knows it. Before the first successful load (storage was down at
   * start-up) it loads now, and throws `StorageUnavailableError` if it still cannot.
   */
  async current(): Promise<SigningKeyRing> {
    if (this.ring === null) {
      await this.reload().catch((error: unknown) => {
        this.logger.warn(`Signing key load failed: ${describe(error)}`);
      });
    }
    if (this.ring === null) {
      throw new StorageUnavailableError('Signing keys are not loaded');
    }
    return this.ring;
  }

  async active(): Promise<SigningKey> {
    return (await this.current()).active;
  }

  async resolve(kid: string, now: Date): Promise<SigningKey | null> {
    if (this.ring !== null && !this.ring.has(kid)) {
      await this.reloadForUnknownKid();
    }
    return (await this.current()).verifying(kid, now, this.verifyWindowSeconds);
  }

  /**
   * Makes a fresh key of the configured algorithm the active one, compare-and-swap against
   * concurrent rotations on other instances. Applied to this instance at once.
   */
  async rotate(options: {
    readonly revokePrevious: boolean;
  }): Promise<SigningKeyRotationOutcome> {
    for (let attempt = 0; attempt < MAX_ROTATION_ATTEMPTS; attempt++) {
      const stored = await this.repository.load();
      if (stored === null) {
        await this.loadOrCreate();
        continue;
      }
      const now = this.clock.now();
      const next = stored.rotate(
        this.material.generate(this.config.signingAlgorithm, now),
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

  private async loadOrCreate(): Promise<void> {
    let ring = await this.repository.load();
    if (ring === null) {
      const initial = SigningKeyRing.initial(
        this.material.generate(this.config.signingAlgorithm, this.clock.now()),
      );
      ring = (await this.repository.create(initial))
        ? initial
        : await this.repository.load();
      if (ring === null) {
        throw new StorageUnavailableError('The signing key ring vanished');
      }
    }
    this.adopt(ring);
    const active = ring.active;
    if (active.algorithm !== this.config.signingAlgorithm) {
      this.logger.log(
        `Signing algorithm changed from ${active.algorithm} to ${this.config.signingAlgorithm}: rotating the signing key`,
      );
      await this.rotate({ revokePrevious: false });
    } else if (!this.material.canUse(active)) {
      this.logger.error(
        `The active signing key ${active.kid} cannot be opened with this master secret: rotating to a new key; tokens it signed stop verifying`,
      );
      await this.rotate({ revokePrevious: true });
    }
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
  }

  private async reload(): Promise<void> {
    if (this.reloading) return this.reloading;
    this.reloading = (async () => {
      try {
        if (this.ring === null) {
          await this.loadOrCreate();
          return;
        }
        const changed = await this.repository.loadIfChanged(this.ring.version);
        if (changed !== null && changed.version > this.ring.version) {
          this.adopt(changed);
        }
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  private async reloadForUnknownKid(): Promise<void> {
    const now = Date.now();
    if (this.reloading) return this.reloading;
    if (
      this.ring !== null &&
      now - this.lastUnknownKidReloadAt < UNKNOWN_KID_RELOAD_INTERVAL_MS
    ) {
      return;
    }
    this.lastUnknownKidReloadAt = now;
    await this.reload().catch((error: unknown) => {
      this.logger.warn(`Signing key refresh failed: ${describe(error)}`);
    });
  }
}
