/**
 * What the audit trail records. One line per action: adding an audited action is adding its name
 * here (the OpenAPI document and the stored schema follow this list).
 */
export const AUDIT_ACTIONS = [
  'global_token_rotation',
  'user_token_rotation',
  'user_status_changed',
  'refresh_token_reuse_detected',
  'all_sessions_revoked',
  'signing_key_rotation',
  'password_changed',
  'password_reset',
  'password_reset_sent',
  'email_verified',
  'email_changed',
  'user_created',
  'session_revoked',
  'other_sessions_revoked',
  'mfa_totp_enabled',
  'mfa_totp_disabled',
  'mfa_recovery_codes_regenerated',
  'mfa_recovery_code_used',
  'mfa_reset',
  'passkey_registered',
  'passkey_removed',
] as const;

/** One of `AUDIT_ACTIONS`. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Flat, small facts about an action (versions, counts, flags); never a token, hash or password. */
export type AuditDetails = Readonly<Record<string, string | number | boolean>>;

/**
 * Who asked for an action, why, and in which request: one value that travels from the caller (an
 * HTTP route, the CLI, a job) through the command into the event and its audit record.
 */
export interface AuditContext {
  /** User id of who asked; none for the system (CLI, a job). */
  readonly actorId?: string | null;
  /** Why, as given by the actor or the system. */
  readonly reason?: string | null;
  /** Correlation id of the HTTP request (`X-Request-Id`); none outside HTTP. */
  readonly requestId?: string | null;
}

/** An audited action as its source describes it; the trail adds the id and the retention. */
export interface AuditEntry {
  readonly action: AuditAction;
  /** User id of who did it; null for the system (CLI, a job) or an unknown party (token reuse). */
  readonly actorId: string | null;
  /** User id it was done to; null when it concerns no single user (global rotation). */
  readonly subjectId: string | null;
  /** Why, as given by the actor or the system. */
  readonly reason: string | null;
  /** Correlation id of the HTTP request (`X-Request-Id`), null outside HTTP. */
  readonly requestId: string | null;
  readonly occurredAt: Date;
  readonly details: AuditDetails;
}

/** Everything stored about an audited action. */
export interface AuditRecordProps extends AuditEntry {
  readonly id: string;
  /** From when storage may delete the record (the retention period after `occurredAt`). */
  readonly expiresAt: Date;
}

/** One persisted line of the audit trail. Immutable: records are appended, never changed. */
export class AuditRecord implements AuditRecordProps {
  readonly id!: string;
  readonly action!: AuditAction;
  readonly actorId!: string | null;
  readonly subjectId!: string | null;
  readonly reason!: string | null;
  readonly requestId!: string | null;
  readonly occurredAt!: Date;
  readonly details!: AuditDetails;
  readonly expiresAt!: Date;

  constructor(props: AuditRecordProps) {
    Object.assign(this, props);
  }
}
