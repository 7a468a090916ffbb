import { Query } from '@nestjs/cqrs';
import type { MfaTokenPurpose } from '../../../domain/entities/account-token.entity.js';
import type { MfaMethod } from '../../../domain/ports/mfa-method-source.js';

/**
 * The user and methods of a pending MFA login, WITHOUT using its `mfa_token` up (e.g. to build
 * WebAuthn assertion options for that user). `invalid_mfa_token` when it is not a live one.
 */
export class ResolveMfaTokenQuery extends Query<{
  readonly userId: string;
  readonly purpose: MfaTokenPurpose;
  readonly methods: readonly MfaMethod[];
}> {
  constructor(
    public readonly mfaToken: string,
    /** Which purposes to accept; `mfa_login` only unless said. */
    public readonly purposes: readonly MfaTokenPurpose[] = ['mfa_login'],
  ) {
    super();
  }
}
