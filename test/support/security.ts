// Helpers of the security specs: forging JWTs by hand, failing storage, capturing logs.
import { createHmac, createSign, hkdfSync, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import type { LoggerService, Provider } from '@nestjs/common';
import { TEST_SECRET } from './fixture-app.js';
import {
  MemoryAuditLogRepository,
  MemoryLoginAttemptRepository,
  MemoryRotationStateRepository,
  MemorySessionRepository,
  MemoryUserRepository,
  AuditLogRepository,
  LoginAttemptRepository,
  RotationStateRepository,
  SessionRepository,
  UserRepository,
} from './tokenward.js';
import { storedToken } from '../../src/module/auth/auth.repositories.js';

/** base64url of a value's JSON. */
export const b64json = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The key HKDF-SHA256 derives from the fixture's master secret for `purpose`, computed here with
 * node's `hkdfSync` and the documented salt and info (independently of Tokenward's own code).
 */
export function derivedKey(purpose: string, secret = TEST_SECRET): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(secret, 'utf8'),
      'tokenward/v1',
      `tokenward/${purpose}`,
      32,
    ),
  );
}

/** How a forged token is signed. */
export type Signature =
  | { hmac: 'sha256' | 'sha384' | 'sha512'; key: Buffer | string | KeyObject }
  | { rsa: KeyObject }
  | { raw: string };

/** A compact JWS built by hand, so any header, payload and signature can be forged. */
export function forgeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature: Signature,
): string {
  const input = `${b64json(header)}.${b64json(payload)}`;
  let sig: string;
  if ('hmac' in signature) {
    sig = createHmac(signature.hmac, signature.key)
      .update(input)
      .digest('base64url');
  } else if ('rsa' in signature) {
    sig = createSign('RSA-SHA256')
      .update(input)
      .sign(signature.rsa)
      .toString('base64url');
  } else {
    sig = signature.raw;
  }
  return `${input}.${sig}`;
}

/** A switch for a simulated outage, with the error a failing database would throw. */
export class Outage {
  down = false;
  /** While set, every call is left without an answer, like a frozen database's. */
  hung = false;

  constructor(
    /** What the failing storage says: tests put secrets in it to prove they never surface. */
    readonly message = 'simulated storage outage',
  ) {}

  error(): Error {
    const error = new Error(this.message);
    error.name = 'MongoServerSelectionError';
    return error;
  }

  /** `repository` whose every method rejects while the outage is on. */
  wrap<T extends object>(repository: T): T {
    return new Proxy(repository, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown =>
          this.hung
            ? new Promise<never>(() => undefined)
            : this.down
              ? Promise.reject(this.error())
              : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
  }
}

/**
 * Providers replacing the memory store's repositories (under the internal stored tokens the
 * module wraps fail-closed) with ones that all fail while `outage.down` is set.
 */
export function storageWithOutage(outage: Outage): Provider[] {
  return [
    {
      provide: storedToken(UserRepository),
      useFactory: () => outage.wrap(new MemoryUserRepository()),
    },
    {
      provide: storedToken(SessionRepository),
      useFactory: () => outage.wrap(new MemorySessionRepository()),
    },
    {
      provide: storedToken(RotationStateRepository),
      useFactory: () => outage.wrap(new MemoryRotationStateRepository()),
    },
    {
      provide: storedToken(LoginAttemptRepository),
      useFactory: () => outage.wrap(new MemoryLoginAttemptRepository()),
    },
    {
      provide: storedToken(AuditLogRepository),
      useFactory: () => outage.wrap(new MemoryAuditLogRepository()),
    },
  ];
}

/** A Nest `LoggerService` that keeps every line (messages and every extra argument, stacks too). */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

  private record(level: string, message: unknown, rest: unknown[]): void {
    const parts = [message, ...rest].map((part) =>
      typeof part === 'string' ? part : inspect(part, { depth: 5 }),
    );
    this.lines.push(`[${level}] ${parts.join(' ')}`);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.record('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.record('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.record('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.record('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.record('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.record('fatal', message, rest);
  }

  get text(): string {
    return this.lines.join('\n');
  }
}
