import { Command, Option } from 'nest-commander';
import { RegisterUserCommand } from '../../application/commands/register-user/register-user.command.js';
import { UserAlreadyExistsError } from '../../domain/errors/user-already-exists.error.js';
import { toUserResponse } from '../../interface/http/presenters/http-response.presenter.js';
import type { CliOutput } from '../cli-runtime.js';
import { readPassword } from '../read-password.js';
import {
  TokenwardCliCommand,
  type GlobalFlags,
} from './tokenward-cli-command.js';

interface CreateAdminFlags extends GlobalFlags {
  readonly username?: string;
  readonly email?: string;
}

/** `create-admin`: `RegisterUserCommand` with the role `admin`; the password never comes from argv. */
@Command({
  name: 'create-admin',
  description: "create a user with the role 'admin'",
  allowExcessArgs: true,
})
export class CreateAdminCliCommand extends TokenwardCliCommand<CreateAdminFlags> {
  @Option({ flags: '--username <value>' })
  parseUsername(raw: string): string {
    return this.flagValue('--username', raw);
  }

  @Option({ flags: '--email <value>' })
  parseEmail(raw: string): string {
    return this.flagValue('--email', raw);
  }

  protected async execute(
    _args: string[],
    flags: CreateAdminFlags,
  ): Promise<CliOutput> {
    const username = this.required(flags.username, 'username');
    const email = this.required(flags.email, 'email');
    this.runtime.resolveApp();
    // Read before connecting: a missing password is a usage error, not a storage round-trip.
    const password = await readPassword(this.runtime.io);
    return this.runtime.withApp(flags.json === true, async ({ commands }) => {
      try {
        const user = await commands.execute(
          new RegisterUserCommand(username, email, password, ['admin']),
        );
        return {
          json: { ...toUserResponse(user) },
          text: `created admin '${user.username}' <${user.email}> with id ${user.id}\n`,
        };
      } catch (error) {
        if (error instanceof UserAlreadyExistsError) {
          throw new Error(
            `a user with username '${username}' or email '${email}' already exists`,
            { cause: error },
          );
        }
        throw error;
      }
    });
  }
}
