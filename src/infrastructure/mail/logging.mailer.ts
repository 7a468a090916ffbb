import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Mailer, type MailMessage } from '../../domain/ports/mailer.js';

/** Thrown when the logging mailer would run in production. */
export class LoggingMailerInProductionError extends Error {
  constructor() {
    super(
      'Tokenward has no mail transport: set mail.smtpUrl (or provide a Mailer). ' +
        'The logging mailer prints reset links and is refused with NODE_ENV=production.',
    );
    this.name = 'LoggingMailerInProductionError';
  }
}

/**
 * The development `Mailer`: prints each mail (its links included) to the log instead of sending
 * it. A reset link in a log lets whoever reads the log into the account, so it refuses to exist
 * with NODE_ENV=production, and says it is in use when the app starts.
 */
@Injectable()
export class LoggingMailer extends Mailer implements OnModuleInit {
  private readonly logger = new Logger('Tokenward');

  constructor(environment: string | undefined = process.env.NODE_ENV) {
    super();
    if (environment === 'production') {
      throw new LoggingMailerInProductionError();
    }
  }

  onModuleInit(): void {
    this.logger.warn(
      'No mail transport configured (mail.smtpUrl): account mails are printed to this log, ' +
        'for development only.',
    );
  }

  async send(message: MailMessage): Promise<void> {
    this.logger.log(
      `Mail to ${message.to}: ${message.subject}\n${message.text}`,
    );
  }
}
