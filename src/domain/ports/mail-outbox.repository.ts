import type { MailIntent } from '../entities/mail-intent.entity.js';

/**
 * Port: mails waiting to be sent. A request only enqueues (one write, the same for every
 * outcome); senders on any instance claim due mails one at a time. A claim is a single atomic
 * conditional update that pushes `nextAttemptAt` to the end of a lease, so two senders never hold
 * one mail, and a sender that dies lets it come due again when the lease ends.
 */
export abstract class MailOutboxRepository {
  abstract enqueue(intent: MailIntent): Promise<void>;
  /**
   * Claims the mail due first (`nextAttemptAt <= now`): sets its `nextAttemptAt` to `leaseUntil`
   * and counts an attempt. Returns it as claimed, or null when none is due.
   */
  abstract claimNext(now: Date, leaseUntil: Date): Promise<MailIntent | null>;
  /** Sent (or given up on): forgets it. */
  abstract remove(id: string): Promise<void>;
  /** Not sent this time: due again at `nextAttemptAt`. */
  abstract reschedule(id: string, nextAttemptAt: Date): Promise<void>;
}
