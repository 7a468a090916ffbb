import { Command } from '@nestjs/cqrs';
import type { MfaTokenPurpose } from '../../../domain/entities/account-token.entity.js';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';

/**
 * Finishes a login pending its second factor: the caller has ALREADY verified the factor (a TOTP
 * code, a recovery code, a WebAuthn assertion) for the user `ResolveMfaTokenQuery` named. Uses
 * the `mfa_token` up (single use, atomic) and issues the usual token pair with `amr`/`auth_time`.
 */
export class CompleteMfaLoginCommand extends Command<{
  readonly userId: string;
  readonly tokens: AuthTokens;
}> {
  constructor(
    public readonly mfaToken: string,
    /** RFC 8176 values of the verified factor, e.g. ['otp'] or ['hwk']; `pwd` and `mfa` are added. */
    public readonly factorAmr: readonly string[],
    public readonly client?: Partial<SessionClient>,
    public readonly deviceName?: string | null,
    /** Which `mfa_token` purposes complete a login: `mfa_login`, or an enrolment's confirmation. */
    public readonly purposes: readonly MfaTokenPurpose[] = ['mfa_login'],
  ) {
    super();
  }
}
