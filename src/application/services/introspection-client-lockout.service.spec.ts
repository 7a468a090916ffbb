import { describe, expect, it, vi } from 'vitest';
import { resolveAuthOptions } from '../../module/auth/auth.options-resolver.js';
import { TooManyAttemptsError } from '../../domain/errors/too-many-attempts.error.js';
import { ManualClock } from '../../infrastructure/clock/manual.clock.js';
import { MemoryLoginAttemptRepository } from '../../infrastructure/persistence/memory/memory-login-attempt.repository.js';
import { KIT_SECRET } from '../../../test/support/handler-kit.js';
import type { AuthModuleOptions } from '../../module/auth/auth.options.js';
import { IntrospectionClientLockout } from './introspection-client-lockout.service.js';

function lockoutWith(
  introspectionLockout: AuthModuleOptions['introspectionLockout'],
) {
  const attempts = new MemoryLoginAttemptRepository();
  const clock = new ManualClock();
  const { config } = resolveAuthOptions({
    secret: KIT_SECRET,
    introspectionLockout,
  });
  return {
    attempts,
    clock,
    lockout: new IntrospectionClientLockout(config, attempts, clock),
  };
}

async function failures(
  lockout: IntrospectionClientLockout,
  times: number,
  clientId: string | null,
  source: string,
): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (let i = 0; i < times; i += 1) {
    outcomes.push(
      await lockout.recordFailure(clientId, source).catch((e: unknown) => e),
    );
  }
  return outcomes;
}

describe('IntrospectionClientLockout', () => {
  it('allows maxFailuresPerSource failures, then refuses the source for lockoutSeconds, the right secret too', async () => {
    const { lockout, clock } = lockoutWith({ maxFailuresPerSource: 3 });

    const outcomes = await failures(lockout, 4, 'billing', '10.0.0.1');

    expect(outcomes.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[3]).toBeInstanceOf(TooManyAttemptsError);
    expect(outcomes[3]).toMatchObject({
      retryAfterSeconds: 60,
      message: 'Too many failed client authentications; try again later',
    });
    await expect(lockout.admit('billing', '10.0.0.1')).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
    await expect(lockout.admit('billing', '10.0.0.2')).resolves.toBeUndefined();
    clock.advanceSeconds(60);
    await expect(lockout.admit('billing', '10.0.0.1')).resolves.toBeUndefined();
  });

  it('past maxFailuresPerClient, refuses the id to sources that failed and serves those that did not', async () => {
    const { lockout } = lockoutWith({
      maxFailuresPerSource: 2,
      maxFailuresPerClient: 3,
    });
    await failures(lockout, 2, 'billing', '10.0.0.1');
    await failures(lockout, 1, 'billing', '10.0.0.2');

    await expect(lockout.admit('billing', '10.0.0.1')).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
    await expect(lockout.admit('billing', '10.0.0.2')).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
    await expect(lockout.admit('billing', '10.0.0.3')).resolves.toBeUndefined();
    // Another client is not affected, even from a source that failed for billing.
    await expect(lockout.admit('reports', '10.0.0.2')).resolves.toBeUndefined();
  });

  it('does not count per id the failures a locked source was refused: one source cannot fill the store with made-up ids', async () => {
    const { lockout, attempts } = lockoutWith({ maxFailuresPerSource: 2 });
    const reserve = vi.spyOn(attempts, 'reserve');

    for (let i = 0; i < 10; i += 1) {
      await lockout.recordFailure(`made-up-${i}`, '10.0.0.9').catch(() => {});
    }

    // 10 reservations of the source, and one per id only for the 2 failures it was allowed.
    expect(reserve).toHaveBeenCalledTimes(12);
  });

  it('does nothing with introspectionLockout: false', async () => {
    const { lockout, attempts } = lockoutWith(false);
    const reserve = vi.spyOn(attempts, 'reserve');
    const peek = vi.spyOn(attempts, 'peek');

    await failures(lockout, 50, 'billing', '10.0.0.1');
    await lockout.admit('billing', '10.0.0.1');

    expect(reserve).not.toHaveBeenCalled();
    expect(peek).not.toHaveBeenCalled();
  });
});
