import { Injectable } from '@nestjs/common';
import type {
  AccountTokenPurpose,
  MfaTokenPurpose,
} from '../../domain/entities/account-token.entity.js';
import type { MailIntent } from '../../domain/entities/mail-intent.entity.js';
import type { User } from '../../domain/entities/user.entity.js';
import type { MailMessage } from '../../domain/ports/mailer.js';
import {
  MailTemplates,
  type LinkMailContext,
} from '../../domain/ports/mail-templates.js';
import { UserRepository } from '../../domain/ports/user.repository.js';
import { Email } from '../../domain/value-objects/email.js';
import { AuthConfig, type AccountLinkPaths } from '../auth-config.js';
import { AccountTokenService } from './account-token.service.js';

/** The purposes whose tokens are mailed as links (the MFA ones never leave the login answer). */
type MailedPurpose = Exclude<AccountTokenPurpose, MfaTokenPurpose>;

const LINK_PATH: Record<MailedPurpose, keyof AccountLinkPaths> = {
  password_reset: 'passwordReset',
  invitation: 'invitation',
  email_verification: 'emailVerification',
  email_change: 'emailChange',
};

/**
 * Turns a queued mail into the message to send, at the moment it is sent: it looks the account up
 * then (so a forgot-password request costs the same whether or not the address exists), mints the
 * token the mail carries (so no token is ever stored but as its hash) and renders the template.
 * Null means there is nothing to send (unknown or inactive account, already verified, ...).
 */
@Injectable()
export class AccountMailComposer {
  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly tokens: AccountTokenService,
    private readonly templates: MailTemplates,
  ) {}

  async compose(intent: MailIntent, now: Date): Promise<MailMessage | null> {
    switch (intent.kind) {
      case 'password_reset_request': {
        const user = await this.users.findByEmail(
          Email.normalize(intent.email ?? ''),
        );
        return this.linkMail(user, 'password_reset', now);
      }
      case 'password_reset':
        return this.linkMail(await this.byId(intent), 'password_reset', now);
      case 'invitation':
        return this.linkMail(await this.byId(intent), 'invitation', now);
      case 'email_verification': {
        const user = await this.byId(intent);
        if (user?.emailVerified !== false) return null;
        return this.linkMail(user, 'email_verification', now);
      }
      case 'email_change':
        return this.emailChange(intent, now);
      case 'email_change_notice': {
        const user = await this.byId(intent);
        if (user === null || intent.email === null) return null;
        return {
          to: user.email,
          ...this.templates.emailChangeNotice({
            username: user.username,
            newEmail: intent.email,
          }),
        };
      }
      case 'registration_notice': {
        if (intent.email === null) return null;
        const owner = await this.users.findByEmail(
          Email.normalize(intent.email),
        );
        return {
          to: intent.email,
          ...this.templates.registrationNotice({
            email: intent.email,
            reason: owner === null ? 'username_taken' : 'email_taken',
          }),
        };
      }
    }
  }

  private async emailChange(
    intent: MailIntent,
    now: Date,
  ): Promise<MailMessage | null> {
    const user = await this.byId(intent);
    if (user === null || !user.isActive || intent.email === null) return null;
    // An address another account holds gets nothing: the request already answered 202 alike.
    if ((await this.users.findByEmail(Email.normalize(intent.email))) !== null)
      return null;
    const { token, record } = await this.tokens.issue(
      'email_change',
      user,
      now,
      intent.email,
    );
    return {
      to: intent.email,
      ...this.templates.emailChange({
        ...this.linkContext(user, 'email_change', token, record.expiresAt),
        newEmail: intent.email,
      }),
    };
  }

  private async linkMail(
    user: User | null,
    purpose: MailedPurpose,
    now: Date,
  ): Promise<MailMessage | null> {
    if (user === null || !user.isActive) return null;
    const { token, record } = await this.tokens.issue(purpose, user, now);
    const context = this.linkContext(user, purpose, token, record.expiresAt);
    const rendered =
      purpose === 'password_reset'
        ? this.templates.passwordReset(context)
        : purpose === 'invitation'
          ? this.templates.invitation(context)
          : this.templates.emailVerification(context);
    return { to: user.email, ...rendered };
  }

  private linkContext(
    user: User,
    purpose: MailedPurpose,
    token: string,
    expiresAt: Date,
  ): LinkMailContext {
    const url = new URL(
      `${this.config.appUrl}${this.config.mail.linkPaths[LINK_PATH[purpose]]}`,
    );
    url.searchParams.set('token', token);
    return { username: user.username, link: url.toString(), expiresAt };
  }

  private async byId(intent: MailIntent): Promise<User | null> {
    return intent.userId === null ? null : this.users.findById(intent.userId);
  }
}
