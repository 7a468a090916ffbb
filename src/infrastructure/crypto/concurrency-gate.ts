import { ServerBusyError } from '../../domain/errors/server-busy.error.js';

/**
 * At most `maxConcurrent` tasks at once, at most `maxQueued` waiting; beyond that a task is
 * refused at once with `ServerBusyError`. Argon2 saturates libuv's thread pool and the cores, so
 * an unbounded queue of logins would starve every other request and stretch login latency
 * without limit; a bounded one keeps both in check and tells clients when to retry.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueued: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Tasks running now, and tasks waiting for a slot. */
  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.waiting.length };
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(new ServerBusyError());
    }
    // The slot is handed over by `release`, which leaves `active` unchanged.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.active -= 1;
    else next();
  }
}
