import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  LoggingMailer,
  LoggingMailerInProductionError,
} from './logging.mailer.js';

describe('LoggingMailer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses to exist with NODE_ENV=production (it would print reset links to the log)', () => {
    expect(() => new LoggingMailer('production')).toThrow(
      LoggingMailerInProductionError,
    );
  });

  it('in development, says so at start and prints each mail with its link', async () => {
    const warn = vi
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    const log = vi
      .spyOn(Logger.prototype, 'log')
      .mockImplementation(() => undefined);
    const mailer = new LoggingMailer('development');
    mailer.onModuleInit();
    await mailer.send({
      to: 'alice@example.test',
      subject: 'Reset your password',
      text: 'Choose a new password: https://app.example.test/reset-password?token=abc',
      html: '<p>…</p>',
    });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('for development only'),
    );
    expect(log).toHaveBeenCalledWith(expect.stringContaining('?token=abc'));
  });
});
