import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import {
  ClientAuthenticator,
  type ClientAuthRequest,
} from './client-authenticator.js';

/** Request property where the authenticated introspection client id is put. */
export const INTROSPECTION_CLIENT_KEY = 'tokenwardClientId';

/**
 * Client authentication for introspection (RFC 7662 §2.1): `client_secret_basic` or
 * `client_secret_post` with a configured confidential client (`clients` or `introspectionClients`);
 * never `none`. See `ClientAuthenticator` for the constant-time compare and the lockout.
 */
@Injectable()
export class IntrospectionClientGuard implements CanActivate {
  constructor(private readonly authenticator: ClientAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<
        ClientAuthRequest & { [INTROSPECTION_CLIENT_KEY]?: string }
      >();
    const client = await this.authenticator.authenticate(request, false);
    request[INTROSPECTION_CLIENT_KEY] = client.clientId;
    return true;
  }
}
