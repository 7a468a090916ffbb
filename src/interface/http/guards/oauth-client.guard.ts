import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import {
  ClientAuthenticator,
  type AuthenticatedClient,
  type ClientAuthRequest,
} from './client-authenticator.js';

/** Request property where the client authenticated on the token or revocation endpoint is put. */
export const OAUTH_CLIENT_KEY = 'tokenwardClient';

/**
 * Client authentication for `POST /auth/token` and `/auth/revoke`: a confidential client
 * (`client_secret_basic`, `client_secret_post`) or the first-party public client (`none`, its
 * `client_id` in the body). What each client may do is the controller's to decide.
 */
@Injectable()
export class OAuthClientGuard implements CanActivate {
  constructor(private readonly authenticator: ClientAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<
        ClientAuthRequest & { [OAUTH_CLIENT_KEY]?: AuthenticatedClient }
      >();
    request[OAUTH_CLIENT_KEY] = await this.authenticator.authenticate(
      request,
      true,
    );
    return true;
  }
}
