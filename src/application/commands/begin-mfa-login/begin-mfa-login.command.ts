import { Command } from '@nestjs/cqrs';
import type { MfaChallenge } from '../../dtos/mfa-challenge.dto.js';

/**
 * After a right password: null when no second factor is due (the login gets tokens), else the
 * challenge (`mfa_token` + `methods`) the login answers instead of tokens.
 */
export class BeginMfaLoginCommand extends Command<MfaChallenge | null> {
  constructor(public readonly userId: string) {
    super();
  }
}
