/**
 * What an announced change touched: a user's version/status/roles/email (`user`, `subjectId` is
 * the user id), one session's revocation (`session`, the session id) or every (other) session of a
 * user (`user_sessions`, the user id).
 */
export type RevocationChangeKind = 'user' | 'session' | 'user_sessions';

/** The kinds, for validation at the storage edge. */
export const REVOCATION_CHANGE_KINDS: readonly RevocationChangeKind[] = [
  'user',
  'session',
  'user_sessions',
];

/**
 * One entry of the revocation change log: "this subject may have changed". It carries no state;
 * the poll reads the subject's state by id, so a change announced but never made costs a read and
 * nothing else.
 */
export interface RevocationChange {
  readonly kind: RevocationChangeKind;
  readonly subjectId: string;
  /** The time the announced write stamps on the subject (its `now`): how the poll sees it landed. */
  readonly changedAt: Date;
  /** When the entry was recorded (the announcer's clock): what polls read `since`. */
  readonly recordedAt: Date;
}

/**
 * Port: the revocation change log, appended before every change that can revoke an access token
 * (see `AnnouncedUserRepository`) and read by every instance's revocation poll. Its size is the
 * changes of the retention period, never the users, so a poll costs the same at any user count.
 * Adapters keep entries at least 25 hours (the longest window a poll looks back) and may drop
 * them after.
 */
export abstract class RevocationChangeRepository {
  abstract record(change: RevocationChange): Promise<void>;
  /** Entries recorded strictly after `since`, oldest first. */
  abstract findSince(since: Date): Promise<RevocationChange[]>;
}
