import { afterEach, describe, expect, it, vi } from 'vitest';
import { Poller } from './poller.js';

describe('Poller', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shares one run among callers that ask while it is under way', async () => {
    let release!: () => void;
    let runs = 0;
    const poller = new Poller(
      () => {
        runs++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      () => undefined,
    );
    const first = poller.run();
    const second = poller.run();
    expect(poller.running).not.toBeNull();
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    expect(poller.running).toBeNull();
    const third = poller.run();
    release();
    await third;
    expect(runs).toBe(2);
  });

  it('remembers whether the last run failed, and rejects an on-demand run with its error', async () => {
    let fail = true;
    const poller = new Poller(
      () => (fail ? Promise.reject(new Error('down')) : Promise.resolve()),
      () => undefined,
    );
    await expect(poller.run()).rejects.toThrow('down');
    expect(poller.lastFailed).toBe(true);
    fail = false;
    await poller.run();
    expect(poller.lastFailed).toBe(false);
  });

  it('runs on its timer, hands timer failures to the handler, and stops', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let runs = 0;
    const poller = new Poller(
      () => {
        runs++;
        return Promise.reject(new Error(`run ${runs}`));
      },
      (error) => errors.push(error),
    );
    poller.start(1000);
    await vi.advanceTimersByTimeAsync(2500);
    expect(runs).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 1', 'run 2']);
    poller.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(2);
  });
});
