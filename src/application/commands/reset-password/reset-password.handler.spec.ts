import { describe, expect, it } from 'vitest';
import { createKitWithSession } from '../../../../test/support/handler-kit.js';
import { InvalidResetTokenError } from '../../../domain/errors/invalid-reset-token.error.js';
import { PasswordResetEvent } from '../../events/password-reset.event.js';
import { RequestPasswordResetCommand } from '../request-password-reset/request-password-reset.command.js';
import { ResetPasswordCommand } from './reset-password.command.js';

describe('ResetPasswordHandler', () => {
  async function mailedToken(
    kit: Awaited<ReturnType<typeof createKitWithSession>>['kit'],
    email: string,
  ) {
    await kit.handlers.requestPasswordReset.execute(
      new RequestPasswordResetCommand(email),
    );
    await kit.outbox.drain();
    return kit.mailer.lastToken(email);
  }

  it('lets exactly one of 10 parallel resets with one token win; the others get invalid_reset_token', async () => {
    const { kit, user, tokens } = await createKitWithSession();
    const token = await mailedToken(kit, user.email);

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        kit.handlers.resetPassword.execute(
          new ResetPasswordCommand(token, `new password ${i}`),
        ),
      ),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const failed of results.filter((r) => r.status === 'rejected')) {
      expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(
        InvalidResetTokenError,
      );
    }
    expect((await kit.users.findById(user.id))?.passwordVersion).toBe(2);
    await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow();
    expect(kit.events.ofType(PasswordResetEvent)).toHaveLength(1);
  });

  it('stores only a hash of the token, and refuses a token whose secret was altered', async () => {
    const { kit, user } = await createKitWithSession();
    const token = await mailedToken(kit, user.email);
    const [id, secret] = token.split('.') as [string, string];
    const stored = await kit.accountTokens.findById(id);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);

    const altered = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    await expect(
      kit.handlers.resetPassword.execute(
        new ResetPasswordCommand(altered, 'a new password'),
      ),
    ).rejects.toThrow(InvalidResetTokenError);
    await expect(
      kit.handlers.resetPassword.execute(
        new ResetPasswordCommand(token, 'a new password'),
      ),
    ).resolves.toBeUndefined();
  });
});
