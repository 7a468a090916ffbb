import type { Provider } from '@nestjs/common';
import { AuthConfig } from './application/auth-config.js';
import { ChangePasswordHandler } from './application/commands/change-password/change-password.handler.js';
import { CreateUserHandler } from './application/commands/create-user/create-user.handler.js';
import { RequestEmailChangeHandler } from './application/commands/request-email-change/request-email-change.handler.js';
import { RequestPasswordResetHandler } from './application/commands/request-password-reset/request-password-reset.handler.js';
import { ResendEmailVerificationHandler } from './application/commands/resend-email-verification/resend-email-verification.handler.js';
import { ResetPasswordHandler } from './application/commands/reset-password/reset-password.handler.js';
import { SelfRegisterUserHandler } from './application/commands/self-register-user/self-register-user.handler.js';
import { SendPasswordResetHandler } from './application/commands/send-password-reset/send-password-reset.handler.js';
import { VerifyEmailHandler } from './application/commands/verify-email/verify-email.handler.js';
import { FindUserHandler } from './application/queries/find-user/find-user.handler.js';
import { AccountMailComposer } from './application/services/account-mail-composer.service.js';
import { AccountTokenService } from './application/services/account-token.service.js';
import { CurrentPasswordCheck } from './application/services/current-password.service.js';
import { MailOutboxService } from './application/services/mail-outbox.service.js';
import { Mailer } from './domain/ports/mailer.js';
import { MailTemplates } from './domain/ports/mail-templates.js';
import { DefaultMailTemplates } from './infrastructure/mail/default-mail.templates.js';
import { LoggingMailer } from './infrastructure/mail/logging.mailer.js';
import { SmtpMailer } from './infrastructure/mail/smtp.mailer.js';

/** The account flows' use cases (password change and reset, verification, admin-created users). */
export const ACCOUNT_HANDLERS = [
  ChangePasswordHandler,
  RequestPasswordResetHandler,
  ResetPasswordHandler,
  VerifyEmailHandler,
  ResendEmailVerificationHandler,
  RequestEmailChangeHandler,
  SelfRegisterUserHandler,
  CreateUserHandler,
  SendPasswordResetHandler,
  FindUserHandler,
];

/**
 * Their services and the two mail ports' defaults: SMTP through nodemailer when `mail.smtpUrl` is
 * set, else the development logging mailer (which refuses NODE_ENV=production). A host's own
 * `Mailer` or `MailTemplates` in `providers` replaces these, and the factory never runs.
 */
export const ACCOUNT_PROVIDERS: Provider[] = [
  AccountTokenService,
  AccountMailComposer,
  MailOutboxService,
  CurrentPasswordCheck,
  {
    provide: Mailer,
    useFactory: (config: AuthConfig) =>
      config.mail.smtpUrl === null
        ? new LoggingMailer()
        : new SmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from }),
    inject: [AuthConfig],
  },
  { provide: MailTemplates, useClass: DefaultMailTemplates },
];
