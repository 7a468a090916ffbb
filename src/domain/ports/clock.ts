/** Port: the only source of "now" in Tokenward, so tests can freeze and advance time. */
export abstract class Clock {
  abstract now(): Date;
}
