import { Clock } from '../../domain/ports/clock.js';

/** A clock that only moves when told to: for tests of expiry, grace windows and reuse intervals. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Moves time forward by `seconds` seconds. */
  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
