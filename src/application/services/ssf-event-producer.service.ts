import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { AuditContext } from '../../domain/entities/audit-record.entity.js';
import { AuthConfig } from '../auth-config.js';
import { AllSessionsRevokedEvent } from '../events/all-sessions-revoked.event.js';
import { GlobalTokenRotatedEvent } from '../events/global-token-rotated.event.js';
import { OtherSessionsRevokedEvent } from '../events/other-sessions-revoked.event.js';
import { PasswordChangedEvent } from '../events/password-changed.event.js';
import { PasswordResetEvent } from '../events/password-reset.event.js';
import { RefreshTokenReuseDetectedEvent } from '../events/refresh-token-reuse-detected.event.js';
import { SessionEndedEvent } from '../events/session-ended.event.js';
import { SessionRevokedEvent } from '../events/session-revoked.event.js';
import { UserStatusChangedEvent } from '../events/user-status-changed.event.js';
import { UserTokenRotatedEvent } from '../events/user-token-rotated.event.js';
import {
  SSF_EVENT_TYPES,
  type SecurityEventInput,
  type SubjectEventInput,
} from './security-event-token.service.js';
import { SsfOutbox } from './ssf-outbox.service.js';

/** The domain events that become SETs. */
export type SsfSourceEvent =
  | SessionRevokedEvent
  | SessionEndedEvent
  | AllSessionsRevokedEvent
  | OtherSessionsRevokedEvent
  | RefreshTokenReuseDetectedEvent
  | PasswordChangedEvent
  | PasswordResetEvent
  | UserStatusChangedEvent
  | UserTokenRotatedEvent
  | GlobalTokenRotatedEvent;

/**
 * Turns the domain events into CAEP/RISC SETs for the SSF receivers (see docs/architecture/ssf.md
 * for the mapping and why each was chosen). Runs as an event handler after the change is stored;
 * a failure to queue is logged, never thrown into the request that caused the event.
 */
@EventsHandler(
  SessionRevokedEvent,
  SessionEndedEvent,
  AllSessionsRevokedEvent,
  OtherSessionsRevokedEvent,
  RefreshTokenReuseDetectedEvent,
  PasswordChangedEvent,
  PasswordResetEvent,
  UserStatusChangedEvent,
  UserTokenRotatedEvent,
  GlobalTokenRotatedEvent,
)
export class SsfEventProducer implements IEventHandler<SsfSourceEvent> {
  constructor(
    private readonly config: AuthConfig,
    private readonly outbox: SsfOutbox,
  ) {}

  handle(event: SsfSourceEvent): Promise<void> {
    return this.outbox.publishQuietly(this.toSecurityEvents(event));
  }

  /** The SETs (one per affected subject) a domain event stands for. */
  toSecurityEvents(
    event: SsfSourceEvent,
  ): Array<SecurityEventInput | SubjectEventInput> {
    const at = seconds(event.occurredAt);
    const revoked = (
      userId: string,
      initiatingEntity: string,
      sessionId?: string,
    ): SecurityEventInput => ({
      eventType: SSF_EVENT_TYPES.sessionRevoked,
      userId,
      ...(sessionId === undefined ? {} : { sessionId }),
      payload: { event_timestamp: at, initiating_entity: initiatingEntity },
    });
    if (event instanceof SessionRevokedEvent) {
      return [revoked(event.userId, 'user', event.sessionId)];
    }
    if (event instanceof SessionEndedEvent) {
      return [
        revoked(
          event.userId,
          initiator(event.audit, event.userId),
          event.sessionId,
        ),
      ];
    }
    if (event instanceof RefreshTokenReuseDetectedEvent) {
      return [revoked(event.userId, 'policy', event.sessionId)];
    }
    if (event instanceof OtherSessionsRevokedEvent) {
      return event.revokedSessionIds.map((id) =>
        revoked(event.userId, initiator(event.audit, event.userId), id),
      );
    }
    if (event instanceof AllSessionsRevokedEvent) {
      if (event.revokedSessions === 0) return [];
      return [revoked(event.userId, initiator(event.audit, event.userId))];
    }
    if (event instanceof UserTokenRotatedEvent) {
      // Every token of the user stops working: all their sessions, as a receiver sees it.
      return [revoked(event.userId, initiator(event.audit, event.userId))];
    }
    if (
      event instanceof PasswordChangedEvent ||
      event instanceof PasswordResetEvent
    ) {
      const invitation =
        event instanceof PasswordResetEvent && event.invitation;
      return [
        {
          eventType: SSF_EVENT_TYPES.credentialChange,
          userId: event.userId,
          payload: {
            event_timestamp: at,
            credential_type: 'password',
            change_type: invitation ? 'create' : 'update',
            initiating_entity: 'user',
          },
        },
      ];
    }
    if (event instanceof UserStatusChangedEvent) {
      const out: SecurityEventInput[] = [];
      if (event.changedFields.includes('isActive')) {
        out.push({
          eventType: event.isActive
            ? SSF_EVENT_TYPES.accountEnabled
            : SSF_EVENT_TYPES.accountDisabled,
          userId: event.userId,
          payload: { event_timestamp: at },
        });
      }
      if (event.changedFields.includes('roles')) {
        out.push({
          eventType: SSF_EVENT_TYPES.tokenClaimsChange,
          userId: event.userId,
          payload: {
            event_timestamp: at,
            claims: { roles: [...event.roles] },
            initiating_entity: initiator(event.audit, event.userId),
          },
        });
      }
      return out;
    }
    // GlobalTokenRotatedEvent: every token issued before it stops working (after the grace
    // period). No single user: the subject is the issuer itself (RFC 9493 `uri`), i.e. every
    // session it issued until `event_timestamp`.
    return [
      {
        eventType: SSF_EVENT_TYPES.sessionRevoked,
        subject: { format: 'uri', uri: this.config.issuer },
        payload: {
          event_timestamp: at,
          initiating_entity: initiator(event.audit, ''),
        },
      },
    ];
  }
}

/** `user` when the subject acted on themselves, `admin` for another actor, else `system`. */
function initiator(audit: AuditContext, userId: string): string {
  if (audit.actorId === undefined || audit.actorId === null) return 'system';
  return audit.actorId === userId ? 'user' : 'admin';
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
