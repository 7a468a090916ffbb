import { describe, expect, it } from 'vitest';
import { ServerBusyError } from '../../domain/errors/server-busy.error.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { GatedPasswordHasher } from './gated-password.hasher.js';
import { Argon2PasswordHasher } from './argon2-password.hasher.js';

/** A task that runs until released, recording how many ran at once. */
function controllable() {
  let running = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const task = () =>
    new Promise<string>((resolve) => {
      running += 1;
      peak = Math.max(peak, running);
      releases.push(() => {
        running -= 1;
        resolve('done');
      });
    });
  return { task, releases, peak: () => peak };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyGate', () => {
  it('runs at most maxConcurrent tasks at once and queues the rest in order', async () => {
    const gate = new ConcurrencyGate(2, 10);
    const work = controllable();
    const results = Array.from({ length: 5 }, () => gate.run(work.task));
    await tick();
    expect(gate.load).toEqual({ active: 2, queued: 3 });
    while (work.releases.length > 0 || gate.load.active > 0) {
      work.releases.shift()?.();
      await tick();
    }
    expect(await Promise.all(results)).toEqual(Array(5).fill('done'));
    expect(work.peak()).toBe(2);
    expect(gate.load).toEqual({ active: 0, queued: 0 });
  });

  it('refuses with ServerBusyError once the queue is full, and admits again after', async () => {
    const gate = new ConcurrencyGate(1, 2);
    const work = controllable();
    const admitted = [
      gate.run(work.task),
      gate.run(work.task),
      gate.run(work.task),
    ];
    await expect(gate.run(work.task)).rejects.toBeInstanceOf(ServerBusyError);
    await tick();
    work.releases.shift()?.();
    await tick();
    // One slot freed in the queue: the next task is queued, not refused.
    const late = gate.run(work.task);
    while (work.releases.length > 0 || gate.load.active > 0) {
      work.releases.shift()?.();
      await tick();
    }
    await expect(Promise.all([...admitted, late])).resolves.toHaveLength(4);
  });

  it('frees the slot when a task fails', async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(
      gate.run(() => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve(42))).resolves.toBe(42);
  });
});

describe('GatedPasswordHasher', () => {
  it('hashes and verifies through the gate and refuses beyond it', async () => {
    const inner = new Argon2PasswordHasher({
      memoryCost: 1024,
      timeCost: 1,
      parallelism: 1,
    });
    const gate = new ConcurrencyGate(1, 1);
    const hasher = new GatedPasswordHasher(inner, gate);
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
    expect(await hasher.verify(hash, 'wrong horse')).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
    const burst = [
      hasher.verify(hash, 'a'),
      hasher.verify(hash, 'b'),
      hasher.verifyDummy('c'),
    ];
    const outcomes = await Promise.allSettled(burst);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(
      ServerBusyError,
    );
  });
});
