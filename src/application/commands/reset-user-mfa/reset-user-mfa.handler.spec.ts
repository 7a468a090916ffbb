import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import type { MfaMethod } from '../../../domain/ports/mfa-method-source.js';
import { StorageUnavailableError } from '../../../domain/errors/storage-unavailable.error.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { MfaReset } from '../../dtos/mfa-reset.dto.js';
import { MfaResetEvent } from '../../events/mfa-reset.event.js';
import { ResetUserMfaCommand } from './reset-user-mfa.command.js';

/** A factor store holding `methods` per user, as the TOTP and passkey stores do. */
function factorStore(methods: MfaMethod[]) {
  const users = new Set<string>();
  return {
    users,
    failing: false,
    methodsOf: async (userId: string) =>
      users.has(userId) ? methods : ([] as MfaMethod[]),
    async reset(userId: string) {
      if (this.failing) throw new StorageUnavailableError();
      users.delete(userId);
    },
  };
}

describe('ResetUserMfaHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let sessions: AuthTokens[];
  let totp: ReturnType<typeof factorStore>;
  let passkeys: ReturnType<typeof factorStore>;
  const reset = (id: string) =>
    kit.handlers.resetUserMfa.execute(
      new ResetUserMfaCommand(id, {
        actorId: 'admin-1',
        reason: 'lost phone',
        requestId: 'req-1',
      }),
    );

  beforeEach(async () => {
    const started = await createKitWithSession();
    kit = started.kit;
    userId = started.user.id;
    sessions = [started.tokens, await kit.issueTokens(userId)];
    totp = factorStore(['totp', 'recovery_code']);
    passkeys = factorStore(['webauthn']);
    kit.mfaMethods.register(totp);
    kit.mfaMethods.register(passkeys);
    // A store that cannot reset is skipped, not an error.
    kit.mfaMethods.register({ methodsOf: async () => [] });
    totp.users.add(userId);
    passkeys.users.add(userId);
    kit.events.clear();
  });

  it("removes the user's factors from every store and revokes every session", async () => {
    const other = await kit.registerAndIssueTokens();
    totp.users.add(other.user.id);

    await expect(reset(userId)).resolves.toEqual(new MfaReset(userId, 2));

    expect(await kit.mfaMethods.methodsOf(userId)).toEqual([]);
    expect(await kit.mfaMethods.methodsOf(other.user.id)).toEqual([
      'totp',
      'recovery_code',
    ]);
    for (const tokens of sessions) {
      await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
        TokenVersionRejectedError,
      );
      await expect(kit.refresh(tokens.refreshToken)).rejects.toThrow(
        TokenRevokedError,
      );
      expect(await kit.sessions.findById(tokens.sessionId)).toMatchObject({
        revocationReason: 'mfa_reset',
      });
    }
    await expect(
      kit.validator.validate(other.tokens.accessToken),
    ).resolves.toBeDefined();
  });

  it('publishes MfaResetEvent and records mfa_reset (and the revocation) in the audit trail', async () => {
    await reset(userId);
    expect(kit.events.ofType(MfaResetEvent)).toEqual([
      new MfaResetEvent(
        userId,
        2,
        { actorId: 'admin-1', reason: 'lost phone', requestId: 'req-1' },
        kit.clock.now(),
      ),
    ]);
    const records = await kit.auditLog.list({ skip: 0, limit: 10 });
    expect(records.map((r) => r.action).sort()).toEqual([
      'all_sessions_revoked',
      'mfa_reset',
    ]);
    expect(records.find((r) => r.action === 'mfa_reset')).toMatchObject({
      actorId: 'admin-1',
      subjectId: userId,
      reason: 'lost phone',
      requestId: 'req-1',
      details: { revokedSessions: 2 },
    });
    expect(
      records.find((r) => r.action === 'all_sessions_revoked'),
    ).toMatchObject({ actorId: 'admin-1', reason: 'mfa_reset' });
  });

  it('answers not found for an unknown user, and changes nothing', async () => {
    await expect(reset('no-such-user')).rejects.toThrow(UserNotFoundError);
    expect(await kit.mfaMethods.methodsOf(userId)).toEqual([
      'totp',
      'recovery_code',
      'webauthn',
    ]);
    expect(await kit.auditLog.count()).toBe(0);
    await expect(
      kit.validator.validate(sessions[0].accessToken),
    ).resolves.toBeDefined();
  });

  it('with a failing store: sessions already revoked, the other store reset, no mfa_reset record; a retry finishes', async () => {
    totp.failing = true;
    await expect(reset(userId)).rejects.toThrow(StorageUnavailableError);
    await expect(kit.refresh(sessions[0].refreshToken)).rejects.toThrow(
      TokenRevokedError,
    );
    expect(await kit.mfaMethods.methodsOf(userId)).toEqual([
      'totp',
      'recovery_code',
    ]);
    expect(kit.events.ofType(MfaResetEvent)).toEqual([]);

    totp.failing = false;
    await expect(reset(userId)).resolves.toEqual(new MfaReset(userId, 0));
    expect(await kit.mfaMethods.methodsOf(userId)).toEqual([]);
    expect(kit.events.ofType(MfaResetEvent)).toHaveLength(1);
  });
});
