import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  anotherInstance,
  createHandlerKit,
  instanceWithUserLookupOutage,
  type HandlerKit,
  type RegisteredUser,
} from '../../../../test/support/handler-kit.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { StorageUnavailableError } from '../../../domain/errors/storage-unavailable.error.js';
import { TokenExpiredError } from '../../../domain/errors/token-expired.error.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { UserInactiveError } from '../../../domain/errors/user-inactive.error.js';
import { AuthenticatedUser } from '../../dtos/authenticated-user.dto.js';
import { VerifiedAccessToken } from '../../dtos/verified-access-token.dto.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { RevokeSessionCommand } from '../../commands/revoke-session/revoke-session.command.js';
import { ValidateAccessTokenQuery } from './validate-access-token.query.js';

describe('ValidateAccessTokenHandler', () => {
  let kit: HandlerKit;
  let alice: RegisteredUser;
  let tokens: AuthTokens;
  const validate = (token: string, on: HandlerKit = kit) =>
    on.handlers.validateAccessToken.execute(
      new ValidateAccessTokenQuery(token),
    );

  beforeEach(async () => {
    ({ kit, tokens, ...alice } = await createKitWithSession(
      { accessTokenTtlSeconds: 600 },
      ['user'],
    ));
  });

  it('returns the user and the token’s facts, amr and auth_time included', async () => {
    const iat = kit.clock.now().getTime() / 1000;
    const { jti } = await kit.signer.verify(
      tokens.accessToken,
      kit.clock.now(),
    );
    await expect(validate(tokens.accessToken)).resolves.toEqual(
      new VerifiedAccessToken(
        new AuthenticatedUser(
          alice.user.id,
          alice.user.username,
          alice.user.email,
          ['user'],
        ),
        tokens.sessionId,
        jti,
        iat,
        iat + 600,
        1,
        1,
        ['pwd'],
        iat,
      ),
    );
  });

  it('takes roles from the user’s current state, not from the token', async () => {
    await kit.users.updateStatus(
      alice.user.id,
      { roles: ['admin'] },
      false,
      kit.clock.now(),
    );
    // Another instance (fresh cache) sees the stored roles; this one learns them at its next poll.
    await expect(
      validate(tokens.accessToken, anotherInstance(kit)),
    ).resolves.toMatchObject({
      user: { roles: ['admin'] },
    });
  });

  it('refuses a forged or garbage token', async () => {
    const forged = anotherInstance(kit, {
      secret: 'a-different-secret-0123456789abcdef-01234567',
    });
    const foreign = await forged.registerAndIssueTokens();
    await expect(validate(foreign.tokens.accessToken)).rejects.toThrow(
      InvalidTokenError,
    );
    await expect(validate('garbage')).rejects.toThrow(InvalidTokenError);
  });

  it('refuses an expired token', async () => {
    kit.clock.advanceSeconds(600 + 5);
    await expect(validate(tokens.accessToken)).rejects.toThrow(
      TokenExpiredError,
    );
  });

  it('refuses the token of a logged-out session', async () => {
    await kit.handlers.revokeSession.execute(
      new RevokeSessionCommand(alice.user.id, tokens.sessionId),
    );
    await expect(validate(tokens.accessToken)).rejects.toThrow(
      TokenRevokedError,
    );
  });

  it('refuses the token of a deactivated user', async () => {
    const instance = anotherInstance(kit);
    await kit.users.updateStatus(
      alice.user.id,
      { isActive: false },
      false,
      kit.clock.now(),
    );
    await expect(validate(tokens.accessToken, instance)).rejects.toThrow(
      UserInactiveError,
    );
  });

  it('refuses a token issued before a user rotation', async () => {
    await kit.users.incrementTokenVersion(alice.user.id, kit.clock.now());
    await expect(
      validate(tokens.accessToken, anotherInstance(kit)),
    ).rejects.toThrow(TokenVersionRejectedError);
  });

  it('needs no user read for a current token: its facts come from the token', async () => {
    const { instance, outage } = instanceWithUserLookupOutage(kit);
    outage.down = true;
    const verified = await validate(tokens.accessToken, instance);
    expect(verified.user).toEqual(
      new AuthenticatedUser(
        alice.user.id,
        alice.user.username,
        alice.user.email,
        ['user'],
      ),
    );
  });

  describe('a token issued before preferred_username and email were claims', () => {
    /** What an older version signed: the same claims minus the two facts. */
    const olderToken = async (on: HandlerKit = kit) =>
      (
        await on.signer.sign(
          {
            sub: alice.user.id,
            jti: 'older-jti',
            sid: tokens.sessionId,
            gv: 1,
            uv: 1,
            roles: ['user'],
          },
          kit.clock.now(),
        )
      ).token;

    it('loads its user once for the facts', async () => {
      const verified = await validate(await olderToken());
      expect(verified.user.username).toBe(alice.user.username);
      expect(verified.user.email).toBe(alice.user.email);
    });

    it('is refused when its user no longer exists', async () => {
      const empty = anotherInstance(
        kit,
        {},
        { users: createHandlerKit().users },
      );
      await expect(validate(await olderToken(), empty)).rejects.toThrow(
        InvalidTokenError,
      );
    });

    it('fails with StorageUnavailable, not an auth verdict, when the user cannot be loaded', async () => {
      const { instance, outage } = instanceWithUserLookupOutage(kit);
      const token = await olderToken();
      outage.down = true;
      await expect(validate(token, instance)).rejects.toThrow(
        StorageUnavailableError,
      );
      outage.down = false;
      await expect(validate(token, instance)).resolves.toBeDefined();
    });
  });
});
