import {
  CommandBus,
  CommandHandler,
  EventBus,
  QueryBus,
  type ICommandHandler,
} from '@nestjs/cqrs';
import type { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';
import { EmailNotVerifiedError } from '../../../domain/errors/email-not-verified.error.js';
import { InvalidCredentialsError } from '../../../domain/errors/invalid-credentials.error.js';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { TooManyAttemptsError } from '../../../domain/errors/too-many-attempts.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { LoginAttemptRepository } from '../../../domain/ports/login-attempt.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';
import {
  WebAuthnRelyingParty,
  type VerifiedWebAuthnAssertion,
} from '../../../domain/ports/webauthn-relying-party.js';
import { AuthConfig } from '../../auth-config.js';
import { LoginSucceededEvent } from '../../events/login-succeeded.event.js';
import { ResolveMfaTokenQuery } from '../../queries/resolve-mfa-token/resolve-mfa-token.query.js';
import { attemptKey } from '../../services/attempt-key.js';
import { WebAuthnChallengeService } from '../../services/webauthn-challenge.service.js';
import { mfaTokenRequired } from '../begin-passkey-authentication/begin-passkey-authentication.handler.js';
import { CompleteMfaLoginCommand } from '../complete-mfa-login/complete-mfa-login.command.js';
import { GenerateAuthTokensCommand } from '../generate-auth-tokens/generate-auth-tokens.command.js';
import { FinishPasskeyAuthenticationCommand } from './finish-passkey-authentication.command.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';

/**
 * The RFC 8176 `amr` of a verified passkey: `hwk` for a key that cannot leave its authenticator
 * (backup-ineligible: a security key, a platform authenticator without sync), `swk` for a synced
 * passkey (backup-eligible: the private key lives in a cloud keychain's software as well).
 */
export function passkeyAmr(
  assertion: VerifiedWebAuthnAssertion,
): 'hwk' | 'swk' {
  return assertion.deviceType === 'singleDevice' ? 'hwk' : 'swk';
}

/** The attempt counter of a user's second-factor step (shared by the MFA methods). */
export function mfaAttemptKey(userId: string): string {
  return attemptKey(`mfa:${userId}`);
}

/**
 * Every refusal is one generic 401 — `invalid_mfa_code` after an `mfa_token`,
 * `invalid_credentials` for a passwordless login — whether the challenge was unknown, used,
 * expired or another user's, the credential unknown or another user's, the origin or rpId wrong,
 * the signature bad, or the counter not ahead of the stored one. Attempts count against the
 * user's second-factor lockout (the `loginLockout` policy) before anything is verified, and a
 * success clears them, as the password step does.
 */
@CommandHandler(FinishPasskeyAuthenticationCommand)
export class FinishPasskeyAuthenticationHandler implements ICommandHandler<FinishPasskeyAuthenticationCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly users: UserRepository,
    private readonly credentials: WebAuthnCredentialRepository,
    private readonly challenges: WebAuthnChallengeService,
    private readonly relyingParty: WebAuthnRelyingParty,
    private readonly attempts: LoginAttemptRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute(command: FinishPasskeyAuthenticationCommand) {
    return command.mfaToken === null
      ? this.passwordless(command)
      : this.secondFactor(command, command.mfaToken);
  }

  private async secondFactor(
    command: FinishPasskeyAuthenticationCommand,
    mfaToken: string,
  ): Promise<{ userId: string; tokens: AuthTokens }> {
    const { userId } = await this.queries.execute(
      new ResolveMfaTokenQuery(mfaToken),
    );
    const key = mfaAttemptKey(userId);
    await this.reserve(key);
    const credential = await this.credentials.findById(
      credentialIdOf(command.response) ?? '',
    );
    const taken = await this.challenges.take(
      'authentication',
      command.response,
    );
    if (
      credential === null ||
      credential.userId !== userId ||
      taken === null ||
      taken.stored.userId !== userId
    ) {
      throw new InvalidMfaCodeError();
    }
    const assertion = await this.verify(command, credential, taken.challenge);
    if (assertion === null) throw new InvalidMfaCodeError();
    await this.clear(key);
    return this.commands.execute(
      new CompleteMfaLoginCommand(
        mfaToken,
        [passkeyAmr(assertion)],
        command.client,
        command.deviceName,
      ),
    );
  }

  private async passwordless(
    command: FinishPasskeyAuthenticationCommand,
  ): Promise<{ userId: string; tokens: AuthTokens }> {
    if (!this.config.webauthn.passwordless) throw mfaTokenRequired();
    const taken = await this.challenges.take(
      'authentication',
      command.response,
    );
    const credential = await this.credentials.findById(
      credentialIdOf(command.response) ?? '',
    );
    if (taken === null || taken.stored.userId !== null || credential === null) {
      throw new InvalidCredentialsError();
    }
    const key = mfaAttemptKey(credential.userId);
    await this.reserve(key);
    // A discoverable credential names its user: it must be the credential's owner.
    const handle = userHandleOf(command.response);
    if (
      handle !== null &&
      handle !== Buffer.from(credential.userId, 'utf8').toString('base64url')
    ) {
      throw new InvalidCredentialsError();
    }
    const assertion = await this.verify(
      command,
      credential,
      taken.challenge,
      true,
    );
    const user = await this.users.findById(credential.userId);
    if (assertion === null || user === null || !user.isActive) {
      throw new InvalidCredentialsError();
    }
    await this.clear(key);
    if (this.config.requireVerifiedEmail && !user.emailVerified) {
      throw new EmailNotVerifiedError();
    }
    const now = this.clock.now();
    this.events.publish(new LoginSucceededEvent(user.id, now));
    // User verification was required: possession of the key plus the PIN or biometric that
    // unlocked it are two factors (RFC 8176 `mfa`), without a password.
    const tokens = await this.commands.execute(
      new GenerateAuthTokensCommand(
        user.id,
        command.client,
        command.deviceName ?? null,
        { amr: [passkeyAmr(assertion), 'mfa'], authTime: now },
      ),
    );
    return { userId: user.id, tokens };
  }

  /** Verifies the assertion and advances the stored counter; null when either fails. */
  private async verify(
    command: FinishPasskeyAuthenticationCommand,
    credential: WebAuthnCredential,
    challenge: string,
    requireUserVerification = false,
  ): Promise<VerifiedWebAuthnAssertion | null> {
    const assertion = await this.relyingParty.verifyAuthentication({
      response: command.response,
      expectedChallenge: challenge,
      credential,
      requireUserVerification,
    });
    if (assertion === null) return null;
    // One conditional update: a concurrent use at the same counter, or a counter that went
    // back (a cloned authenticator), loses here.
    const recorded = await this.credentials.recordUse(
      credential.id,
      credential.signCount,
      assertion.newSignCount,
      this.clock.now(),
    );
    return recorded ? assertion : null;
  }

  private async reserve(key: string): Promise<void> {
    const policy = this.config.loginLockout;
    if (policy === null) return;
    const now = this.clock.now();
    const reservation = await this.attempts.reserve(key, now, policy);
    if (!reservation.granted) {
      throw new TooManyAttemptsError(
        (reservation.lockedUntil.getTime() - now.getTime()) / 1000,
        'Too many failed second-factor attempts; try again later',
      );
    }
  }

  private async clear(key: string): Promise<void> {
    if (this.config.loginLockout !== null) await this.attempts.clear(key);
  }
}

function credentialIdOf(response: unknown): string | null {
  const id = (response as { id?: unknown })?.id;
  return typeof id === 'string' ? id : null;
}

function userHandleOf(response: unknown): string | null {
  const handle = (response as { response?: { userHandle?: unknown } })?.response
    ?.userHandle;
  return typeof handle === 'string' && handle.length > 0 ? handle : null;
}
