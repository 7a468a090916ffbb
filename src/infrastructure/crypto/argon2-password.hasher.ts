import * as argon2 from 'argon2';
import { PasswordHasher } from '../../domain/ports/password-hasher.js';

/** argon2id cost parameters. */
export interface Argon2Options {
  /** KiB of memory per hash. */
  readonly memoryCost: number;
  /** Passes over memory. */
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP Password Storage Cheat Sheet's argon2id baseline (m=19 MiB, t=2, p=1). */
export const OWASP_ARGON2_OPTIONS: Argon2Options = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

// PHC string header. Parameter order varies: the reference CLI writes m,t,p while the `argon2`
// package writes them sorted (m,p,t), so they are read by name.
const ARGON2_HEADER =
  /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/;

/** argon2id through the `argon2` native binding (runs on libuv's thread pool, off the event loop). */
export class Argon2PasswordHasher extends PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly options: Argon2Options = OWASP_ARGON2_OPTIONS) {
    super();
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.options });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A corrupt or foreign hash must read as "wrong password", never as a 500.
      return false;
    }
  }

  /** True only for hashes weaker than the current settings; stronger ones are left alone. */
  needsRehash(hash: string): boolean {
    const match = ARGON2_HEADER.exec(hash);
    if (match === null) return true;
    const [, type, version, list] = match;
    const params = new Map(
      list.split(',').map((pair) => pair.split('=') as [string, string]),
    );
    const m = Number(params.get('m'));
    const t = Number(params.get('t'));
    // Written as !(x >= min) so a missing parameter (NaN) also asks for a rehash.
    return (
      type !== 'argon2id' ||
      Number(version) < 0x13 ||
      !(m >= this.options.memoryCost) ||
      !(t >= this.options.timeCost)
    );
  }

  async verifyDummy(password: string): Promise<void> {
    // Made once per process with the live parameters, so its cost matches a real verify.
    this.dummyHash ??= this.hash(`tokenward-dummy-${Math.random()}`);
    await this.verify(await this.dummyHash, password);
  }
}
