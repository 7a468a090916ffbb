import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSsfKit } from '../../../../test/support/ssf-kit.js';
import { SsfStreamNotFoundError } from '../../../domain/errors/ssf-stream-not-found.error.js';
import { SetSsfStreamStatusCommand } from '../set-ssf-stream-status/set-ssf-stream-status.command.js';
import { SSF_EVENT_TYPES } from '../../services/security-event-token.service.js';
import { PollSsfEventsCommand } from './poll-ssf-events.command.js';
import { SSF_POLL_MAX_EVENTS } from './poll-ssf-events.handler.js';

const RECEIVER = 'receiver';

function logout(userId: string, sessionId: string) {
  return {
    eventType: SSF_EVENT_TYPES.sessionRevoked,
    userId,
    sessionId,
  };
}

describe('PollSsfEventsHandler', () => {
  const poll = (
    kit: ReturnType<typeof createSsfKit>,
    streamId: string,
    options: Partial<{
      ack: string[];
      setErrs: Record<string, { err: string; description: string }>;
      maxEvents: number | null;
      clientId: string;
    }> = {},
  ) =>
    kit.poll.execute(
      new PollSsfEventsCommand(
        options.clientId ?? RECEIVER,
        streamId,
        options.ack ?? [],
        options.setErrs ?? {},
        options.maxEvents === undefined ? null : options.maxEvents,
        true,
      ),
    );

  it('returns queued SETs oldest first until acknowledged, then never again', async () => {
    const kit = createSsfKit();
    const id = await kit.stream(RECEIVER, [SSF_EVENT_TYPES.sessionRevoked]);
    await kit.outbox.publish([logout('u1', 's1')]);
    kit.clock.advance(1000);
    await kit.outbox.publish([logout('u2', 's2')]);

    const first = await poll(kit, id);
    expect(first.sets.map((s) => decodeJwt(s.set).sub_id)).toMatchObject([
      { session: { id: 's1' } },
      { session: { id: 's2' } },
    ]);
    expect((await poll(kit, id)).sets).toHaveLength(2);

    const afterAck = await poll(kit, id, { ack: [first.sets[0]!.jti] });
    expect(afterAck.sets.map((s) => s.jti)).toEqual([first.sets[1]!.jti]);
    // Reported as failed: delivered all the same, not resent.
    const afterErr = await poll(kit, id, {
      setErrs: {
        [first.sets[1]!.jti]: { err: 'invalid_key', description: 'x' },
      },
    });
    expect(afterErr.sets).toEqual([]);
  });

  it('pages by maxEvents, says moreAvailable, caps at the transmitter maximum, 0 only acknowledges', async () => {
    const kit = createSsfKit();
    const id = await kit.stream(RECEIVER, [SSF_EVENT_TYPES.sessionRevoked]);
    for (let i = 0; i < 3; i += 1)
      await kit.outbox.publish([logout('u', `s${i}`)]);
    const page = await poll(kit, id, { maxEvents: 2 });
    expect(page.sets).toHaveLength(2);
    expect(page.moreAvailable).toBe(true);
    const none = await poll(kit, id, {
      maxEvents: 0,
      ack: page.sets.map((s) => s.jti),
    });
    expect(none).toEqual({ sets: [], moreAvailable: false });
    const rest = await poll(kit, id, { maxEvents: 10_000 });
    expect(rest.sets).toHaveLength(1);
    expect(rest.moreAvailable).toBe(false);
    expect(SSF_POLL_MAX_EVENTS).toBe(100);
  });

  it('holds SETs while paused, drops them when disabled, and queues none on a disabled stream', async () => {
    const kit = createSsfKit();
    const id = await kit.stream(RECEIVER, [SSF_EVENT_TYPES.sessionRevoked]);
    const setStatus = (status: 'enabled' | 'paused' | 'disabled') =>
      kit.status.execute(
        new SetSsfStreamStatusCommand(RECEIVER, id, status, null),
      );
    await setStatus('paused');
    await kit.outbox.publish([logout('u', 's1')]);
    expect((await poll(kit, id)).sets).toEqual([]);
    await setStatus('enabled');
    expect((await poll(kit, id)).sets).toHaveLength(1);
    await setStatus('disabled');
    await kit.outbox.publish([logout('u', 's2')]);
    await setStatus('enabled');
    expect((await poll(kit, id)).sets).toEqual([]);
  });

  it("answers another receiver's stream as an unknown one", async () => {
    const kit = createSsfKit();
    const id = await kit.stream(RECEIVER, [SSF_EVENT_TYPES.sessionRevoked]);
    await expect(poll(kit, id, { clientId: 'intruder' })).rejects.toThrow(
      SsfStreamNotFoundError,
    );
  });

  it('a long poll returns as soon as a SET is queued on this instance', async () => {
    const kit = createSsfKit();
    const id = await kit.stream(RECEIVER, [SSF_EVENT_TYPES.sessionRevoked]);
    const waiting = kit.poll.execute(
      new PollSsfEventsCommand(RECEIVER, id, [], {}, null, false),
    );
    await kit.outbox.publish([logout('u', 's-late')]);
    const result = await waiting;
    expect(result.sets.map((s) => decodeJwt(s.set).sub_id)).toMatchObject([
      { session: { id: 's-late' } },
    ]);
  });
});
