/** Subject, plain text and HTML of one mail. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** What every template gets: the account's display name. */
export interface MailContext {
  readonly username: string;
}

/** A mail with a link: `link` is the app URL with the token as `?token=`. */
export interface LinkMailContext extends MailContext {
  readonly link: string;
  /** When the link stops working. */
  readonly expiresAt: Date;
}

/** Why a registration did not create an account (told to the address's owner only). */
export type RegistrationNoticeReason = 'email_taken' | 'username_taken';

/**
 * Port: the text of every mail Tokenward sends. Replace it through `providers` (extend
 * `DefaultMailTemplates` to change a few); values in the context are plain text, so an HTML
 * template must escape them.
 */
export abstract class MailTemplates {
  abstract passwordReset(context: LinkMailContext): RenderedMail;
  abstract invitation(context: LinkMailContext): RenderedMail;
  abstract emailVerification(context: LinkMailContext): RenderedMail;
  abstract emailChange(
    context: LinkMailContext & { readonly newEmail: string },
  ): RenderedMail;
  abstract emailChangeNotice(
    context: MailContext & { readonly newEmail: string },
  ): RenderedMail;
  abstract registrationNotice(context: {
    readonly email: string;
    readonly reason: RegistrationNoticeReason;
  }): RenderedMail;
}
