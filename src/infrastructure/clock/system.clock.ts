import { Clock } from '../../domain/ports/clock.js';

/** The real wall clock. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
