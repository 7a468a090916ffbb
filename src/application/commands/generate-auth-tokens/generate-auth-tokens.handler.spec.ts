import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { UserInactiveError } from '../../../domain/errors/user-inactive.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { TokensIssuedEvent } from '../../events/tokens-issued.event.js';
import { TriggerGlobalTokenRotationCommand } from '../trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { TriggerUserTokenRotationCommand } from '../trigger-user-token-rotation/trigger-user-token-rotation.command.js';

describe('GenerateAuthTokensHandler', () => {
  let kit: HandlerKit;

  beforeEach(() => {
    kit = createHandlerKit({ accessTokenTtlSeconds: 600 });
  });

  it('issues a Bearer pair whose access token carries sid, gv, uv, roles, username, email, amr and auth_time', async () => {
    const { user, tokens } = await kit.registerAndIssueTokens({
      roles: ['admin', 'user'],
    });
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 600 });
    const claims = await kit.signer.verify(tokens.accessToken, kit.clock.now());
    const iat = kit.clock.now().getTime() / 1000;
    expect(claims).toEqual({
      sub: user.id,
      jti: expect.any(String),
      sid: tokens.sessionId,
      gv: 1,
      uv: 1,
      roles: ['admin', 'user'],
      username: user.username,
      email: user.email,
      amr: ['pwd'],
      auth_time: iat,
      iat,
      exp: iat + 600,
      iss: 'tokenward',
      aud: 'tokenward',
    });
  });

  it('opens one session per login, each with its own token ids', async () => {
    const { user, tokens } = await kit.registerAndIssueTokens();
    const second = await kit.issueTokens(user.id);
    expect(second.sessionId).not.toBe(tokens.sessionId);
    expect(second.refreshToken).not.toBe(tokens.refreshToken);
    const jti = async (token: string) =>
      (await kit.signer.verify(token, kit.clock.now())).jti;
    expect(await jti(second.accessToken)).not.toBe(
      await jti(tokens.accessToken),
    );
  });

  it('stores the session with the refresh token hash, never the token', async () => {
    const { user, tokens } = await kit.registerAndIssueTokens();
    const session = await kit.sessions.findById(tokens.sessionId);
    expect(session).toMatchObject({
      userId: user.id,
      refreshTokenHash: kit.refreshTokens.hash(tokens.refreshToken),
      previousRefreshTokenHashes: [],
      globalVersion: 1,
      userVersion: 1,
      createdAt: kit.clock.now(),
      expiresAt: new Date(kit.clock.now().getTime() + 30 * 86_400_000),
      revokedAt: null,
    });
    expect(JSON.stringify(session)).not.toContain(tokens.refreshToken);
  });

  it('issues at the current global and user versions', async () => {
    const { user } = await kit.registerAndIssueTokens();
    await kit.handlers.triggerGlobalTokenRotation.execute(
      new TriggerGlobalTokenRotationCommand(),
    );
    await kit.handlers.triggerUserTokenRotation.execute(
      new TriggerUserTokenRotationCommand(user.id),
    );
    const tokens = await kit.issueTokens(user.id);
    expect(
      await kit.signer.verify(tokens.accessToken, kit.clock.now()),
    ).toMatchObject({ gv: 2, uv: 2 });
    expect(await kit.sessions.findById(tokens.sessionId)).toMatchObject({
      globalVersion: 2,
      userVersion: 2,
    });
  });

  it('issues at the stored global version even before this instance polled a rotation', async () => {
    const { user } = await kit.registerUser();
    await kit.revocation.refresh();
    // Another instance rotates without grace; this one has not polled yet.
    const now = kit.clock.now();
    await kit.rotationState.rotate({
      now,
      graceEndsAt: now,
      reason: null,
      rotatedBy: null,
    });
    const tokens = await kit.issueTokens(user.id);
    expect((await kit.signer.verify(tokens.accessToken, now)).gv).toBe(2);
    kit.clock.advanceSeconds(5);
    await kit.revocation.refresh();
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).resolves.toBeDefined();
    await expect(kit.refresh(tokens.refreshToken)).resolves.toBeDefined();
  });

  it('issues tokens that pass validation at once', async () => {
    const { user, tokens } = await kit.registerAndIssueTokens();
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).resolves.toMatchObject({
      user: { id: user.id },
    });
  });

  it('publishes TokensIssued without any token', async () => {
    const { user, tokens } = await kit.registerAndIssueTokens();
    expect(kit.events.ofType(TokensIssuedEvent)).toEqual([
      new TokensIssuedEvent(user.id, tokens.sessionId, kit.clock.now()),
    ]);
    const serialized = JSON.stringify(kit.events.published);
    expect(serialized).not.toContain(tokens.refreshToken);
    expect(serialized).not.toContain(tokens.accessToken);
  });

  it('refuses an unknown user', async () => {
    await expect(kit.issueTokens('no-such-user')).rejects.toThrow(
      UserNotFoundError,
    );
  });

  it('refuses an inactive user and opens no session', async () => {
    const { user } = await kit.registerUser();
    await kit.users.updateStatus(
      user.id,
      { isActive: false },
      true,
      kit.clock.now(),
    );
    await expect(kit.issueTokens(user.id)).rejects.toThrow(UserInactiveError);
    await expect(kit.sessions.countActive(kit.clock.now())).resolves.toBe(0);
  });
});
