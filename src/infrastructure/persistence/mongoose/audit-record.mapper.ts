import {
  AuditRecord,
  type AuditAction,
  type AuditDetails,
} from '../../../domain/entities/audit-record.entity.js';
import type { AuditRecordDocument } from './audit-record.schema.js';

/** Maps audit records between the `AuditRecord` entity and their stored documents. */
export class AuditRecordMapper {
  static toDomain(doc: AuditRecordDocument): AuditRecord {
    return new AuditRecord({
      id: doc._id,
      // Written by this code only; a newer version's action name is passed through as is.
      action: doc.action as AuditAction,
      actorId: doc.actorId ?? null,
      subjectId: doc.subjectId ?? null,
      reason: doc.reason ?? null,
      requestId: doc.requestId ?? null,
      occurredAt: doc.occurredAt,
      details: flatDetails(doc.details),
      expiresAt: doc.expiresAt,
    });
  }

  static toPersistence(record: AuditRecord): AuditRecordDocument {
    return {
      _id: record.id,
      action: record.action,
      actorId: record.actorId,
      subjectId: record.subjectId,
      reason: record.reason,
      requestId: record.requestId,
      occurredAt: record.occurredAt,
      details: { ...record.details },
      expiresAt: record.expiresAt,
    };
  }
}

/** The stored details, keeping only flat string, number and boolean values. */
function flatDetails(details: unknown): AuditDetails {
  if (typeof details !== 'object' || details === null) return {};
  return Object.fromEntries(
    Object.entries(details).filter(([, value]) =>
      ['string', 'number', 'boolean'].includes(typeof value),
    ),
  ) as AuditDetails;
}
