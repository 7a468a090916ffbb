import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { MemorySessionRepository } from '../../../infrastructure/persistence/memory/memory-session.repository.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
// Errors in the order the cases below meet them.
import { RefreshTokenSupersededError } from '../../../domain/errors/refresh-token-superseded.error.js';
import { RefreshTokenReusedError } from '../../../domain/errors/refresh-token-reused.error.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../../domain/errors/token-expired.error.js';
import { UserInactiveError } from '../../../domain/errors/user-inactive.error.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { RefreshTokenReuseDetectedEvent } from '../../events/refresh-token-reuse-detected.event.js';
import { TokensRefreshedEvent } from '../../events/tokens-refreshed.event.js';
import { RevokeSessionCommand } from '../revoke-session/revoke-session.command.js';
import { RefreshAuthTokensCommand } from './refresh-auth-tokens.command.js';
import { GenerateAuthTokensCommand } from '../generate-auth-tokens/generate-auth-tokens.command.js';
import { TriggerGlobalTokenRotationCommand } from '../trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { TriggerUserTokenRotationCommand } from '../trigger-user-token-rotation/trigger-user-token-rotation.command.js';

const REUSE_INTERVAL_S = 10;
const REFRESH_TTL_S = 7 * 86_400;
const GRACE_S = 300;

