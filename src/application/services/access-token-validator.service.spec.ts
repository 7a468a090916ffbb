import { describe, expect, it, vi } from 'vitest';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../domain/errors/token-version-rejected.error.js';
import { RevokeSessionCommand } from '../commands/revoke-session/revoke-session.command.js';
import { TriggerUserTokenRotationCommand } from '../commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
import { createKitWithSession } from '../../../test/support/handler-kit.js';
import type { AccessTokenCodec } from './access-token-codec.service.js';

/** Signatures the codec checked, by either of its paths (`verifyNow` answers, else `verify`). */
function countVerifications(signer: AccessTokenCodec): () => number {
  const now = vi.spyOn(signer, 'verifyNow');
  const later = vi.spyOn(signer, 'verify');
  return () =>
    now.mock.results.filter((r) => r.type === 'throw' || r.value !== undefined)
      .length + later.mock.calls.length;
}

describe('AccessTokenValidator: the verified-token cache', () => {
  it('verifies a token once, then answers repeats from the cache', async () => {
    const { kit, tokens } = await createKitWithSession();
    const verifications = countVerifications(kit.signer);
    const first = await kit.validator.validate(tokens.accessToken);
    const second = await kit.validator.validate(tokens.accessToken);
    expect(second.claims).toEqual(first.claims);
    expect(verifications()).toBe(1);
    expect(kit.validator.cachedTokens).toBe(1);
  });

  it('still applies logout to a cached token', async () => {
    const { kit, user, tokens } = await createKitWithSession();
    await kit.validator.validate(tokens.accessToken);
    await kit.handlers.revokeSession.execute(
      new RevokeSessionCommand(user.id, tokens.sessionId),
    );
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).rejects.toBeInstanceOf(TokenRevokedError);
  });

  it('still applies a per-user rotation to a cached token', async () => {
    const { kit, user, tokens } = await createKitWithSession();
    await kit.validator.validate(tokens.accessToken);
    await kit.handlers.triggerUserTokenRotation.execute(
      new TriggerUserTokenRotationCommand(user.id),
    );
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).rejects.toBeInstanceOf(TokenVersionRejectedError);
  });

  it('never serves a cached token past its exp (plus the clock tolerance)', async () => {
    const { kit, tokens } = await createKitWithSession();
    await kit.validator.validate(tokens.accessToken);
    kit.clock.advanceSeconds(
      kit.config.accessTokenTtlSeconds + kit.config.clockToleranceSeconds - 1,
    );
    await kit.revocation.refresh();
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).resolves.toBeDefined();
    kit.clock.advanceSeconds(1);
    await expect(
      kit.validator.validate(tokens.accessToken),
    ).rejects.toBeInstanceOf(TokenExpiredError);
    expect(kit.validator.cachedTokens).toBe(0);
  });

  it('holds at most verifiedTokenCacheMaxEntries tokens', async () => {
    const { kit, user } = await createKitWithSession({
      verifiedTokenCacheMaxEntries: 3,
    });
    for (let i = 0; i < 8; i += 1) {
      const pair = await kit.issueTokens(user.id);
      await kit.validator.validate(pair.accessToken);
    }
    expect(kit.validator.cachedTokens).toBe(3);
  });

  it('caches nothing when disabled, and never caches a token that failed verification', async () => {
    const { kit, tokens } = await createKitWithSession({
      verifiedTokenCacheMaxEntries: 0,
    });
    const verifications = countVerifications(kit.signer);
    await kit.validator.validate(tokens.accessToken);
    await kit.validator.validate(tokens.accessToken);
    expect(verifications()).toBe(2);
    expect(kit.validator.cachedTokens).toBe(0);

    const other = await createKitWithSession();
    const forged = `${other.tokens.accessToken.slice(0, -4)}AAAA`;
    await expect(other.kit.validator.validate(forged)).rejects.toThrow();
    expect(other.kit.validator.cachedTokens).toBe(0);
  });

  it('admits only tokens seen before while the full cache hardly hits, and still caches a repeat', async () => {
    const { kit, user } = await createKitWithSession({
      verifiedTokenCacheMaxEntries: 2,
    });
    // More distinct tokens than a hit-rate sample, each once: the cache is full and never hits.
    const distinct = await Promise.all(
      Array.from({ length: 1100 }, () => kit.issueTokens(user.id)),
    );
    for (const tokens of distinct)
      await kit.validator.validate(tokens.accessToken);

    const verifications = countVerifications(kit.signer);
    const fresh = await kit.issueTokens(user.id);
    await kit.validator.validate(fresh.accessToken);
    await kit.validator.validate(fresh.accessToken);
    await kit.validator.validate(fresh.accessToken);
    // Seen once: verified, not cached; seen again: verified and cached; then answered from it.
    expect(verifications()).toBe(2);
  });
});
