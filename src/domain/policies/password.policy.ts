import { ValidationError } from '../errors/validation.error.js';

/** Limits a password must respect; checked before any hashing work is spent on it. */
export interface PasswordPolicyOptions {
  /** Minimum length in characters (Unicode code points). */
  readonly minLength: number;
  /** Maximum length in UTF-8 bytes: bounds the argon2 input (a hashing DoS vector). */
  readonly maxBytes: number;
}

/** The policy when `password` is not configured (also what the OpenAPI document states). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicyOptions = {
  minLength: 8,
  maxBytes: 1024,
};

/** Throws `ValidationError` when `password` breaks the policy; never echoes the password. */
export function assertPasswordAllowed(
  password: string,
  policy: PasswordPolicyOptions,
): void {
  const problems: string[] = [];
  if ([...password].length < policy.minLength) {
    problems.push(
      `password must be at least ${policy.minLength} characters long`,
    );
  }
  if (Buffer.byteLength(password, 'utf8') > policy.maxBytes) {
    problems.push(`password must be at most ${policy.maxBytes} bytes long`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join('; '), problems);
  }
}
