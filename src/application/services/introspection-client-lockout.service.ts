import { Injectable } from '@nestjs/common';
import { TooManyAttemptsError } from '../../domain/errors/too-many-attempts.error.js';
import { Clock } from '../../domain/ports/clock.js';
import { LoginAttemptRepository } from '../../domain/ports/login-attempt.repository.js';
import { AuthConfig } from '../auth-config.js';
import { attemptKey } from './attempt-key.js';

const MESSAGE = 'Too many failed client authentications; try again later';

/**
 * Failed introspection-client authentications, per source (IP) and per client id, in the attempt
 * store (shared by every instance on MongoDB). The secret comparison itself costs nothing, so it
 * runs first; what is bounded is what a guesser learns:
 * - a failure takes an attempt of its source (atomically): past `maxFailuresPerSource` it is a 429,
 *   so no source sees more than that many 401s per window;
 * - a success only looks (`peek`): a locked source is refused even with the right secret, and a
 *   right guess counts as accepted only if fewer than the limit of failures preceded it;
 * - a client id past `maxFailuresPerClient` (guesses from many sources) is refused to every source
 *   that failed within its window. The real client, which does not fail, keeps being served: a
 *   lock on the id alone would let anyone who knows a client id cut a resource server off.
 */
@Injectable()
export class IntrospectionClientLockout {
  constructor(
    private readonly config: AuthConfig,
    private readonly attempts: LoginAttemptRepository,
    private readonly clock: Clock,
  ) {}

  /** Counts a failed authentication; throws `TooManyAttemptsError` when it is one too many. */
  async recordFailure(clientId: string | null, source: string): Promise<void> {
    const lockout = this.config.introspectionLockout;
    if (lockout === null) return;
    const now = this.clock.now();
    const bySource = await this.attempts.reserve(
      sourceKey(source),
      now,
      lockout.perSource,
    );
    if (!bySource.granted) throw locked(bySource.lockedUntil, now);
    // Only failures a source was allowed are counted per id: one source cannot fill the store
    // with made-up client ids.
    if (clientId === null) return;
    const byClient = await this.attempts.reserve(
      clientKey(clientId),
      now,
      lockout.perClient,
    );
    if (!byClient.granted) throw locked(byClient.lockedUntil, now);
  }

  /** Lets an authenticated client through, unless its source or its id is locked for it. */
  async admit(clientId: string, source: string): Promise<void> {
    if (this.config.introspectionLockout === null) return;
    const now = this.clock.now();
    const [bySource, byClient] = await Promise.all([
      this.attempts.peek(sourceKey(source), now),
      this.attempts.peek(clientKey(clientId), now),
    ]);
    if (bySource.lockedUntil !== null) throw locked(bySource.lockedUntil, now);
    if (byClient.lockedUntil !== null && bySource.attempts > 0) {
      throw locked(byClient.lockedUntil, now);
    }
  }
}

function sourceKey(source: string): string {
  return attemptKey(`introspection-source:${source}`);
}

function clientKey(clientId: string): string {
  return attemptKey(`introspection-client:${clientId}`);
}

function locked(until: Date, now: Date): TooManyAttemptsError {
  return new TooManyAttemptsError(
    (until.getTime() - now.getTime()) / 1000,
    MESSAGE,
  );
}
