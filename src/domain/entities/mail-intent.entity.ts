/**
 * What a queued mail is about. The mail itself (and any token in it) is made only when it is
 * sent, so the outbox never stores a token.
 */
export type MailIntentKind =
  /** `POST /auth/password/forgot`: a reset link if `email` belongs to an active account, else nothing. */
  | 'password_reset_request'
  /** An admin (or the CLI) asked for a reset mail to `userId`. */
  | 'password_reset'
  /** An account created by an admin without a password: a set-password link. */
  | 'invitation'
  | 'email_verification'
  /** A confirmation link to `newEmail`. */
  | 'email_change'
  /** To the account's current address: a change to `newEmail` was asked for. */
  | 'email_change_notice'
  /** To `email`: someone tried to register with it (or with a taken username). */
  | 'registration_notice';

/** Every kind, for schemas and checks. */
export const MAIL_INTENT_KINDS: readonly MailIntentKind[] = [
  'password_reset_request',
  'password_reset',
  'invitation',
  'email_verification',
  'email_change',
  'email_change_notice',
  'registration_notice',
];

/** Everything stored about a queued mail. */
export interface MailIntentProps {
  readonly id: string;
  readonly kind: MailIntentKind;
  /** The account it concerns, when the request named one. */
  readonly userId: string | null;
  /** An address the request named (forgot, registration notice, new email), as typed. */
  readonly email: string | null;
  readonly createdAt: Date;
  /** Due from then; while a sender holds it, the end of its lease. */
  readonly nextAttemptAt: Date;
  /** Delivery attempts started so far. */
  readonly attempts: number;
}

/** One mail waiting in the outbox to be sent (and retried until it is). */
export class MailIntent implements MailIntentProps {
  readonly id!: string;
  readonly kind!: MailIntentKind;
  readonly userId!: string | null;
  readonly email!: string | null;
  readonly createdAt!: Date;
  readonly nextAttemptAt!: Date;
  readonly attempts!: number;

  constructor(props: MailIntentProps) {
    Object.assign(this, props);
  }
}
