import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthenticateUserCommand } from '../authenticate-user/authenticate-user.command.js';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { InvalidMfaTokenError } from '../../../domain/errors/invalid-mfa-token.error.js';
import { TooManyAttemptsError } from '../../../domain/errors/too-many-attempts.error.js';
import { RecoveryCodeUsedEvent } from '../../events/recovery-code-used.event.js';
import {
  createTotpKit,
  totpCode,
  wrongCode,
} from '../../../../test/support/totp-kit.js';
import { VerifyMfaCommand } from './verify-mfa.command.js';

describe('VerifyMfaHandler', () => {
  it('completes the login with a current code: tokens with amr pwd, otp, mfa', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    const mfaToken = await kit.mfaTokenFor(enrolled.user.id);

    const result = await kit.totp.verify.execute(
      new VerifyMfaCommand(mfaToken, {
        code: totpCode(enrolled.secret, kit.clock.now()),
      }),
    );

    expect(result.userId).toBe(enrolled.user.id);
    const claims = decodeJwt(result.tokens.accessToken);
    expect(claims.sub).toBe(enrolled.user.id);
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.auth_time).toBe(Math.floor(kit.clock.now().getTime() / 1000));
  });

  it('refuses a replay of an accepted code, even with a fresh mfa_token', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    const code = totpCode(enrolled.secret, kit.clock.now());
    await kit.totp.verify.execute(
      new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), { code }),
    );

    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), {
          code,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    // Nor the code of the step before, once a later one was accepted.
    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), {
          code: totpCode(enrolled.secret, kit.clock.now(), -1),
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
  });

  it('uses the mfa_token once', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    const mfaToken = await kit.mfaTokenFor(enrolled.user.id);
    await kit.totp.verify.execute(
      new VerifyMfaCommand(mfaToken, {
        code: totpCode(enrolled.secret, kit.clock.now()),
      }),
    );
    kit.clock.advanceSeconds(30);

    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(mfaToken, {
          code: totpCode(enrolled.secret, kit.clock.now()),
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaTokenError);
    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand('not-a-token', { code: '123456' }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaTokenError);
  });

  it('accepts a recovery code once (amr otp), recorded with how many are left', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    const recoveryCode = enrolled.recoveryCodes[3]!;

    const result = await kit.totp.verify.execute(
      new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), {
        recoveryCode: recoveryCode.toLowerCase().replaceAll('-', ' '),
      }),
    );

    expect(decodeJwt(result.tokens.accessToken).amr).toEqual([
      'pwd',
      'otp',
      'mfa',
    ]);
    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), {
          recoveryCode,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    expect(kit.events.ofType(RecoveryCodeUsedEvent)).toEqual([
      expect.objectContaining({ userId: enrolled.user.id, remaining: 9 }),
    ]);
    const [record] = await kit.auditLog.list({ skip: 0, limit: 1 });
    expect(record).toMatchObject({
      action: 'mfa_recovery_code_used',
      subjectId: enrolled.user.id,
      details: { remaining: 9 },
    });
  });

  it('locks the user out after loginLockout.maxFailures wrong codes, right code or not', async () => {
    const kit = createTotpKit({
      loginLockout: { maxFailures: 3, windowSeconds: 300, lockoutSeconds: 300 },
    });
    const enrolled = await kit.userWithTotp();
    const mfaToken = await kit.mfaTokenFor(enrolled.user.id);
    const bad = wrongCode(enrolled.secret, kit.clock.now());

    for (let i = 0; i < 3; i += 1) {
      await expect(
        kit.totp.verify.execute(new VerifyMfaCommand(mfaToken, { code: bad })),
      ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    }
    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(mfaToken, {
          code: totpCode(enrolled.secret, kit.clock.now()),
        }),
      ),
    ).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(mfaToken, {
          recoveryCode: enrolled.recoveryCodes[0]!,
        }),
      ),
    ).rejects.toBeInstanceOf(TooManyAttemptsError);
    // A lockout of its own: the password step still answers.
    await expect(
      kit.handlers.authenticateUser.execute(
        new AuthenticateUserCommand(enrolled.user.username, enrolled.password),
      ),
    ).resolves.toMatchObject({ userId: enrolled.user.id });
  });

  it('answers a user without TOTP as for a wrong code', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    const mfaToken = await kit.mfaTokenFor(enrolled.user.id);
    await kit.factors.delete(enrolled.user.id);

    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(mfaToken, { code: '123456' }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
  });
});
