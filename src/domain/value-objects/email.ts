import { ValidationError } from '../errors/validation.error.js';

// Deliberately simple: the wire layer runs class-validator's IsEmail; this only guards the domain
// against values that could never be an address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** An email address; uniqueness and look-ups use its lower-case form. */
export class Email {
  static readonly MAX_LENGTH = 254;

  private constructor(
    readonly value: string,
    readonly normalized: string,
  ) {}

  /** Validates and normalises; throws `ValidationError` without echoing the input. */
  static parse(raw: string): Email {
    const value = raw.normalize('NFKC');
    if (value.length > Email.MAX_LENGTH || !EMAIL_SHAPE.test(value)) {
      throw new ValidationError('email must be a valid email address');
    }
    return new Email(value, Email.normalize(value));
  }

  /** The look-up form of an email (never throws). */
  static normalize(raw: string): string {
    return raw.normalize('NFKC').toLowerCase();
  }

  /** Whether a login identifier should be looked up as an email rather than a username. */
  static looksLikeEmail(identifier: string): boolean {
    return identifier.includes('@');
  }
}
