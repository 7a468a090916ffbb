import {
  createHash,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AccountToken,
  type AccountTokenPurpose,
} from '../../domain/entities/account-token.entity.js';
import type { User } from '../../domain/entities/user.entity.js';
import { AccountTokenRepository } from '../../domain/ports/account-token.repository.js';
import { AuthConfig } from '../auth-config.js';

/** A token as mailed (`<id>.<secret>`) and the record stored for it. */
export interface IssuedAccountToken {
  readonly token: string;
  readonly record: AccountToken;
}

// `<uuid>.<43 base64url characters>`: the id (selector) and 256 random bits (the verifier).
const TOKEN_SHAPE =
  /^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Makes and checks the tokens mailed for account flows. A token is `<id>.<secret>`: the id finds
 * the record, the secret (256 random bits) is stored only as a SHA-256 that also covers the
 * purpose, and is compared in constant time. So a leaked database holds nothing that redeems, a
 * token of one purpose never passes for another, and the look-up by id reveals nothing about the
 * secret. Access and refresh tokens have other shapes and other stores: neither is ever one of
 * these, nor the other way round.
 */
@Injectable()
export class AccountTokenService {
  constructor(
    private readonly config: AuthConfig,
    private readonly tokens: AccountTokenRepository,
  ) {}

  /** Stores a fresh token for `user`, bound to its current password version and address. */
  async issue(
    purpose: AccountTokenPurpose,
    user: User,
    now: Date,
    newEmail: string | null = null,
  ): Promise<IssuedAccountToken> {
    const secret = randomBytes(32).toString('base64url');
    const record = new AccountToken({
      id: randomUUID(),
      purpose,
      userId: user.id,
      secretHash: digest(purpose, secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlSeconds(purpose) * 1000),
      consumedAt: null,
      passwordVersion: user.passwordVersion,
      emailNormalized: user.emailNormalized,
      newEmail,
    });
    await this.tokens.create(record);
    return { token: `${record.id}.${secret}`, record };
  }

  /**
   * The stored record of `token` if it is well-formed, of one of `purposes`, unused and unexpired
   * at `now`, and its secret matches; null otherwise (one answer for every reason).
   */
  async find(
    token: string,
    purposes: readonly AccountTokenPurpose[],
    now: Date,
  ): Promise<AccountToken | null> {
    const match = TOKEN_SHAPE.exec(token);
    if (match === null) return null;
    const [, id, secret] = match as unknown as [string, string, string];
    const record = await this.tokens.findById(id);
    if (record === null || !purposes.includes(record.purpose)) return null;
    const expected = Buffer.from(record.secretHash, 'hex');
    const presented = Buffer.from(digest(record.purpose, secret), 'hex');
    if (
      expected.length !== presented.length ||
      !timingSafeEqual(expected, presented)
    ) {
      return null;
    }
    return record.isRedeemableAt(now) ? record : null;
  }

  /** Redeems a found token: true for exactly one caller, however many race. */
  consume(record: AccountToken, now: Date): Promise<boolean> {
    return this.tokens.consume(record.id, now);
  }

  private ttlSeconds(purpose: AccountTokenPurpose): number {
    switch (purpose) {
      case 'password_reset':
        return this.config.passwordResetTtlSeconds;
      case 'invitation':
        return this.config.invitationTtlSeconds;
      case 'email_verification':
      case 'email_change':
        return this.config.emailVerificationTtlSeconds;
      case 'mfa_login':
      case 'mfa_enrollment':
        return this.config.mfaTokenTtlSeconds;
    }
  }
}

function digest(purpose: AccountTokenPurpose, secret: string): string {
  return createHash('sha256')
    .update(`tokenward/${purpose}/`, 'utf8')
    .update(secret, 'utf8')
    .digest('hex');
}
