import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { AuditRecord } from '../../domain/entities/audit-record.entity.js';
import { AuditLogRepository } from '../../domain/ports/audit-log.repository.js';
import { AuthConfig } from '../auth-config.js';
import type { AuditableEvent } from '../events/auditable-event.js';
import { describeError } from './error-description.js';
import { timeOrderedId } from './time-ordered-id.js';

const DAY_MS = 86_400_000;

/**
 * Persists audited actions. Command handlers await `publish` (record, then publish the event on
 * the `EventBus`) once their change is stored and before they answer, so a record is readable as
 * soon as the action's response is: no fire-and-forget event subscriber whose write could still be
 * in flight.
 *
 * A failed write is logged and swallowed: the action it describes already happened (a rotation
 * cannot be undone), so failing the request would only tell the caller something false. The log
 * line carries the record (ids, times, details) so it can be re-entered, but never the free-text
 * reason, which is not logged anywhere.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('Tokenward');

  constructor(
    private readonly config: AuthConfig,
    private readonly log: AuditLogRepository,
    private readonly events: EventBus,
  ) {}

  /** Records `event` in the trail, then publishes it to the host's event handlers. */
  async publish(event: AuditableEvent): Promise<void> {
    await this.record(event);
    this.events.publish(event);
  }

  async record(event: AuditableEvent): Promise<void> {
    const entry = event.toAuditEntry();
    const record = new AuditRecord({
      ...entry,
      id: timeOrderedId(entry.occurredAt),
      expiresAt: new Date(
        entry.occurredAt.getTime() + this.config.auditRetentionDays * DAY_MS,
      ),
    });
    try {
      await this.log.append(record);
    } catch (error) {
      this.logger.error(
        `Audit record not stored: ${describeRecord(record)} (${describeError(error)})`,
      );
    }
  }
}

/** The record as one JSON line, without the reason (free text, never logged). */
function describeRecord(record: AuditRecord): string {
  return JSON.stringify({
    id: record.id,
    action: record.action,
    actorId: record.actorId,
    subjectId: record.subjectId,
    requestId: record.requestId,
    occurredAt: record.occurredAt.toISOString(),
    details: record.details,
  });
}
