import { decodeJwt } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { InvalidScopeError } from '../../../domain/errors/invalid-scope.error.js';
import { UnauthorizedClientError } from '../../../domain/errors/unauthorized-client.error.js';
import { ClientTokenIssuedEvent } from '../../events/client-token-issued.event.js';
import { IssueClientAccessTokenCommand } from './issue-client-access-token.command.js';
import { IssueClientAccessTokenHandler } from './issue-client-access-token.handler.js';

const clientSecret = 'client-secret-0123456789abcdef-0123456789';

describe('IssueClientAccessTokenHandler', () => {
  let kit: HandlerKit;
  let handler: IssueClientAccessTokenHandler;
  const issue = (clientId: string, scopes: string[] | null) =>
    handler.execute(new IssueClientAccessTokenCommand(clientId, scopes));

  beforeEach(() => {
    kit = createHandlerKit({
      clients: [
        { clientId: 'reports', clientSecret, scopes: ['read', 'write'] },
      ],
      introspectionClients: [{ clientId: 'billing', clientSecret }],
    });
    handler = new IssueClientAccessTokenHandler(
      kit.config,
      kit.signer,
      kit.clock,
      kit.events as never,
    );
  });

  it('grants every configured scope when none is asked for, in an RFC 9068 token of the client', async () => {
    const granted = await issue('reports', null);
    expect(granted.scopes).toEqual(['read', 'write']);
    expect(granted.expiresIn).toBe(kit.config.accessTokenTtlSeconds);
    expect(decodeJwt(granted.accessToken)).toMatchObject({
      sub: 'reports',
      client_id: 'reports',
      scope: 'read write',
      iss: kit.config.issuer,
      aud: kit.config.audience,
    });
    expect(kit.events.published).toEqual([
      new ClientTokenIssuedEvent('reports', ['read', 'write'], kit.clock.now()),
    ]);
  });

  it('grants the asked subset', async () => {
    expect((await issue('reports', ['write'])).scopes).toEqual(['write']);
  });

  it('refuses a scope the client was not configured with', async () => {
    await expect(issue('reports', ['read', 'admin'])).rejects.toThrow(
      InvalidScopeError,
    );
  });

  it('refuses a client without scopes (an introspection client) and an unknown one', async () => {
    await expect(issue('billing', null)).rejects.toThrow(
      UnauthorizedClientError,
    );
    await expect(issue('nobody', null)).rejects.toThrow(
      UnauthorizedClientError,
    );
  });

  it('is no user token: the access-token validator refuses it', async () => {
    const granted = await issue('reports', null);
    await expect(
      kit.validator.validate(granted.accessToken),
    ).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
