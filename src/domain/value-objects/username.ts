import { ValidationError } from '../errors/validation.error.js';

/** What a username consists of after NFKC normalisation (also its OpenAPI `pattern`). */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]+$/u;

/** Allowed usernames: 3–32 letters, digits, `.`, `_` or `-` after NFKC normalisation. */
export class Username {
  static readonly MIN_LENGTH = 3;
  static readonly MAX_LENGTH = 32;

  private constructor(
    /** NFKC form, as the user will see it. */
    readonly value: string,
    /** NFKC + case fold: two usernames that look alike collide on this. */
    readonly normalized: string,
  ) {}

  /** Validates and normalises; throws `ValidationError` without echoing the input. */
  static parse(raw: string): Username {
    const value = raw.normalize('NFKC');
    const length = [...value].length;
    if (length < Username.MIN_LENGTH || length > Username.MAX_LENGTH) {
      throw new ValidationError(
        `username must be ${Username.MIN_LENGTH} to ${Username.MAX_LENGTH} characters long`,
      );
    }
    if (!USERNAME_PATTERN.test(value)) {
      throw new ValidationError(
        'username may contain only letters, digits, dots, underscores and hyphens',
      );
    }
    return new Username(value, Username.normalize(value));
  }

  /** The look-up form of any identifier a user types at login (never throws). */
  static normalize(raw: string): string {
    return raw.normalize('NFKC').toLowerCase().normalize('NFKC');
  }
}
