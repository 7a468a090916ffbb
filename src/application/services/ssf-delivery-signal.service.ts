import { Injectable } from '@nestjs/common';

/**
 * Wakes the long polls (RFC 8936 §2.4 `returnImmediately: false`) waiting on a stream when this
 * instance queues a SET for it. Process-local: a poll on another instance finds SETs queued here
 * on its next storage check, so a wake-up is a shortcut, never the only way a SET is found.
 */
@Injectable()
export class SsfDeliverySignal {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** SETs were queued on `streamId`. */
  notify(streamId: string): void {
    const waiting = this.waiters.get(streamId);
    if (waiting === undefined) return;
    this.waiters.delete(streamId);
    for (const wake of waiting) wake();
  }

  /** Resolves on the next `notify(streamId)` or after `ms`, whichever comes first. */
  wait(streamId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let waiting = this.waiters.get(streamId);
      if (waiting === undefined) {
        waiting = new Set();
        this.waiters.set(streamId, waiting);
      }
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.get(streamId)?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      waiting.add(wake);
    });
  }
}
