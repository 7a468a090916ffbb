import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSsfKit, SSF_KIT_ISSUER } from '../../../test/support/ssf-kit.js';
import { PollSsfEventsCommand } from '../commands/poll-ssf-events/poll-ssf-events.command.js';
import { AllSessionsRevokedEvent } from '../events/all-sessions-revoked.event.js';
import { GlobalTokenRotatedEvent } from '../events/global-token-rotated.event.js';
import { OtherSessionsRevokedEvent } from '../events/other-sessions-revoked.event.js';
import { PasswordResetEvent } from '../events/password-reset.event.js';
import { SessionEndedEvent } from '../events/session-ended.event.js';
import { UserStatusChangedEvent } from '../events/user-status-changed.event.js';
import { UserTokenRotatedEvent } from '../events/user-token-rotated.event.js';
import { SSF_EVENT_TYPES } from './security-event-token.service.js';

const AT = new Date('2026-06-01T00:00:00.000Z');
const SECONDS = AT.getTime() / 1000;
const user = (sub: string) => ({ format: 'iss_sub', iss: SSF_KIT_ISSUER, sub });

describe('SsfEventProducer', () => {
  it.each([
    [
      'an admin ending a session: session-revoked for that session',
      new SessionEndedEvent('u1', 's1', { actorId: 'admin-1' }, AT),
      [
        {
          type: SSF_EVENT_TYPES.sessionRevoked,
          sub_id: {
            format: 'complex',
            user: user('u1'),
            session: { format: 'opaque', id: 's1' },
          },
          event: { initiating_entity: 'admin', event_timestamp: SECONDS },
        },
      ],
    ],
    [
      'logout of the other sessions: one session-revoked per revoked session',
      new OtherSessionsRevokedEvent('u1', 'kept', 2, { actorId: 'u1' }, AT, [
        'a',
        'b',
      ]),
      ['a', 'b'].map((id) => ({
        type: SSF_EVENT_TYPES.sessionRevoked,
        sub_id: {
          format: 'complex',
          user: user('u1'),
          session: { format: 'opaque', id },
        },
        event: { initiating_entity: 'user' },
      })),
    ],
    [
      'logout-all: session-revoked for the user (every session)',
      new AllSessionsRevokedEvent('u1', 3, { actorId: 'u1' }, AT),
      [
        {
          type: SSF_EVENT_TYPES.sessionRevoked,
          sub_id: user('u1'),
          event: { initiating_entity: 'user' },
        },
      ],
    ],
    [
      'a per-user rotation by the system: session-revoked for the user',
      new UserTokenRotatedEvent('u1', 1, 2, {}, AT),
      [
        {
          type: SSF_EVENT_TYPES.sessionRevoked,
          sub_id: user('u1'),
          event: { initiating_entity: 'system' },
        },
      ],
    ],
    [
      'a global rotation: session-revoked for every subject of the issuer',
      new GlobalTokenRotatedEvent(1, 2, AT, { actorId: 'admin-1' }, AT),
      [
        {
          type: SSF_EVENT_TYPES.sessionRevoked,
          sub_id: { format: 'uri', uri: SSF_KIT_ISSUER },
          event: { initiating_entity: 'admin' },
        },
      ],
    ],
    [
      'an invitation accepted: credential-change create',
      new PasswordResetEvent('u1', 0, true, {}, AT),
      [
        {
          type: SSF_EVENT_TYPES.credentialChange,
          sub_id: user('u1'),
          event: { credential_type: 'password', change_type: 'create' },
        },
      ],
    ],
    [
      'deactivation with a role change: account-disabled and token-claims-change',
      new UserStatusChangedEvent(
        'u1',
        false,
        ['user'],
        { actorId: 'admin-1' },
        AT,
        ['isActive', 'roles'],
        1,
      ),
      [
        {
          type: SSF_EVENT_TYPES.accountDisabled,
          sub_id: user('u1'),
          event: {},
        },
        {
          type: SSF_EVENT_TYPES.tokenClaimsChange,
          sub_id: user('u1'),
          event: { claims: { roles: ['user'] }, initiating_entity: 'admin' },
        },
      ],
    ],
  ])('%s', async (_name, event, expected) => {
    const kit = createSsfKit();
    const id = await kit.stream('receiver', [
      SSF_EVENT_TYPES.sessionRevoked,
      SSF_EVENT_TYPES.credentialChange,
      SSF_EVENT_TYPES.tokenClaimsChange,
      SSF_EVENT_TYPES.accountDisabled,
      SSF_EVENT_TYPES.accountEnabled,
    ]);
    await kit.producer.handle(event);
    const { sets } = await kit.poll.execute(
      new PollSsfEventsCommand('receiver', id, [], {}, null, true),
    );
    const claims = sets.map((s) => decodeJwt(s.set));
    expect(
      claims.map((c) => {
        const [type, body] = Object.entries(
          c.events as Record<string, object>,
        )[0]!;
        return { type, sub_id: c.sub_id, body };
      }),
    ).toEqual(
      expected.map((e) => ({
        type: e.type,
        sub_id: e.sub_id,
        body: expect.objectContaining(e.event),
      })),
    );
    // The SETs of one change share a txn.
    expect(new Set(claims.map((c) => c.txn)).size).toBe(1);
  });

  it('queues nothing for a stream that did not ask for the type, nor for logout-all of no session', async () => {
    const kit = createSsfKit();
    const id = await kit.stream('receiver', [SSF_EVENT_TYPES.credentialChange]);
    await kit.producer.handle(new SessionEndedEvent('u1', 's1', {}, AT));
    await kit.producer.handle(new AllSessionsRevokedEvent('u1', 0, {}, AT));
    const { sets } = await kit.poll.execute(
      new PollSsfEventsCommand('receiver', id, [], {}, null, true),
    );
    expect(sets).toEqual([]);
  });
});
