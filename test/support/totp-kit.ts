// The TOTP use cases wired by hand over a handler kit (memory adapters, real crypto, frozen
// clock), with codes computed from the secret by the `otpauth` library, as a user's app would.
import type { ICommand } from '@nestjs/cqrs';
import { Secret, TOTP } from 'otpauth';
import { BeginMfaLoginCommand } from '../../src/application/commands/begin-mfa-login/begin-mfa-login.command.js';
import { BeginMfaLoginHandler } from '../../src/application/commands/begin-mfa-login/begin-mfa-login.handler.js';
import { CompleteMfaLoginCommand } from '../../src/application/commands/complete-mfa-login/complete-mfa-login.command.js';
import { CompleteMfaLoginHandler } from '../../src/application/commands/complete-mfa-login/complete-mfa-login.handler.js';
import { ConfirmTotpCommand } from '../../src/application/commands/confirm-totp/confirm-totp.command.js';
import { ConfirmTotpHandler } from '../../src/application/commands/confirm-totp/confirm-totp.handler.js';
import { DisableTotpHandler } from '../../src/application/commands/disable-totp/disable-totp.handler.js';
import { EnrollTotpCommand } from '../../src/application/commands/enroll-totp/enroll-totp.command.js';
import { EnrollTotpHandler } from '../../src/application/commands/enroll-totp/enroll-totp.handler.js';
import { GenerateAuthTokensCommand } from '../../src/application/commands/generate-auth-tokens/generate-auth-tokens.command.js';
import { RegenerateRecoveryCodesHandler } from '../../src/application/commands/regenerate-recovery-codes/regenerate-recovery-codes.handler.js';
import { VerifyMfaHandler } from '../../src/application/commands/verify-mfa/verify-mfa.handler.js';
import { CurrentPasswordCheck } from '../../src/application/services/current-password.service.js';
import { MfaLoginTokenService } from '../../src/application/services/mfa-login-token.service.js';
import { MfaMethodsService } from '../../src/application/services/mfa-methods.service.js';
import { TotpCodeCheck } from '../../src/application/services/totp-code-check.service.js';
import { TotpMfaMethodSource } from '../../src/application/services/totp-mfa-method-source.service.js';
import type { AuthModuleOptions } from '../../src/module/auth/auth.options.js';
import { AesGcmSecretSealer } from '../../src/infrastructure/crypto/aes-gcm-secret.sealer.js';
import { OtpauthTotpAlgorithm } from '../../src/infrastructure/crypto/otpauth-totp.algorithm.js';
import { MemoryTotpFactorRepository } from '../../src/infrastructure/persistence/memory/memory-totp-factor.repository.js';
import { createHandlerKit, KIT_SECRET } from './handler-kit.js';

/** The code an authenticator app shows for `secret` at `at` (`offsetSteps` steps away). */
export function totpCode(secret: string, at: Date, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({
    timestamp: at.getTime() + offsetSteps * 30_000,
  });
}

/** A 6-digit code that is not the one of `at` nor of the steps beside it. */
export function wrongCode(secret: string, at: Date): string {
  const near = new Set([-1, 0, 1].map((d) => totpCode(secret, at, d)));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** A `CommandBus` fake that hands each command to the handler registered for its class. */
class RoutingCommandBus {
  readonly routes = new Map<
    abstract new (...args: never[]) => ICommand,
    { execute(command: never): Promise<unknown> }
  >();

  execute(command: ICommand): Promise<unknown> {
    const handler = this.routes.get(
      command.constructor as abstract new (...args: never[]) => ICommand,
    );
    if (handler === undefined)
      throw new Error(`no handler for ${command.constructor.name}`);
    return handler.execute(command as never);
  }
}

/** A handler kit plus the TOTP store, its code check and every TOTP use case. */
export function createTotpKit(
  configOverrides: Partial<AuthModuleOptions> = {},
) {
  const kit = createHandlerKit(configOverrides);
  const factors = new MemoryTotpFactorRepository();
  const algorithm = new OtpauthTotpAlgorithm();
  const sealer = new AesGcmSecretSealer(KIT_SECRET);
  const codes = new TotpCodeCheck(
    kit.config,
    factors,
    kit.attempts,
    algorithm,
    sealer,
    kit.clock,
  );
  const methods = new MfaMethodsService();
  const source = new TotpMfaMethodSource(factors, methods);
  source.onModuleInit();
  const mfaTokens = new MfaLoginTokenService(kit.tokenService);
  const password = new CurrentPasswordCheck(
    kit.config,
    kit.attempts,
    kit.hasher,
    kit.clock,
  );
  const bus = new RoutingCommandBus();
  const busLike = bus as never;
  bus.routes.set(GenerateAuthTokensCommand, kit.handlers.generateAuthTokens);
  const complete = new CompleteMfaLoginHandler(mfaTokens, busLike, kit.clock);
  bus.routes.set(CompleteMfaLoginCommand, complete);
  const totp = {
    enroll: new EnrollTotpHandler(
      kit.config,
      kit.users,
      factors,
      algorithm,
      sealer,
      kit.clock,
    ),
    confirm: new ConfirmTotpHandler(factors, codes, kit.clock, kit.audit),
    disable: new DisableTotpHandler(
      kit.users,
      factors,
      codes,
      password,
      kit.clock,
      kit.audit,
    ),
    regenerate: new RegenerateRecoveryCodesHandler(
      factors,
      codes,
      kit.clock,
      kit.audit,
    ),
    verify: new VerifyMfaHandler(
      mfaTokens,
      codes,
      busLike,
      kit.clock,
      kit.audit,
    ),
    beginMfaLogin: new BeginMfaLoginHandler(
      kit.config,
      kit.users,
      methods,
      mfaTokens,
      kit.clock,
    ),
  };
  return {
    ...kit,
    factors,
    sealer,
    codes,
    mfaTokens,
    methods,
    source,
    totp,

    /** Registers a user and enrols (and, unless told, confirms) TOTP for them. */
    async userWithTotp(confirm = true) {
      const registered = await kit.registerUser();
      const enrolment = await totp.enroll.execute(
        new EnrollTotpCommand(registered.user.id),
      );
      let recoveryCodes: readonly string[] = [];
      if (confirm) {
        ({ recoveryCodes } = await totp.confirm.execute(
          new ConfirmTotpCommand(
            registered.user.id,
            totpCode(enrolment.secret, kit.clock.now()),
          ),
        ));
        // The confirming code's step is used: move to the next one.
        kit.clock.advanceSeconds(30);
      }
      return { ...registered, ...enrolment, recoveryCodes };
    },

    /** An `mfa_token` for the user, as a login with the right password answers it. */
    async mfaTokenFor(userId: string): Promise<string> {
      const challenge = await totp.beginMfaLogin.execute(
        new BeginMfaLoginCommand(userId),
      );
      if (challenge === null) throw new Error('the user has no second factor');
      return challenge.mfaToken;
    },
  };
}

/** One wired TOTP kit (see `createTotpKit`). */
export type TotpKit = ReturnType<typeof createTotpKit>;
