import { Injectable } from '@nestjs/common';
import type {
  AccountToken,
  MfaTokenPurpose,
} from '../../domain/entities/account-token.entity.js';
import type { User } from '../../domain/entities/user.entity.js';
import { InvalidMfaTokenError } from '../../domain/errors/invalid-mfa-token.error.js';
import { AccountTokenService } from './account-token.service.js';

/** A pending MFA login, as resolved from its `mfa_token`. */
export interface PendingMfaLogin {
  readonly userId: string;
  /** `mfa_login`: a factor completes it; `mfa_enrollment`: only enrol + confirm accept it. */
  readonly purpose: MfaTokenPurpose;
  readonly record: AccountToken;
}

/**
 * The `mfa_token`: an account token (`<uuid>.<256-bit secret>`, stored as a purpose-bound
 * SHA-256, single use through the repository's atomic `consume`, `mfaTokenTtlSeconds` long). Its
 * shape is neither a JWT nor a refresh token, so the guard, refresh and introspection never accept
 * it, and no other account flow does (purpose-bound digest).
 */
@Injectable()
export class MfaLoginTokenService {
  constructor(private readonly tokens: AccountTokenService) {}

  /** A fresh token for a login of `user` whose password was right. */
  async issue(
    purpose: MfaTokenPurpose,
    user: User,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date }> {
    const issued = await this.tokens.issue(purpose, user, now);
    return { token: issued.token, expiresAt: issued.record.expiresAt };
  }

  /** The pending login, without using the token up; `InvalidMfaTokenError` otherwise. */
  async resolve(
    token: string,
    now: Date,
    purposes: readonly MfaTokenPurpose[] = ['mfa_login'],
  ): Promise<PendingMfaLogin> {
    const record = await this.tokens.find(token, purposes, now);
    if (record === null) throw new InvalidMfaTokenError();
    return {
      userId: record.userId,
      purpose: record.purpose as MfaTokenPurpose,
      record,
    };
  }

  /** Uses the token up: exactly one of any number of racing callers passes. */
  async consume(pending: PendingMfaLogin, now: Date): Promise<void> {
    if (!(await this.tokens.consume(pending.record, now)))
      throw new InvalidMfaTokenError();
  }
}
