import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

/** A mail as the SMTP server received and mailparser parsed it. */
export interface ReceivedMail {
  readonly to: string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * A real SMTP server in the test process, on 127.0.0.1 and a free port: Tokenward's nodemailer
 * adapter delivers to it over TCP, and each message is parsed with mailparser, so a test reads a
 * mail as a user would and follows its link. No STARTTLS, no authentication (loopback only).
 */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private readonly waiters = new Set<() => void>();
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (parsed) => {
            this.receive(parsed);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server !== null)
      await new Promise<void>((r) => server.close(() => r()));
  }

  /** `smtp://127.0.0.1:<port>`, for `mail.smtpUrl`. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Mails received for `to` (case-insensitive), oldest first. */
  to(address: string): ReceivedMail[] {
    const wanted = address.toLowerCase();
    return this.mails.filter((m) => m.to.includes(wanted));
  }

  /** Waits (at most `timeoutMs`) until `count` mails for `to` have arrived; returns the last. */
  async waitFor(
    address: string,
    count = 1,
    timeoutMs = 10_000,
  ): Promise<ReceivedMail> {
    await this.until(
      () => this.to(address).length >= count,
      () =>
        `expected ${count} mail(s) to ${address}, got ${this.to(address).length}`,
      timeoutMs,
    );
    return this.to(address)[count - 1]!;
  }

  /**
   * Waits (at most `timeoutMs`) for the first mail to `to` with this subject. Mails sent by two
   * requests in a row may arrive in either order (each leaves through the outbox on its own), so a
   * test that triggers two mails before reading them picks each by what it is, not by position.
   */
  async waitForSubject(
    address: string,
    subject: string,
    timeoutMs = 10_000,
  ): Promise<ReceivedMail> {
    const find = () => this.to(address).find((m) => m.subject === subject);
    await this.until(
      () => find() !== undefined,
      () =>
        `expected a mail "${subject}" to ${address}, got ${JSON.stringify(this.to(address).map((m) => m.subject))}`,
      timeoutMs,
    );
    return find()!;
  }

  private async until(
    ready: () => boolean,
    describe: () => string,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(describe());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(this: void) {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  private receive(parsed: ParsedMail): void {
    const addresses = [parsed.to ?? []]
      .flat()
      .flatMap((group) =>
        group.value.map((v) => (v.address ?? '').toLowerCase()),
      );
    this.mails.push({
      to: addresses,
      from: parsed.from?.text ?? '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
    });
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }
}

/** The link in a mail's text, and its `token` query parameter. */
export function linkOf(mail: ReceivedMail): { url: URL; token: string } {
  const match = /https?:\/\/\S+/.exec(mail.text);
  if (match === null) throw new Error(`no link in the mail "${mail.subject}"`);
  const url = new URL(match[0]);
  const token = url.searchParams.get('token');
  if (token === null) throw new Error('the link has no token parameter');
  return { url, token };
}

/** Starts an inbox before the enclosing `describe`'s tests and stops it after them. */
export function useSmtpInbox(): SmtpInbox {
  const inbox = new SmtpInbox();
  beforeAll(() => inbox.start());
  afterAll(() => inbox.stop());
  return inbox;
}
