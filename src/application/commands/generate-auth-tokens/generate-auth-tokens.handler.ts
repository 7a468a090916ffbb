import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Session } from '../../../domain/entities/session.entity.js';
import { UserInactiveError } from '../../../domain/errors/user-inactive.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { RefreshTokenGenerator } from '../../../domain/ports/refresh-token-generator.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { TokensIssuedEvent } from '../../events/tokens-issued.event.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { TokenIssuer } from '../../services/token-issuer.service.js';
import { GenerateAuthTokensCommand } from './generate-auth-tokens.command.js';

/**
 * Tokens are issued at the current global version and the user's current token version. The
 * global version comes from storage, not the cache: a login right after another instance's
 * rotation must not get tokens at a version already cut off (login is rare; argon2 dwarfs a read).
 */
@CommandHandler(GenerateAuthTokensCommand)
export class GenerateAuthTokensHandler implements ICommandHandler<GenerateAuthTokensCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenGenerator,
    private readonly issuer: TokenIssuer,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: GenerateAuthTokensCommand): Promise<AuthTokens> {
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    if (!user.isActive) throw new UserInactiveError();
    const global = await this.revocation.loadGlobalState();
    const now = this.clock.now();
    const refresh = this.refreshTokens.generate();
    const authentication = {
      amr: command.authentication?.amr ?? ['pwd'],
      authTime: command.authentication?.authTime ?? now,
    };
    const session = await this.sessions.create(
      Session.opened({
        id: randomUUID(),
        userId: user.id,
        refreshTokenHash: refresh.hash,
        globalVersion: global.version,
        userVersion: user.tokenVersion,
        createdAt: now,
        expiresAt: this.issuer.refreshExpiry(now),
        client: command.client,
        deviceName: command.deviceName ?? null,
        authentication,
      }),
    );
    this.revocation.applyUser(user.toSnapshot());
    this.events.publish(new TokensIssuedEvent(user.id, session.id, now));
    return this.issuer.issuePair(
      user,
      session,
      refresh.token,
      now,
      session.authentication,
    );
  }
}
