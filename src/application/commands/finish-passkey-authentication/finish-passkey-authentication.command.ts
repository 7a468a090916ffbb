import { Command } from '@nestjs/cqrs';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';

/**
 * Finishes a passkey assertion: verifies the `AuthenticationResponseJSON` (challenge single use,
 * origin and rpId pinned, signature, sign counter advanced through one conditional update) and
 * completes the login — the pending one of `mfaToken` (amr `pwd`, `hwk`|`swk`, `mfa`), or with
 * `webauthn.passwordless` and no `mfaToken` a passwordless one (amr `hwk`|`swk`, `mfa`).
 */
export class FinishPasskeyAuthenticationCommand extends Command<{
  readonly userId: string;
  readonly tokens: AuthTokens;
}> {
  constructor(
    public readonly mfaToken: string | null,
    /** The `AuthenticationResponseJSON`, shape-checked at the edge. */
    public readonly response: unknown,
    public readonly client?: Partial<SessionClient>,
    public readonly deviceName?: string | null,
  ) {
    super();
  }
}
