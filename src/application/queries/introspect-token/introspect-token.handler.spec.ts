import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  instanceWithUserLookupOutage,
  type HandlerKit,
  type RegisteredUser,
} from '../../../../test/support/handler-kit.js';
import { StorageUnavailableError } from '../../../domain/errors/storage-unavailable.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { IntrospectionResult } from '../../dtos/introspection-result.dto.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { RevokeSessionCommand } from '../../commands/revoke-session/revoke-session.command.js';
import { SetUserStatusCommand } from '../../commands/set-user-status/set-user-status.command.js';
import { TriggerGlobalTokenRotationCommand } from '../../commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { TriggerUserTokenRotationCommand } from '../../commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
import { IntrospectTokenQuery } from './introspect-token.query.js';

describe('IntrospectTokenHandler', () => {
  let kit: HandlerKit;
  let alice: RegisteredUser;
  let tokens: AuthTokens;
  const introspect = (token: string, on: HandlerKit = kit) =>
    on.handlers.introspectToken.execute(new IntrospectTokenQuery(token));
  const inactive = IntrospectionResult.inactive();

  beforeEach(async () => {
    ({ kit, tokens, ...alice } = await createKitWithSession(
      { accessTokenTtlSeconds: 600 },
      ['user'],
    ));
  });

  it('describes an active token and its user', async () => {
    const claims = await kit.signer.verify(tokens.accessToken, kit.clock.now());
    const user = alice.user;
    await expect(introspect(tokens.accessToken)).resolves.toEqual(
      IntrospectionResult.active({
        sub: user.id,
        username: user.username,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        sid: tokens.sessionId,
        iss: 'tokenward',
        aud: 'tokenward',
        roles: ['user'],
        user: new PublicUser(
          user.id,
          user.username,
          user.email,
          true,
          ['user'],
          user.createdAt,
          false,
        ),
      }),
    );
  });

  it('answers inactive, revealing nothing, for garbage and expired tokens', async () => {
    await expect(introspect('garbage')).resolves.toEqual(inactive);
    kit.clock.advanceSeconds(605);
    await expect(introspect(tokens.accessToken)).resolves.toEqual(inactive);
  });

  it.each([
    [
      'logout',
      (k: HandlerKit, userId: string, sessionId: string) =>
        k.handlers.revokeSession.execute(
          new RevokeSessionCommand(userId, sessionId),
        ),
    ],
    [
      'deactivation',
      (k: HandlerKit, userId: string) =>
        k.handlers.setUserStatus.execute(
          new SetUserStatusCommand(userId, false),
        ),
    ],
    [
      'a user rotation',
      (k: HandlerKit, userId: string) =>
        k.handlers.triggerUserTokenRotation.execute(
          new TriggerUserTokenRotationCommand(userId),
        ),
    ],
    [
      'a global rotation without grace',
      (k: HandlerKit) =>
        k.handlers.triggerGlobalTokenRotation.execute(
          new TriggerGlobalTokenRotationCommand(0),
        ),
    ],
  ])('answers inactive after %s', async (_label, revoke) => {
    await revoke(kit, alice.user.id, tokens.sessionId);
    await expect(introspect(tokens.accessToken)).resolves.toEqual(inactive);
  });

  it('rethrows a storage outage instead of answering active or inactive', async () => {
    const { instance, outage } = instanceWithUserLookupOutage(kit);
    outage.down = true;
    await expect(introspect(tokens.accessToken, instance)).rejects.toThrow(
      StorageUnavailableError,
    );
    outage.down = false;
    await expect(
      introspect(tokens.accessToken, instance),
    ).resolves.toMatchObject({ active: true });
  });
});
