import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { MfaLoginTokenService } from '../../services/mfa-login-token.service.js';
import { MfaMethodsService } from '../../services/mfa-methods.service.js';
import { ResolveMfaTokenQuery } from './resolve-mfa-token.query.js';

@QueryHandler(ResolveMfaTokenQuery)
export class ResolveMfaTokenHandler implements IQueryHandler<ResolveMfaTokenQuery> {
  constructor(
    private readonly mfaTokens: MfaLoginTokenService,
    private readonly methods: MfaMethodsService,
    private readonly clock: Clock,
  ) {}

  async execute(query: ResolveMfaTokenQuery) {
    const pending = await this.mfaTokens.resolve(
      query.mfaToken,
      this.clock.now(),
      query.purposes,
    );
    const methods =
      pending.purpose === 'mfa_enrollment'
        ? (['totp_enroll'] as const)
        : await this.methods.methodsOf(pending.userId);
    return { userId: pending.userId, purpose: pending.purpose, methods };
  }
}
