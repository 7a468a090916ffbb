import { Module, type DynamicModule } from '@nestjs/common';
import { CliRuntime } from './cli-runtime.js';
import { CreateAdminCliCommand } from './commands/create-admin.cli-command.js';
import { RotateGlobalCliCommand } from './commands/rotate-global.cli-command.js';
import { RotateKeysCliCommand } from './commands/rotate-keys.cli-command.js';
import { RotateUserCliCommand } from './commands/rotate-user.cli-command.js';
import { ResetPasswordCliCommand } from './commands/reset-password.cli-command.js';
import { ResetMfaCliCommand } from './commands/reset-mfa.cli-command.js';
import { StatusCliCommand } from './commands/status.cli-command.js';

/** Every `tokenward` command: adding one is a class here and a line in the usage. */
const COMMANDS = [
  CreateAdminCliCommand,
  RotateGlobalCliCommand,
  RotateUserCliCommand,
  RotateKeysCliCommand,
  ResetPasswordCliCommand,
  ResetMfaCliCommand,
  StatusCliCommand,
];

/**
 * The commands as nest-commander providers. The app they administer is not imported here: the
 * runtime boots it when a command runs, so `--help` and usage errors need no database.
 */
@Module({})
export class TokenwardCommandModule {
  static register(runtime: CliRuntime): DynamicModule {
    return {
      module: TokenwardCommandModule,
      providers: [{ provide: CliRuntime, useValue: runtime }, ...COMMANDS],
    };
  }
}
