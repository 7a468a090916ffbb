import { PasswordHasher } from '../../domain/ports/password-hasher.js';
import { ConcurrencyGate } from './concurrency-gate.js';

/**
 * Runs another hasher's expensive calls (hash, verify, dummy verify) through a bounded
 * `ConcurrencyGate`; `needsRehash` is a cheap string check and bypasses it.
 */
export class GatedPasswordHasher extends PasswordHasher {
  constructor(
    private readonly inner: PasswordHasher,
    readonly gate: ConcurrencyGate,
  ) {
    super();
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => this.inner.hash(password));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.gate.run(() => this.inner.verify(hash, password));
  }

  needsRehash(hash: string): boolean {
    return this.inner.needsRehash(hash);
  }

  verifyDummy(password: string): Promise<void> {
    return this.gate.run(() => this.inner.verifyDummy(password));
  }
}
