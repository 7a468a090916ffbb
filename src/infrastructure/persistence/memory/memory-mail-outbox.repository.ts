import { MailIntent } from '../../../domain/entities/mail-intent.entity.js';
import { MailOutboxRepository } from '../../../domain/ports/mail-outbox.repository.js';

/**
 * Process-local outbox (lost on restart, like everything on the memory store). A claim checks and
 * writes without yielding, so two senders in the process never hold one mail.
 */
export class MemoryMailOutboxRepository extends MailOutboxRepository {
  private readonly byId = new Map<string, MailIntent>();

  async enqueue(intent: MailIntent): Promise<void> {
    this.byId.set(intent.id, intent);
  }

  async claimNext(now: Date, leaseUntil: Date): Promise<MailIntent | null> {
    let due: MailIntent | null = null;
    for (const intent of this.byId.values()) {
      if (intent.nextAttemptAt.getTime() > now.getTime()) continue;
      if (
        due === null ||
        intent.nextAttemptAt.getTime() < due.nextAttemptAt.getTime()
      ) {
        due = intent;
      }
    }
    if (due === null) return null;
    const claimed = new MailIntent({
      ...due,
      nextAttemptAt: leaseUntil,
      attempts: due.attempts + 1,
    });
    this.byId.set(due.id, claimed);
    return claimed;
  }

  async remove(id: string): Promise<void> {
    this.byId.delete(id);
  }

  async reschedule(id: string, nextAttemptAt: Date): Promise<void> {
    const intent = this.byId.get(id);
    if (intent !== undefined)
      this.byId.set(id, new MailIntent({ ...intent, nextAttemptAt }));
  }
}
