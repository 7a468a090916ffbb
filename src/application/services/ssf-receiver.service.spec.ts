import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import {
  SecurityEventVerifier,
  SetRejectedError,
  type VerifiedSecurityEvent,
} from '../../domain/ports/security-event-verifier.js';
import {
  SsfTransmitterClient,
  SsfTransmitterUnavailableError,
  type SsfPollAnswer,
  type SsfPollRequest,
} from '../../domain/ports/ssf-transmitter-client.js';
import { ManualClock } from '../../infrastructure/clock/manual.clock.js';
import { SSF_EVENT_TYPES } from './security-event-token.service.js';
import { SsfReceiverDenyState } from './ssf-receiver-deny-state.js';
import { SsfReceiverService } from './ssf-receiver.service.js';

const T = Date.parse('2026-06-01T12:00:00.000Z') / 1000;

/** A queue of SETs ("set:<sid>" revokes <sid>) with RFC 8936 ack semantics. */
class FakeTransmitter extends SsfTransmitterClient {
  readonly queue = new Map<string, string>();
  readonly requests: SsfPollRequest[] = [];
  readonly reported: Record<string, unknown> = {};
  down = false;
  pageSize = 100;

  poll(request: SsfPollRequest): Promise<SsfPollAnswer> {
    if (this.down)
      return Promise.reject(new SsfTransmitterUnavailableError('HTTP 502'));
    this.requests.push(request);
    for (const jti of request.ack) this.queue.delete(jti);
    for (const [jti, err] of Object.entries(request.setErrs)) {
      this.queue.delete(jti);
      this.reported[jti] = err;
    }
    const page = [...this.queue].slice(
      0,
      Math.min(request.maxEvents, this.pageSize),
    );
    return Promise.resolve({
      sets: Object.fromEntries(page),
      moreAvailable: this.queue.size > page.length,
    });
  }
}

/** "set:<sid>" is a session-revoked for <sid>; "bad" is refused; "newkey" has an unknown kid. */
class FakeVerifier extends SecurityEventVerifier {
  keysDown = false;
  verify(jti: string, set: string): Promise<VerifiedSecurityEvent> {
    if (this.keysDown) return Promise.reject(new AuthServiceUnavailableError());
    if (set === 'bad')
      return Promise.reject(
        new SetRejectedError('invalid_issuer', 'unexpected iss'),
      );
    if (set === 'newkey')
      return Promise.reject(
        new SetRejectedError('invalid_key', 'unknown kid', true),
      );
    return Promise.resolve({
      jti,
      eventType: SSF_EVENT_TYPES.sessionRevoked,
      eventTimestamp: T,
      subject: { userId: 'alice', sessionId: set.slice(4), everyone: false },
    });
  }
}

describe('SsfReceiverService', () => {
  let transmitter: FakeTransmitter;
  let verifier: FakeVerifier;
  let state: SsfReceiverDenyState;
  let receiver: SsfReceiverService;
  const token = (sid: string) => ({
    sub: 'alice',
    sid,
    iat: T - 10,
    exp: T + 890,
  });

  beforeEach(() => {
    transmitter = new FakeTransmitter();
    verifier = new FakeVerifier();
    state = new SsfReceiverDenyState(
      { maxTokenLifetimeSeconds: 900, clockToleranceSeconds: 5 },
      new ManualClock(new Date(T * 1000)),
    );
    receiver = new SsfReceiverService(
      { pollIntervalMs: 1000, maxEvents: 100 },
      transmitter,
      verifier,
      state,
    );
  });

  it('applies the polled events and acknowledges them, so they are not delivered again', async () => {
    transmitter.queue.set('j1', 'set:s1');
    transmitter.queue.set('j2', 'set:s2');

    await receiver.pollOnce();

    expect(() => state.check(token('s1'))).toThrow(TokenRevokedError);
    expect(() => state.check(token('s2'))).toThrow(TokenRevokedError);
    expect(() => state.check(token('s3'))).not.toThrow();
    expect(transmitter.queue.size).toBe(0);
    expect(transmitter.requests.at(-1)).toEqual({
      ack: ['j1', 'j2'],
      setErrs: {},
      maxEvents: 0,
    });
  });

  it('reports a refused SET in setErrs and does not apply it', async () => {
    transmitter.queue.set('j1', 'bad');

    await receiver.pollOnce();

    expect(transmitter.reported).toEqual({
      j1: { err: 'invalid_issuer', description: 'unexpected iss' },
    });
    expect(state.size).toBe(0);
  });

  it('retries a SET with an unknown key over a few polls before reporting it', async () => {
    transmitter.queue.set('j1', 'newkey');

    await receiver.pollOnce();
    await receiver.pollOnce();
    expect(transmitter.queue.has('j1')).toBe(true);
    await receiver.pollOnce();

    expect(transmitter.queue.has('j1')).toBe(false);
    expect(transmitter.reported).toEqual({
      j1: { err: 'invalid_key', description: 'unknown kid' },
    });
  });

  it('acknowledges nothing while the keys cannot be fetched, and applies the SET later', async () => {
    transmitter.queue.set('j1', 'set:s1');
    verifier.keysDown = true;

    await receiver.pollOnce();
    expect(transmitter.queue.has('j1')).toBe(true);
    expect(transmitter.reported).toEqual({});

    verifier.keysDown = false;
    await receiver.pollOnce();
    expect(() => state.check(token('s1'))).toThrow(TokenRevokedError);
    expect(transmitter.queue.size).toBe(0);
  });

  it('keeps what it knows while the transmitter is down, and sends the pending acknowledgements when it is back', async () => {
    transmitter.queue.set('j1', 'set:s1');
    transmitter.pageSize = 1;
    transmitter.queue.set('j2', 'set:s2');
    await receiver.pollOnce();
    transmitter.queue.set('j3', 'set:s3');
    transmitter.down = true;

    await expect(receiver.pollOnce()).rejects.toThrow(
      SsfTransmitterUnavailableError,
    );
    expect(() => state.check(token('s1'))).toThrow(TokenRevokedError);

    transmitter.down = false;
    await receiver.pollOnce();
    expect(() => state.check(token('s3'))).toThrow(TokenRevokedError);
    expect(transmitter.queue.size).toBe(0);
  });

  it('polls again at once while more are available', async () => {
    transmitter.pageSize = 2;
    for (let i = 0; i < 7; i += 1) transmitter.queue.set(`j${i}`, `set:s${i}`);

    await receiver.pollOnce();

    expect(state.size).toBe(7);
    expect(transmitter.queue.size).toBe(0);
  });

  describe('lifecycle', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('polls at once on start, then every interval, and stops at shutdown', async () => {
      vi.useFakeTimers();
      receiver.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(0);
      expect(transmitter.requests).toHaveLength(1);

      await vi.advanceTimersByTimeAsync(3000);
      expect(transmitter.requests).toHaveLength(4);

      receiver.onApplicationShutdown();
      await vi.advanceTimersByTimeAsync(5000);
      expect(transmitter.requests).toHaveLength(4);
    });

    it('keeps polling through an outage and applies what was queued once the transmitter is back', async () => {
      vi.useFakeTimers();
      transmitter.down = true;
      transmitter.queue.set('j1', 'set:s1');
      receiver.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(2000);
      expect(state.size).toBe(0);

      transmitter.down = false;
      await vi.advanceTimersByTimeAsync(1000);
      receiver.onApplicationShutdown();

      expect(() => state.check(token('s1'))).toThrow(TokenRevokedError);
    });
  });
});
