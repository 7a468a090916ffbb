/** One mail, ready to send. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * Port: delivers a mail (SMTP through nodemailer by default; a logging mailer in development).
 * Resolving means the transport accepted it; a rejection is retried from the outbox.
 */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}
