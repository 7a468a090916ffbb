import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';

/** The second factor a pending login is completed with: a TOTP code or a recovery code. */
export type MfaCodeProof =
  { readonly code: string } | { readonly recoveryCode: string };

/**
 * Completes a login pending its second factor (`mfa_token` of purpose `mfa_login`) with a TOTP
 * code or a recovery code: the usual token pair, `amr` `['pwd', 'otp', 'mfa']` either way (a
 * recovery code is a one-time password in RFC 8176's sense; the audit trail tells them apart).
 */
export class VerifyMfaCommand extends Command<{
  readonly userId: string;
  readonly tokens: AuthTokens;
}> {
  constructor(
    public readonly mfaToken: string,
    public readonly proof: MfaCodeProof,
    public readonly client?: Partial<SessionClient>,
    public readonly deviceName?: string | null,
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
