import {
  MailTemplates,
  type LinkMailContext,
  type MailContext,
  type RegistrationNoticeReason,
  type RenderedMail,
} from '../../domain/ports/mail-templates.js';

/**
 * The built-in English mails. Extend it and override a method to change one mail, or provide
 * another `MailTemplates`; every value put into HTML goes through `escapeHtml`.
 */
export class DefaultMailTemplates extends MailTemplates {
  passwordReset(context: LinkMailContext): RenderedMail {
    return linkMail(
      'Reset your password',
      context,
      'Someone (hopefully you) asked to reset the password of your account.',
      'Choose a new password',
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    );
  }

  invitation(context: LinkMailContext): RenderedMail {
    return linkMail(
      'You have been invited',
      context,
      'An account has been created for you.',
      'Choose your password',
      'If you did not expect this, ignore this mail.',
    );
  }

  emailVerification(context: LinkMailContext): RenderedMail {
    return linkMail(
      'Confirm your email address',
      context,
      'Please confirm that this address belongs to your account.',
      'Confirm this address',
      'If you did not create an account, ignore this mail.',
    );
  }

  emailChange(
    context: LinkMailContext & { readonly newEmail: string },
  ): RenderedMail {
    return linkMail(
      'Confirm your new email address',
      context,
      `Please confirm that ${context.newEmail} should become the address of your account.`,
      'Confirm the new address',
      'If you did not ask for this, ignore this mail: nothing changes.',
    );
  }

  emailChangeNotice(
    context: MailContext & { readonly newEmail: string },
  ): RenderedMail {
    const line = `A change of your account's email address to ${context.newEmail} was requested. It takes effect only once confirmed from that address.`;
    const warning =
      'If this was not you, change your password now: whoever asked knew it.';
    return {
      subject: 'Your email address is about to change',
      text: `Hello ${context.username},\n\n${line}\n\n${warning}\n`,
      html: page(
        `<p>Hello ${escapeHtml(context.username)},</p><p>${escapeHtml(line)}</p><p>${escapeHtml(warning)}</p>`,
      ),
    };
  }

  registrationNotice(context: {
    readonly email: string;
    readonly reason: RegistrationNoticeReason;
  }): RenderedMail {
    const line =
      context.reason === 'email_taken'
        ? 'Someone tried to register a new account with this address, which already has one. If it was you, log in, or reset your password if you forgot it.'
        : 'Someone tried to register an account with this address, but the username they chose is taken. If it was you, register again with another username.';
    const tail = 'If it was not you, ignore this mail: nothing was changed.';
    return {
      subject: 'About your registration',
      text: `Hello,\n\n${line}\n\n${tail}\n`,
      html: page(
        `<p>Hello,</p><p>${escapeHtml(line)}</p><p>${escapeHtml(tail)}</p>`,
      ),
    };
  }
}

function linkMail(
  subject: string,
  context: LinkMailContext,
  intro: string,
  action: string,
  outro: string,
): RenderedMail {
  const expires = `The link works once, until ${context.expiresAt.toISOString()}.`;
  return {
    subject,
    text: `Hello ${context.username},\n\n${intro}\n\n${action}: ${context.link}\n\n${expires}\n${outro}\n`,
    html: page(
      `<p>Hello ${escapeHtml(context.username)},</p><p>${escapeHtml(intro)}</p>` +
        `<p><a href="${escapeHtml(context.link)}">${escapeHtml(action)}</a></p>` +
        `<p>${escapeHtml(expires)} ${escapeHtml(outro)}</p>`,
    ),
  };
}

function page(body: string): string {
  return `<!doctype html><html><body>${body}</body></html>`;
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
