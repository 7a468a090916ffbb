import { describe, expect, it } from 'vitest';
import { createHandlerKit } from '../../../../test/support/handler-kit.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../../domain/errors/token-expired.error.js';
import { AuthConfig } from '../../auth-config.js';
import { IssueClientAccessTokenCommand } from '../../commands/issue-client-access-token/issue-client-access-token.command.js';
import { IssueClientAccessTokenHandler } from '../../commands/issue-client-access-token/issue-client-access-token.handler.js';
import { ValidateClientAccessTokenHandler } from './validate-client-access-token.handler.js';
import { ValidateClientAccessTokenQuery } from './validate-client-access-token.query.js';

const clientSecret = 'client-secret-0123456789abcdef-0123456789';

function setUp() {
  const kit = createHandlerKit({
    signing: { algorithm: 'ES256' },
    clients: [
      { clientId: 'receiver', clientSecret, scopes: ['ssf.manage', 'other'] },
    ],
  });
  const issue = new IssueClientAccessTokenHandler(
    kit.config,
    kit.signer,
    kit.clock,
    kit.events as never,
  );
  const validate = (config: AuthConfig = kit.config) =>
    new ValidateClientAccessTokenHandler(config, kit.signer, kit.clock);
  return { kit, issue, validate };
}

describe('ValidateClientAccessTokenHandler', () => {
  it("names the token's client and its granted scopes", async () => {
    const { issue, validate } = setUp();
    const { accessToken } = await issue.execute(
      new IssueClientAccessTokenCommand('receiver', ['ssf.manage']),
    );
    const receiver = await validate().execute(
      new ValidateClientAccessTokenQuery(accessToken),
    );
    expect(receiver).toEqual({ clientId: 'receiver', scopes: ['ssf.manage'] });
  });

  it('counts only the scopes the client still has, and refuses a client no longer configured', async () => {
    const { kit, issue, validate } = setUp();
    const { accessToken } = await issue.execute(
      new IssueClientAccessTokenCommand('receiver', null),
    );
    const narrowed = new AuthConfig({
      ...kit.config,
      clients: [{ clientId: 'receiver', clientSecret, scopes: ['other'] }],
    });
    expect(
      (
        await validate(narrowed).execute(
          new ValidateClientAccessTokenQuery(accessToken),
        )
      ).scopes,
    ).toEqual(['other']);
    const removed = new AuthConfig({ ...kit.config, clients: [] });
    await expect(
      validate(removed).execute(
        new ValidateClientAccessTokenQuery(accessToken),
      ),
    ).rejects.toThrow(InvalidTokenError);
  });

  it("refuses a user's access token, a forged one and an expired one", async () => {
    const { kit, issue, validate } = setUp();
    const user = await kit.registerAndIssueTokens();
    await expect(
      validate().execute(
        new ValidateClientAccessTokenQuery(user.tokens.accessToken),
      ),
    ).rejects.toThrow(InvalidTokenError);
    const { accessToken } = await issue.execute(
      new IssueClientAccessTokenCommand('receiver', null),
    );
    const [h, p, sig] = accessToken.split('.');
    const forged = `${h}.${p}.${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
    await expect(
      validate().execute(new ValidateClientAccessTokenQuery(forged)),
    ).rejects.toThrow(InvalidTokenError);
    kit.clock.advanceSeconds(kit.config.accessTokenTtlSeconds + 120);
    await expect(
      validate().execute(new ValidateClientAccessTokenQuery(accessToken)),
    ).rejects.toThrow(TokenExpiredError);
  });
});
