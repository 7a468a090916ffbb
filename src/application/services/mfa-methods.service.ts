import { Injectable } from '@nestjs/common';
import type {
  MfaMethod,
  MfaMethodSource,
} from '../../domain/ports/mfa-method-source.js';

/**
 * Which second factors a user has, over every registered `MfaMethodSource` (TOTP, passkeys, ...).
 * A factor store registers itself once at start-up (`onModuleInit`); login asks `methodsOf`.
 */
@Injectable()
export class MfaMethodsService {
  private readonly sources: MfaMethodSource[] = [];

  /** Adds a factor store; its methods count from the next login on. */
  register(source: MfaMethodSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  /** Every method the user has, each once, in registration order; [] when the user has none. */
  async methodsOf(userId: string): Promise<readonly MfaMethod[]> {
    const lists = await Promise.all(
      this.sources.map((source) => source.methodsOf(userId)),
    );
    return [...new Set(lists.flat())];
  }

  /**
   * Removes every factor of `userId` from every registered source that can reset (an admin
   * reset); all sources are asked even when one fails, then the first failure is thrown.
   */
  async resetAll(userId: string): Promise<void> {
    const results = await Promise.allSettled(
      this.sources.map(async (source) => source.reset?.(userId)),
    );
    const failed = results.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    if (failed) throw failed.reason;
  }
}
