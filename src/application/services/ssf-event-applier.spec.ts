import { beforeEach, describe, expect, it } from 'vitest';
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../domain/errors/token-version-rejected.error.js';
import type {
  SecurityEventSubject,
  VerifiedSecurityEvent,
} from '../../domain/ports/security-event-verifier.js';
import { ManualClock } from '../../infrastructure/clock/manual.clock.js';
import { SSF_EVENT_TYPES } from './security-event-token.service.js';
import { applySecurityEvent } from './ssf-event-applier.js';
import { SsfReceiverDenyState } from './ssf-receiver-deny-state.js';

const T = Date.parse('2026-06-01T12:00:00.000Z') / 1000;
const BEFORE = { iat: T - 10, exp: T - 10 + 900 };
const NOBODY: SecurityEventSubject = {
  userId: null,
  sessionId: null,
  everyone: false,
};

describe('applySecurityEvent', () => {
  let state: SsfReceiverDenyState;
  const event = (
    eventType: string,
    subject: Partial<SecurityEventSubject>,
  ): VerifiedSecurityEvent => ({
    jti: 'j',
    eventType,
    eventTimestamp: T,
    subject: { ...NOBODY, ...subject },
  });
  const alice = (sid = 'other-session') => ({ sub: 'alice', sid, ...BEFORE });
  const bob = { sub: 'bob', sid: 'bob-session', ...BEFORE };

  beforeEach(() => {
    state = new SsfReceiverDenyState(
      { maxTokenLifetimeSeconds: 900, clockToleranceSeconds: 5 },
      new ManualClock(new Date(T * 1000)),
    );
  });

  it('ends one session on a session-revoked naming it', () => {
    expect(
      applySecurityEvent(
        state,
        event(SSF_EVENT_TYPES.sessionRevoked, {
          userId: 'alice',
          sessionId: 's1',
        }),
      ),
    ).toBe(true);

    expect(() => state.check(alice('s1'))).toThrow(TokenRevokedError);
    expect(() => state.check(alice())).not.toThrow();
  });

  it.each([
    ['session-revoked for the user', SSF_EVENT_TYPES.sessionRevoked],
    ['credential-change', SSF_EVENT_TYPES.credentialChange],
    ['token-claims-change', SSF_EVENT_TYPES.tokenClaimsChange],
    ['account-disabled', SSF_EVENT_TYPES.accountDisabled],
  ])("ends the user's earlier tokens on %s", (_name, type) => {
    expect(applySecurityEvent(state, event(type, { userId: 'alice' }))).toBe(
      true,
    );

    expect(() => state.check(alice())).toThrow(TokenVersionRejectedError);
    expect(() => state.check(bob)).not.toThrow();
  });

  it("ends the user's tokens, not only the session, on a credential change naming a session", () => {
    applySecurityEvent(
      state,
      event(SSF_EVENT_TYPES.credentialChange, {
        userId: 'alice',
        sessionId: 's1',
      }),
    );

    expect(() => state.check(alice())).toThrow(TokenVersionRejectedError);
  });

  it('ends every earlier token on an event naming the whole issuer', () => {
    applySecurityEvent(
      state,
      event(SSF_EVENT_TYPES.sessionRevoked, { everyone: true }),
    );

    expect(() => state.check(bob)).toThrow(TokenVersionRejectedError);
  });

  it.each([
    ['verification', event(SSF_EVENT_TYPES.verification, { userId: 'alice' })],
    [
      'account-enabled',
      event(SSF_EVENT_TYPES.accountEnabled, { userId: 'alice' }),
    ],
    ['an unknown type', event('urn:example:other', { userId: 'alice' })],
    [
      'a subject of another issuer',
      event(SSF_EVENT_TYPES.credentialChange, {}),
    ],
  ])('changes nothing on %s', (_name, e) => {
    expect(applySecurityEvent(state, e)).toBe(false);

    expect(() => state.check(alice())).not.toThrow();
    expect(state.size).toBe(0);
  });
});
