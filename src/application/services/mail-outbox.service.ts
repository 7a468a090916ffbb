import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  MailIntent,
  type MailIntentKind,
} from '../../domain/entities/mail-intent.entity.js';
import { RateLimitedError } from '../../domain/errors/rate-limited.error.js';
import { Clock } from '../../domain/ports/clock.js';
import { LoginAttemptRepository } from '../../domain/ports/login-attempt.repository.js';
import { MailOutboxRepository } from '../../domain/ports/mail-outbox.repository.js';
import { Mailer } from '../../domain/ports/mailer.js';
import { Email } from '../../domain/value-objects/email.js';
import { AuthConfig } from '../auth-config.js';
import { AccountMailComposer } from './account-mail-composer.service.js';
import { attemptKey } from './attempt-key.js';
import { describeError } from './error-description.js';

/** How long a sender holds a claimed mail before another may take it (a sender that died). */
const LEASE_MS = 60_000;
/** First retry after a failed delivery; each further one waits twice as long, up to an hour. */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
/** Most mails one drain sends before yielding to the next tick of the poll. */
const MAX_PER_DRAIN = 100;
/** Longest a shutdown waits for a drain under way (the CLI exits right after its command). */
const SHUTDOWN_WAIT_MS = 10_000;

/**
 * The outbox every account mail goes through. A request only enqueues an intent (one storage
 * write, the same whatever the outcome), so it answers at once and alike for known and unknown
 * addresses, and a mail that cannot be sent now is not lost: it stays in storage and is retried,
 * by this instance or any other, with exponential backoff, up to `mail.maxAttempts` (then logged).
 *
 * Sending happens right after the enqueue on the same instance (and every `mail.pollIntervalMs`
 * for retries and mails left by others): each due mail is claimed atomically, composed (account
 * looked up, token minted, template rendered), handed to the `Mailer` and removed.
 */
@Injectable()
export class MailOutboxService
  implements OnModuleInit, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Tokenward');
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly config: AuthConfig,
    private readonly outbox: MailOutboxRepository,
    private readonly attempts: LoginAttemptRepository,
    private readonly composer: AccountMailComposer,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(
      () => this.kick(),
      this.config.mail.pollIntervalMs,
    );
    this.timer.unref();
    // Mails left by a stopped instance (or queued by the CLI) go out soon after a start.
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const running = this.draining;
    if (running === null) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      running,
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, SHUTDOWN_WAIT_MS);
      }),
    ]);
    clearTimeout(timeout);
  }

  /** Queues a mail and starts sending it; resolves once it is stored, before it is sent. */
  async enqueue(
    kind: MailIntentKind,
    about: { readonly userId?: string; readonly email?: string },
  ): Promise<void> {
    const now = this.clock.now();
    await this.outbox.enqueue(
      new MailIntent({
        id: randomUUID(),
        kind,
        userId: about.userId ?? null,
        email: about.email ?? null,
        createdAt: now,
        nextAttemptAt: now,
        attempts: 0,
      }),
    );
    this.kick();
  }

  /**
   * Takes one mail from `address`'s allowance (`mailPerAddressLimit`, counted in storage, so on
   * every instance), keyed by the address whether or not an account has it. False when it is used
   * up; with `orThrow`, a 429 `rate_limited` instead.
   */
  async allowMailTo(address: string, orThrow: boolean): Promise<boolean> {
    const policy = this.config.mailPerAddressLimit;
    if (policy === null) return true;
    const now = this.clock.now();
    const reservation = await this.attempts.reserve(
      attemptKey(`mail:${Email.normalize(address)}`),
      now,
      policy,
    );
    if (reservation.granted) return true;
    if (!orThrow) return false;
    throw new RateLimitedError(
      (reservation.lockedUntil.getTime() - now.getTime()) / 1000,
      'Too many mails asked for this address; try again later',
    );
  }

  /** Sends every due mail (one drain at a time per instance); what `enqueue` and the poll start. */
  drain(): Promise<void> {
    if (this.draining !== null) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.sendDue()
      .catch((error: unknown) => {
        this.logger.warn(`Mail outbox drain failed: ${describeError(error)}`);
      })
      .finally(() => {
        this.draining = null;
        if (this.again && !this.closed) {
          this.again = false;
          this.kick();
        }
      });
    return this.draining;
  }

  private kick(): void {
    // Never in the request's own tick: its answer must not wait for (or depend on) the sending.
    setImmediate(() => {
      if (!this.closed) void this.drain();
    });
  }

  private async sendDue(): Promise<void> {
    for (let sent = 0; sent < MAX_PER_DRAIN; sent += 1) {
      const now = this.clock.now();
      const intent = await this.outbox.claimNext(
        now,
        new Date(now.getTime() + LEASE_MS),
      );
      if (intent === null) return;
      await this.deliver(intent, now);
    }
  }

  private async deliver(intent: MailIntent, now: Date): Promise<void> {
    try {
      const message = await this.composer.compose(intent, now);
      if (message !== null) {
        await this.mailer.send({ ...message });
      }
      await this.outbox.remove(intent.id);
    } catch (error) {
      // Only the kind and the attempt: the address and the account stay out of the log.
      if (intent.attempts >= this.config.mail.maxAttempts) {
        this.logger.error(
          `Mail (${intent.kind}) given up after ${intent.attempts} attempts: ${describeMailError(error)}`,
        );
        await this.outbox.remove(intent.id);
        return;
      }
      const wait = Math.min(
        FIRST_RETRY_MS * 2 ** (intent.attempts - 1),
        MAX_RETRY_MS,
      );
      this.logger.warn(
        `Mail (${intent.kind}) not sent, attempt ${intent.attempts}; retrying in ${wait / 1000} s: ${describeMailError(error)}`,
      );
      await this.outbox.reschedule(
        intent.id,
        new Date(this.clock.now().getTime() + wait),
      );
    }
  }
}

/**
 * A transport's failure without its message: SMTP replies quote the recipient ("550 <bob@…>
 * unknown"), which must not reach a log. The error's name and codes say enough to act on.
 */
function describeMailError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const { code, responseCode } = error as {
    code?: unknown;
    responseCode?: unknown;
  };
  const codes = [code, responseCode].filter(
    (value) => typeof value === 'string' || typeof value === 'number',
  );
  return codes.length > 0 ? `${error.name} (${codes.join(', ')})` : error.name;
}
