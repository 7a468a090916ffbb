import { Command } from '@nestjs/cqrs';

/**
 * Starts a TOTP enrolment: a fresh secret, stored sealed and pending until `ConfirmTotpCommand`.
 * Again before confirming replaces the pending one; with a confirmed factor, `totp_already_enabled`.
 */
export class EnrollTotpCommand extends Command<{
  /** Base32 secret, for typing into the authenticator app by hand. */
  readonly secret: string;
  /** `otpauth://totp/...` with the issuer and the account label (the QR code's content). */
  readonly otpauthUri: string;
}> {
  constructor(public readonly userId: string) {
    super();
  }
}
