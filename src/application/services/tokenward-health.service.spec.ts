import { Logger } from '@nestjs/common';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  anotherInstance,
  createHandlerKit,
  StorageOutage,
  type HandlerKit,
} from '../../../test/support/handler-kit.js';
import { TokenwardHealthService } from './tokenward-health.service.js';

const REFRESH_MS = 1_000;
const MAX_STALENESS_MS = 10_000;

describe('TokenwardHealthService', () => {
  let kit: HandlerKit;
  let outage: StorageOutage;
  let instance: HandlerKit;
  let health: TokenwardHealthService;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    kit = createHandlerKit({
      revocationCacheRefreshMs: REFRESH_MS,
      revocationMaxStalenessMs: MAX_STALENESS_MS,
    });
    outage = new StorageOutage();
    // An instance whose every storage read goes through the outage switch.
    const rotationState = outage.wrap(kit.rotationState, ['get']);
    instance = anotherInstance(kit, {}, { rotationState });
    health = new TokenwardHealthService(
      instance.config,
      instance.revocation,
      rotationState,
      instance.keys,
    );
    // The first token signed through any instance creates the shared key ring.
    await kit.keys.active();
    await instance.keys.current();
  });

  it('reports an error with a null age before the first refresh', async () => {
    expect(await health.check()).toMatchObject({
      status: 'error',
      storage: { status: 'up' },
      revocationCache: { ageMs: null, status: 'stale' },
    });
  });

  it('is ok with storage up and a fresh revocation state', async () => {
    await instance.revocation.refresh();
    kit.clock.advance(REFRESH_MS * 2);
    expect(await health.check()).toEqual({
      status: 'ok',
      storage: { status: 'up' },
      revocationCache: {
        ageMs: REFRESH_MS * 2,
        maxStalenessMs: MAX_STALENESS_MS,
        status: 'fresh',
      },
      signingKey: {
        status: 'ok',
        kid: (await kit.keys.active()).kid,
        algorithm: 'HS256',
      },
    });
  });

  it('is ok before any token was signed (no key yet), an error before the key ring could be read', async () => {
    const fresh = createHandlerKit();
    await fresh.revocation.refresh();
    const check = () =>
      new TokenwardHealthService(
        fresh.config,
        fresh.revocation,
        fresh.rotationState,
        fresh.keys,
      ).check();
    expect(await check()).toMatchObject({
      status: 'error',
      signingKey: { status: 'unknown', kid: null },
    });
    await fresh.keys.current();
    expect(await check()).toMatchObject({
      status: 'ok',
      signingKey: { status: 'none', kid: null, algorithm: null },
    });
  });

  it('is an error when this instance cannot open the active key (another secret)', async () => {
    const sealer = createHandlerKit({ signing: { algorithm: 'EdDSA' } });
    const active = await sealer.keys.active();
    const other = createHandlerKit(
      {
        secret: 'another-secret-0123456789abcdef-0123456789abc',
        signing: { algorithm: 'EdDSA' },
      },
      { signingKeys: sealer.signingKeys, clock: sealer.clock },
    );
    await other.revocation.refresh();
    await other.keys.current();
    const result = await new TokenwardHealthService(
      other.config,
      other.revocation,
      other.rotationState,
      other.keys,
    ).check();
    expect(result).toMatchObject({
      status: 'error',
      storage: { status: 'up' },
      revocationCache: { status: 'fresh' },
      signingKey: { status: 'unusable', kid: active.kid, algorithm: 'EdDSA' },
    });
  });

  it('is degraded while the poll lags but the state is within its max staleness', async () => {
    await instance.revocation.refresh();
    kit.clock.advance(MAX_STALENESS_MS);
    expect(await health.check()).toMatchObject({
      status: 'degraded',
      storage: { status: 'up' },
      revocationCache: { ageMs: MAX_STALENESS_MS, status: 'lagging' },
    });
  });

  it('is an error once the state is older than its max staleness', async () => {
    await instance.revocation.refresh();
    kit.clock.advance(MAX_STALENESS_MS + 1);
    expect(await health.check()).toMatchObject({
      status: 'error',
      storage: { status: 'up' },
      revocationCache: { ageMs: MAX_STALENESS_MS + 1, status: 'stale' },
    });
  });

  it('is an error when storage is unreachable, even with a fresh state', async () => {
    await instance.revocation.refresh();
    outage.down = true;
    expect(await health.check()).toMatchObject({
      status: 'error',
      storage: { status: 'down' },
      revocationCache: { ageMs: 0, status: 'fresh' },
    });
  });

  it('recovers once storage answers and the state is refreshed', async () => {
    await instance.revocation.refresh();
    outage.down = true;
    kit.clock.advance(MAX_STALENESS_MS + 1);
    await expect(instance.revocation.refresh()).rejects.toThrow();
    expect((await health.check()).status).toBe('error');
    outage.down = false;
    await instance.revocation.refresh();
    expect((await health.check()).status).toBe('ok');
  });
});
