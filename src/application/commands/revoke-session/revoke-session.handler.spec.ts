import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { SessionRevokedEvent } from '../../events/session-revoked.event.js';
import { RevokeSessionCommand } from './revoke-session.command.js';

describe('RevokeSessionHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let tokens: AuthTokens;
  const revoke = (byUser: string, sessionId: string) =>
    kit.handlers.revokeSession.execute(
      new RevokeSessionCommand(byUser, sessionId),
    );

  beforeEach(async () => {
    // A started instance: "at once" below means without waiting for any poll.
    const started = await createKitWithSession();
    ({ kit, tokens } = started);
    userId = started.user.id;
  });

  it('logs the session out: its access and refresh tokens stop working at once', async () => {
    await revoke(userId, tokens.sessionId);
    await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
      TokenRevokedError,
    );
    await expect(kit.refresh(tokens.refreshToken)).rejects.toThrow(
      TokenRevokedError,
    );
    expect(await kit.sessions.findById(tokens.sessionId)).toMatchObject({
      revokedAt: kit.clock.now(),
      revocationReason: 'logout',
    });
    expect(kit.events.published).toEqual([
      new SessionRevokedEvent(
        userId,
        tokens.sessionId,
        'logout',
        kit.clock.now(),
      ),
    ]);
  });

  it('leaves the user’s other sessions alone', async () => {
    const other = await kit.issueTokens(userId);
    await revoke(userId, tokens.sessionId);
    await expect(
      kit.validator.validate(other.accessToken),
    ).resolves.toBeDefined();
    await expect(kit.refresh(other.refreshToken)).resolves.toBeDefined();
  });

  it('never revokes another user’s session', async () => {
    const mallory = await kit.registerUser();
    await revoke(mallory.user.id, tokens.sessionId);
    expect((await kit.sessions.findById(tokens.sessionId))!.isRevoked).toBe(
      false,
    );
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).resolves.toBeDefined();
    expect(kit.events.ofType(SessionRevokedEvent)).toEqual([]);
  });

  it('is idempotent: a second logout succeeds quietly and keeps the first revocation', async () => {
    await revoke(userId, tokens.sessionId);
    const firstRevokedAt = kit.clock.now();
    kit.clock.advanceSeconds(30);
    await expect(revoke(userId, tokens.sessionId)).resolves.toBeUndefined();
    expect((await kit.sessions.findById(tokens.sessionId))!.revokedAt).toEqual(
      firstRevokedAt,
    );
    expect(kit.events.ofType(SessionRevokedEvent)).toHaveLength(1);
    await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
      TokenRevokedError,
    );
  });

  it('succeeds quietly for an unknown session', async () => {
    await expect(revoke(userId, 'no-such-session')).resolves.toBeUndefined();
    expect(kit.events.published).toEqual([]);
  });
});
