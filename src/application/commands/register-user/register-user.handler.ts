import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { identityOf, User } from '../../../domain/entities/user.entity.js';
import { UserAlreadyExistsError } from '../../../domain/errors/user-already-exists.error.js';
import { assertPasswordAllowed } from '../../../domain/policies/password.policy.js';
import { Clock } from '../../../domain/ports/clock.js';
import { PasswordHasher } from '../../../domain/ports/password-hasher.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { Email } from '../../../domain/value-objects/email.js';
import { Roles } from '../../../domain/value-objects/roles.js';
import { Username } from '../../../domain/value-objects/username.js';
import { AuthConfig } from '../../auth-config.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { UserRegisteredEvent } from '../../events/user-registered.event.js';
import { RegisterUserCommand } from './register-user.command.js';

/** Validates, hashes with the configured hasher, and inserts; uniqueness is the store's job. */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: RegisterUserCommand): Promise<PublicUser> {
    const username = Username.parse(command.username);
    const email = Email.parse(command.email);
    assertPasswordAllowed(command.password, this.config.passwordPolicy);
    const roles = Roles.parse(command.roles ?? this.config.defaultRoles);

    // A cheap pre-check spares an argon2 hash for an obvious duplicate; the unique indexes
    // behind `create` remain the authority when two registrations race.
    const [byName, byEmail] = await Promise.all([
      this.users.findByUsername(username.key),
      this.users.findByEmail(email.normalized),
    ]);
    if (byName !== null || byEmail !== null) throw new UserAlreadyExistsError();

    const passwordHash = await this.hasher.hash(command.password);
    const now = this.clock.now();
    const user = await this.users.create(
      new User({
        id: randomUUID(),
        ...identityOf(username, email),
        emailVerified: command.emailVerified === true,
        passwordHash,
        isActive: true,
        roles,
        tokenVersion: 1,
        passwordVersion: 1,
        createdAt: now,
        updatedAt: now,
        stateChangedAt: now,
      }),
    );
    this.events.publish(new UserRegisteredEvent(user.id, user.username, now));
    return PublicUser.fromUser(user);
  }
}
