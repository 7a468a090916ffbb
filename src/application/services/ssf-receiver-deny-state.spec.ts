import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../domain/errors/token-version-rejected.error.js';
import { ManualClock } from '../../infrastructure/clock/manual.clock.js';
import {
  SsfReceiverDenyState,
  type DenyCheckedToken,
} from './ssf-receiver-deny-state.js';

const LIFETIME = 900;
const TOLERANCE = 5;

describe('SsfReceiverDenyState', () => {
  let clock: ManualClock;
  let state: SsfReceiverDenyState;
  const now = () => Math.floor(clock.now().getTime() / 1000);
  /** A token of `sub`/`sid` issued `agoSeconds` before now, with the auth app's lifetime. */
  const token = (
    sub: string,
    sid: string,
    agoSeconds = 0,
  ): DenyCheckedToken => ({
    sub,
    sid,
    iat: now() - agoSeconds,
    exp: now() - agoSeconds + LIFETIME,
  });

  beforeEach(() => {
    clock = new ManualClock('2026-06-01T12:00:00.000Z');
    state = new SsfReceiverDenyState(
      { maxTokenLifetimeSeconds: LIFETIME, clockToleranceSeconds: TOLERANCE },
      clock,
    );
  });

  it('lets every token through while nothing happened', () => {
    expect(() => state.check(token('alice', 's1', 30))).not.toThrow();
    expect(state.size).toBe(0);
  });

  it('refuses every token of a revoked session, and only of that session', () => {
    const before = token('alice', 's1', 30);
    state.revokeSession('s1', now());

    expect(() => state.check(before)).toThrow(TokenRevokedError);
    // A token of that session issued later (a refresh that raced the logout) is refused too.
    clock.advanceSeconds(10);
    expect(() => state.check(token('alice', 's1'))).toThrow(TokenRevokedError);
    expect(() => state.check(token('alice', 's2', 30))).not.toThrow();
    expect(() => state.check(token('bob', 's3', 30))).not.toThrow();
  });

  it("refuses a user's tokens issued up to the event's second, not later ones nor other users'", () => {
    const before = token('alice', 's1', 30);
    const sameSecond = token('alice', 's2');
    state.denyUserTokensIssuedBefore('alice', now() + 0.4);

    expect(() => state.check(before)).toThrow(TokenVersionRejectedError);
    expect(() => state.check(sameSecond)).toThrow(TokenVersionRejectedError);
    expect(() => state.check(token('bob', 's3', 30))).not.toThrow();
    clock.advanceSeconds(1);
    expect(() => state.check(token('alice', 's4'))).not.toThrow();
  });

  it('keeps the later instant when user events arrive out of order', () => {
    const t = now();
    state.denyUserTokensIssuedBefore('alice', t);
    state.denyUserTokensIssuedBefore('alice', t - 60);
    clock.advanceSeconds(1);

    expect(() =>
      state.check({ sub: 'alice', sid: 's', iat: t, exp: t + LIFETIME }),
    ).toThrow(TokenVersionRejectedError);
    expect(() => state.check(token('alice', 's'))).not.toThrow();
  });

  it('refuses every token issued before a global rotation, not later ones', () => {
    const alice = token('alice', 's1', 30);
    const bob = token('bob', 's2', 1);
    state.denyAllTokensIssuedBefore(now());
    state.denyAllTokensIssuedBefore(now() - 100);

    expect(() => state.check(alice)).toThrow(TokenVersionRejectedError);
    expect(() => state.check(bob)).toThrow(TokenVersionRejectedError);
    clock.advanceSeconds(1);
    expect(() => state.check(token('alice', 's3'))).not.toThrow();
  });

  it('refuses a token that lives longer than the lifetime it can vouch for', () => {
    const long: DenyCheckedToken = {
      sub: 'alice',
      sid: 's1',
      iat: now(),
      exp: now() + LIFETIME + 1,
    };

    expect(() => state.check(long)).toThrow(InvalidTokenError);
    expect(() => state.check({ ...long, exp: now() + LIFETIME })).not.toThrow();
  });

  it('forgets an entry only once every token it concerns has expired', () => {
    const t = now();
    state.revokeSession('s1', t);
    state.denyUserTokensIssuedBefore('alice', t);
    expect(state.size).toBe(2);

    // The last token concerned (iat t, exp t + LIFETIME) is accepted by the verifier until
    // exp + tolerance: the entries must outlive that.
    clock.advanceSeconds(LIFETIME + TOLERANCE);
    state.prune();
    expect(state.size).toBe(2);
    expect(() =>
      state.check({ sub: 'alice', sid: 's1', iat: t, exp: t + LIFETIME }),
    ).toThrow(TokenRevokedError);

    clock.advanceSeconds(1);
    state.prune();
    expect(state.size).toBe(0);
  });

  it('does not store an event older than a token lifetime (it concerns no live token)', () => {
    state.revokeSession('s1', now() - LIFETIME - TOLERANCE - 1);
    state.denyUserTokensIssuedBefore('alice', now() - LIFETIME - TOLERANCE - 1);

    expect(state.size).toBe(0);
  });

  it('holds the events of one lifetime, not of all time', () => {
    for (let minute = 0; minute < 120; minute += 1) {
      for (let i = 0; i < 10; i += 1) {
        state.revokeSession(`s-${minute}-${i}`, now());
        state.denyUserTokensIssuedBefore(`u-${minute}-${i}`, now());
      }
      clock.advanceSeconds(60);
      state.prune();
    }

    // 906 s of history at 20 events a minute: at most 16 minutes' worth.
    expect(state.size).toBeLessThanOrEqual(16 * 20);
    expect(state.size).toBeGreaterThan(0);
  });
});
