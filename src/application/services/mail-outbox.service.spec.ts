import { describe, expect, it } from 'vitest';
import { createHandlerKit } from '../../../test/support/handler-kit.js';
import { RequestPasswordResetCommand } from '../commands/request-password-reset/request-password-reset.command.js';

describe('MailOutboxService', () => {
  it('keeps a mail the transport refused and sends it on a later attempt: the request already answered', async () => {
    const kit = createHandlerKit();
    const { user } = await kit.registerUser();
    kit.mailer.failing = true;

    await expect(
      kit.handlers.requestPasswordReset.execute(
        new RequestPasswordResetCommand(user.email),
      ),
    ).resolves.toBeUndefined();
    await kit.outbox.drain();
    expect(kit.mailer.sent).toEqual([]);

    kit.mailer.failing = false;
    await kit.outbox.drain();
    expect(kit.mailer.sent).toEqual([]); // not due yet: the first retry waits 30 s
    kit.clock.advance(30_000);
    await kit.outbox.drain();
    expect(kit.mailer.sent.map((m) => m.to)).toEqual([user.email]);
    expect(kit.mailer.lastToken(user.email)).toMatch(
      /^[0-9a-f-]{36}\.[\w-]{43}$/,
    );
  });

  it('gives a mail up after mail.maxAttempts, and queues nothing for an address without an account', async () => {
    const kit = createHandlerKit({ mail: { maxAttempts: 2 } });
    const { user } = await kit.registerUser();
    kit.mailer.failing = true;
    await kit.handlers.requestPasswordReset.execute(
      new RequestPasswordResetCommand(user.email),
    );
    await kit.outbox.drain();
    kit.clock.advance(30_000);
    await kit.outbox.drain();
    kit.mailer.failing = false;
    kit.clock.advance(3_600_000);
    await kit.outbox.drain();
    expect(kit.mailer.sent).toEqual([]);
    expect(
      await kit.mailOutbox.claimNext(kit.clock.now(), kit.clock.now()),
    ).toBeNull();

    await kit.handlers.requestPasswordReset.execute(
      new RequestPasswordResetCommand('nobody@example.test'),
    );
    await kit.outbox.drain();
    expect(kit.mailer.sent).toEqual([]);
  });
});