describe('RefreshAuthTokensHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let first: AuthTokens;

  const claimsOf = (tokens: AuthTokens) =>
    kit.signer.verify(tokens.accessToken, kit.clock.now());
  const rotateGlobally = (grace?: number) =>
    kit.handlers.triggerGlobalTokenRotation.execute(
      new TriggerGlobalTokenRotationCommand(grace),
    );

  beforeEach(async () => {
    const started = await createKitWithSession({
      refreshReuseIntervalSeconds: REUSE_INTERVAL_S,
      refreshTokenTtlSeconds: REFRESH_TTL_S,
      globalGracePeriodSeconds: GRACE_S,
    });
    ({ kit, tokens: first } = started);
    userId = started.user.id;
  });

  describe('rotation', () => {
    it('exchanges the refresh token for a new pair in the same session', async () => {
      kit.clock.advanceSeconds(60);
      const second = await kit.refresh(first.refreshToken);
      expect(second.sessionId).toBe(first.sessionId);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(await claimsOf(second)).toMatchObject({
        sub: userId,
        sid: first.sessionId,
        gv: 1,
        uv: 1,
      });
      expect((await claimsOf(second)).iat).toBe(
        kit.clock.now().getTime() / 1000,
      );
      await expect(
        kit.validator.validate(second.accessToken),
      ).resolves.toBeDefined();
    });

    it('stores only the new hash and remembers the old one for reuse detection', async () => {
      const second = await kit.refresh(first.refreshToken);
      const session = await kit.sessions.findById(first.sessionId);
      expect(session).toMatchObject({
        refreshTokenHash: kit.refreshTokens.hash(second.refreshToken),
        previousRefreshTokenHashes: [
          kit.refreshTokens.hash(first.refreshToken),
        ],
        lastRotatedAt: kit.clock.now(),
      });
      expect(JSON.stringify(session)).not.toContain(second.refreshToken);
    });

    it('slides the session expiry forward at every rotation', async () => {
      kit.clock.advanceSeconds(REFRESH_TTL_S - 60);
      const second = await kit.refresh(first.refreshToken);
      kit.clock.advanceSeconds(REFRESH_TTL_S - 60);
      await expect(kit.refresh(second.refreshToken)).resolves.toBeDefined();
    });

    it('publishes TokensRefreshed without any token', async () => {
      const second = await kit.refresh(first.refreshToken);
      expect(kit.events.published).toEqual([
        new TokensRefreshedEvent(userId, first.sessionId, kit.clock.now()),
      ]);
      expect(JSON.stringify(kit.events.published)).not.toContain(
        second.refreshToken,
      );
    });

    it('carries the user’s current roles into the new access token', async () => {
      await kit.users.updateStatus(
        userId,
        { roles: ['auditor'] },
        false,
        kit.clock.now(),
      );
      expect(
        (await claimsOf(await kit.refresh(first.refreshToken))).roles,
      ).toEqual(['auditor']);
    });
  });

  describe('amr and auth_time', () => {
    it("carries the login's amr and auth_time, never the refresh time", async () => {
      const loginClaims = await claimsOf(first);
      expect(loginClaims.amr).toEqual(['pwd']);
      kit.clock.advanceSeconds(3600);
      const second = await kit.refresh(first.refreshToken);
      const claims = await claimsOf(second);
      expect(claims.amr).toEqual(['pwd']);
      expect(claims.auth_time).toBe(loginClaims.auth_time);
      expect(claims.iat).toBe((loginClaims.iat as number) + 3600);
    });

    it('keeps an MFA login MFA through rotations and the repeat inside the interval', async () => {
      const authTime = kit.clock.now();
      kit.clock.advanceSeconds(5);
      const mfa = await kit.handlers.generateAuthTokens.execute(
        new GenerateAuthTokensCommand(userId, undefined, null, {
          amr: ['pwd', 'otp', 'mfa'],
          authTime,
        }),
      );
      const expected = {
        amr: ['pwd', 'otp', 'mfa'],
        auth_time: authTime.getTime() / 1000,
      };
      expect(await claimsOf(mfa)).toMatchObject(expected);
      kit.clock.advanceSeconds(600);
      const second = await kit.refresh(mfa.refreshToken);
      expect(await claimsOf(second)).toMatchObject(expected);
      kit.clock.advanceSeconds(600);
      const third = await kit.refresh(second.refreshToken);
      expect(await claimsOf(third)).toMatchObject(expected);
      const repeat = await kit.refresh(second.refreshToken);
      expect(repeat.refreshToken).toBe(third.refreshToken);
      expect(await claimsOf(repeat)).toMatchObject(expected);
      // The password session of the same user is not upgraded by it.
      expect(
        (await claimsOf(await kit.refresh(first.refreshToken))).amr,
      ).toEqual(['pwd']);
    });

    it('omits both for a session stored before they were recorded', async () => {
      const sessions = kit.sessions as MemorySessionRepository;
      const stored = (await sessions.findById(first.sessionId))!;
      Object.assign(stored, { amr: null, authTime: null });
      const claims = await claimsOf(await kit.refresh(first.refreshToken));
      expect(claims.sub).toBe(userId);
      expect(claims).not.toHaveProperty('amr');
      expect(claims).not.toHaveProperty('auth_time');
    });
  });

  describe('reuse detection', () => {
    it('answers a repeat of the just-rotated token inside the interval with the same successor', async () => {
      const second = await kit.refresh(first.refreshToken);
      kit.clock.advanceSeconds(REUSE_INTERVAL_S);
      const repeat = await kit.refresh(first.refreshToken);
      expect(repeat.refreshToken).toBe(second.refreshToken);
      expect(repeat.sessionId).toBe(first.sessionId);
      expect(repeat.accessToken).not.toBe(second.accessToken);
      await expect(
        kit.validator.validate(repeat.accessToken),
      ).resolves.toBeDefined();
      expect((await kit.sessions.findById(first.sessionId))!.isRevoked).toBe(
        false,
      );
      expect(kit.events.ofType(RefreshTokenReuseDetectedEvent)).toEqual([]);
      await expect(
        kit.validator.validate(second.accessToken),
      ).resolves.toBeDefined();
      await expect(kit.refresh(second.refreshToken)).resolves.toBeDefined();
    });

    it('stores the successor only sealed: neither it nor the presented token is in the session', async () => {
      const second = await kit.refresh(first.refreshToken);
      const stored = JSON.stringify(
        await kit.sessions.findById(first.sessionId),
      );
      expect(stored).not.toContain(second.refreshToken);
      expect(stored).not.toContain(first.refreshToken);
    });

    it('refuses the repeat (superseded, session kept) when nothing was sealed for it', async () => {
      await kit.refresh(first.refreshToken);
      // A session rotated before sealing existed, or by a password change.
      const session = (await kit.sessions.findById(first.sessionId))!;
      Object.assign(session, { sealedSuccessor: null });
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        RefreshTokenSupersededError,
      );
      expect((await kit.sessions.findById(first.sessionId))!.isRevoked).toBe(
        false,
      );
    });

    it('revokes the whole family when the old token comes back after the interval', async () => {
      const second = await kit.refresh(first.refreshToken);
      kit.clock.advanceSeconds(REUSE_INTERVAL_S + 1);
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        RefreshTokenReusedError,
      );
      expect(await kit.sessions.findById(first.sessionId)).toMatchObject({
        revokedAt: kit.clock.now(),
        revocationReason: 'refresh_token_reuse',
      });
      expect(kit.events.ofType(RefreshTokenReuseDetectedEvent)).toEqual([
        new RefreshTokenReuseDetectedEvent(
          userId,
          first.sessionId,
          kit.clock.now(),
        ),
      ]);
      // The legitimate holder's current tokens die with the family, access token included.
      await expect(kit.refresh(second.refreshToken)).rejects.toThrow(
        TokenRevokedError,
      );
      await expect(kit.validator.validate(second.accessToken)).rejects.toThrow(
        TokenRevokedError,
      );
    });

    it('treats an older generation as reuse even inside the interval', async () => {
      const second = await kit.refresh(first.refreshToken);
      await kit.refresh(second.refreshToken);
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        RefreshTokenReusedError,
      );
      expect(
        (await kit.sessions.findById(first.sessionId))!.revocationReason,
      ).toBe('refresh_token_reuse');
    });

    it('records the detection in the audit trail with the replaying request id, never a token', async () => {
      await kit.refresh(first.refreshToken);
      kit.clock.advanceSeconds(REUSE_INTERVAL_S + 1);
      await expect(
        kit.handlers.refreshAuthTokens.execute(
          new RefreshAuthTokensCommand(first.refreshToken, 'replay-1'),
        ),
      ).rejects.toThrow(RefreshTokenReusedError);
      const records = await kit.auditLog.list({ skip: 0, limit: 10 });
      expect(records).toEqual([
        expect.objectContaining({
          action: 'refresh_token_reuse_detected',
          actorId: null,
          subjectId: userId,
          reason: 'refresh_token_reuse',
          requestId: 'replay-1',
          occurredAt: kit.clock.now(),
          details: { sessionId: first.sessionId, sessionRevoked: true },
        }),
      ]);
      const stored = JSON.stringify(records);
      expect(stored).not.toContain(first.refreshToken);
      expect(stored).not.toContain(kit.refreshTokens.hash(first.refreshToken));
      expect(kit.events.ofType(RefreshTokenReuseDetectedEvent)).toEqual([
        new RefreshTokenReuseDetectedEvent(
          userId,
          first.sessionId,
          kit.clock.now(),
          'replay-1',
        ),
      ]);
    });

    it('records nothing for a refresh, a retry inside the interval or a replay into a revoked family', async () => {
      const second = await kit.refresh(first.refreshToken);
      await expect(kit.refresh(first.refreshToken)).resolves.toMatchObject({
        refreshToken: second.refreshToken,
      });
      await kit.handlers.revokeSession.execute(
        new RevokeSessionCommand(userId, second.sessionId),
      );
      kit.clock.advanceSeconds(REUSE_INTERVAL_S + 1);
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenRevokedError,
      );
      expect(await kit.auditLog.count()).toBe(0);
    });

    it('reports a replay into an already revoked family as revoked, once', async () => {
      await kit.refresh(first.refreshToken);
      kit.clock.advanceSeconds(REUSE_INTERVAL_S + 1);
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        RefreshTokenReusedError,
      );
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenRevokedError,
      );
      expect(kit.events.ofType(RefreshTokenReuseDetectedEvent)).toHaveLength(1);
    });

    it('gives every one of several concurrent refreshes with one token the same successor', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => kit.refresh(first.refreshToken)),
      );
      expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
      expect(new Set(results.map((r) => r.sessionId))).toEqual(
        new Set([first.sessionId]),
      );
      // The repeats were retries, not theft: the session and the successor live on.
      expect((await kit.sessions.findById(first.sessionId))!.isRevoked).toBe(
        false,
      );
      const winner: AuthTokens = results[0]!;
      await expect(kit.refresh(winner.refreshToken)).resolves.toBeDefined();
    });
  });

  describe('refused tokens', () => {
    it('refuses an unknown token', async () => {
      await expect(kit.refresh('not-a-token-we-issued')).rejects.toThrow(
        InvalidTokenError,
      );
    });

    it('refuses a token whose session expired', async () => {
      kit.clock.advanceSeconds(REFRESH_TTL_S);
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenExpiredError,
      );
    });

    it('refuses the token of a logged-out session', async () => {
      await kit.handlers.revokeSession.execute(
        new RevokeSessionCommand(userId, first.sessionId),
      );
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenRevokedError,
      );
    });

    it('refuses the token of a deactivated user', async () => {
      await kit.users.updateStatus(
        userId,
        { isActive: false },
        false,
        kit.clock.now(),
      );
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        UserInactiveError,
      );
    });

    it('refuses after the user version was bumped', async () => {
      await kit.handlers.triggerUserTokenRotation.execute(
        new TriggerUserTokenRotationCommand(userId),
      );
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenVersionRejectedError,
      );
    });

    it('does not rotate a refused token', async () => {
      const before = await kit.sessions.findById(first.sessionId);
      await kit.handlers.triggerUserTokenRotation.execute(
        new TriggerUserTokenRotationCommand(userId),
      );
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenVersionRejectedError,
      );
      const after = await kit.sessions.findById(first.sessionId);
      expect(after!.refreshTokenHash).toBe(before!.refreshTokenHash);
    });
  });

  describe('global rotation', () => {
    it('re-issues at the new global version inside the grace window', async () => {
      await rotateGlobally();
      kit.clock.advanceSeconds(GRACE_S - 1);
      const second = await kit.refresh(first.refreshToken);
      expect((await claimsOf(second)).gv).toBe(2);
      expect(
        (await kit.sessions.findById(first.sessionId))!.globalVersion,
      ).toBe(2);
      // The re-issued pair outlives the grace window.
      kit.clock.advanceSeconds(2);
      await expect(
        kit.validator.validate(second.accessToken),
      ).resolves.toBeDefined();
      await expect(kit.refresh(second.refreshToken)).resolves.toBeDefined();
    });

    it('refuses after the grace window: the session must log in again', async () => {
      await rotateGlobally();
      kit.clock.advanceSeconds(GRACE_S);
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenVersionRejectedError,
      );
    });

    it('refuses at once after a rotation without grace', async () => {
      await rotateGlobally(0);
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenVersionRejectedError,
      );
    });

    it('reads the global version from storage, not from a stale cache', async () => {
      // Another instance rotates without grace: only storage knows.
      await kit.rotationState.rotate({
        now: kit.clock.now(),
        graceEndsAt: kit.clock.now(),
        reason: null,
        rotatedBy: null,
      });
      await expect(kit.refresh(first.refreshToken)).rejects.toThrow(
        TokenVersionRejectedError,
      );
    });
  });

  describe('with refreshReuseIntervalSeconds: 0', () => {
    it('a request that lost the race to the rotation of its own token is superseded, not reuse', async () => {
      // The fast request reads at T0 and writes late; the slow one reads at T0 + 1 s, while the
      // token is still current, and writes after the fast one: its compare-and-swap loses.
      const gates = [new Gate(), new Gate()];
      let gating = false;
      let calls = 0;
      class GatedSessions extends MemorySessionRepository {
        override async rotate(
          ...args: Parameters<MemorySessionRepository['rotate']>
        ) {
          if (gating) await gates[calls++]!.passed;
          return super.rotate(...args);
        }
      }
      const sessions = new GatedSessions();
      const zero = createHandlerKit(
        { refreshReuseIntervalSeconds: 0 },
        { sessions },
      );
      const { tokens } = await zero.registerAndIssueTokens();
      gating = true;
      const fast = zero.refresh(tokens.refreshToken);
      await until(() => calls === 1);
      zero.clock.advanceSeconds(1);
      const slow = zero.refresh(tokens.refreshToken);
      await until(() => calls === 2);
      gates[0]!.open();
      const won = await fast;
      gates[1]!.open();

      await expect(slow).rejects.toThrow(RefreshTokenSupersededError);
      expect((await sessions.findById(tokens.sessionId))!.isRevoked).toBe(
        false,
      );
      gating = false;
      await expect(zero.refresh(won.refreshToken)).resolves.toBeDefined();
    });
  });
});

/** A promise that resolves once `open()` is called. */
class Gate {
  open: () => void = () => undefined;
  readonly passed = new Promise<void>((resolve) => (this.open = resolve));
}

/** Resolves once `condition` holds (checked on each turn of the event loop). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
