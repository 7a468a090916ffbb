import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterUserCommand, UserAlreadyExistsError } from '../src/index.js';
import { EXAMPLE_ADMIN } from './example.tokens.js';

/** Creates the configured admin on start if it does not exist yet. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Example');

  constructor(
    private readonly commands: CommandBus,
    @Inject(EXAMPLE_ADMIN)
    private readonly admin: {
      username: string;
      email: string;
      password: string;
    } | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.admin === null) return;
    try {
      await this.commands.execute(
        new RegisterUserCommand(
          this.admin.username,
          this.admin.email,
          this.admin.password,
          ['admin'],
        ),
      );
      this.logger.log(`Admin "${this.admin.username}" created`);
    } catch (error) {
      if (!(error instanceof UserAlreadyExistsError)) throw error;
      this.logger.log(`Admin "${this.admin.username}" already exists`);
    }
  }
}
