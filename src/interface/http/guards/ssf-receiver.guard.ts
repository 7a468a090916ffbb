import {
  Injectable,
  NotFoundException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedReceiver } from '../../../application/dtos/authenticated-receiver.dto.js';
import { ValidateClientAccessTokenQuery } from '../../../application/queries/validate-client-access-token/validate-client-access-token.query.js';
import {
  SSF_SCOPES,
  ssfScopeAllows,
  type SsfScope,
} from '../../../application/ssf-scopes.js';
import { InsufficientScopeError } from '../../../domain/errors/insufficient-scope.error.js';
import { SsfEndpoints } from '../controllers/ssf-endpoints.js';
import { SSF_SCOPE_KEY } from '../decorators/ssf-scope.decorator.js';
import { extractBearerToken } from './bearer-token.js';
import { requestOf } from './request-of.js';

/** Request property where `SsfReceiverGuard` puts the `AuthenticatedReceiver`. */
export const SSF_RECEIVER_KEY = 'tokenwardReceiver';

/** A request that passed `SsfReceiverGuard`. */
export type SsfReceiverRequest = {
  [SSF_RECEIVER_KEY]: AuthenticatedReceiver;
  headers: Record<string, string | string[] | undefined>;
};

/**
 * The SSF transmitter's routes: a client-credentials bearer token (RFC 6750 §2.1) of a configured
 * client carrying the route's scope (`@RequireSsfScope`, `ssf.manage` when none is set). No
 * token: 401 `authentication_required`; an unusable one (a user's token included): 401
 * `invalid_token`; a receiver's token while no transmitter is configured: 404; the scope missing:
 * 403 `insufficient_scope` (RFC 6750 §3.1).
 */
@Injectable()
export class SsfReceiverGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly queries: QueryBus,
    private readonly endpoints: SsfEndpoints,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf<SsfReceiverRequest>(context);
    const token = extractBearerToken(request.headers.authorization);
    const receiver = await this.queries.execute(
      new ValidateClientAccessTokenQuery(token),
    );
    // No transmitter (plain-name issuer, HS256 keys): its routes do not exist. Authentication
    // comes first, as on every route the OpenAPI document lists with a bearer scheme, so an
    // anonymous caller hears 401 either way and learns nothing of the configuration.
    if (!this.endpoints.available) throw new NotFoundException();
    const needed =
      this.reflector.get<SsfScope | undefined>(
        SSF_SCOPE_KEY,
        context.getHandler(),
      ) ?? SSF_SCOPES.manage;
    if (!ssfScopeAllows(receiver.scopes, needed)) {
      throw new InsufficientScopeError(needed);
    }
    request[SSF_RECEIVER_KEY] = receiver;
    return true;
  }
}
