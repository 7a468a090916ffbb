import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { Mailer, type MailMessage } from '../../domain/ports/mailer.js';

/** Settings of the SMTP transport. */
export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…` (nodemailer's connection URL). */
  readonly url: string;
  /** `From` of every mail. */
  readonly from: string;
}

/**
 * The default `Mailer`: SMTP through nodemailer, one connection per mail (a pool would hold
 * sockets open for mails that come a few an hour). nodemailer's own timeouts bound a call to a
 * silent server; a failure rejects and the outbox retries.
 */
@Injectable()
export class SmtpMailer extends Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    super();
    this.transport = nodemailer.createTransport(options.url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
