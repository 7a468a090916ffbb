import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation.error.js';
import { Email } from './email.js';

describe('Email', () => {
  it('keeps the address as typed and lower-cases it for look-ups', () => {
    const email = Email.parse('Alice.Smith@Example.COM');
    expect(email.value).toBe('Alice.Smith@Example.COM');
    expect(email.normalized).toBe('alice.smith@example.com');
  });

  it('makes full-width and upper-case look-alikes collide', () => {
    const plain = Email.parse('alice@example.com').normalized;
    expect(Email.parse('ＡＬＩＣＥ@example.com').normalized).toBe(plain);
    expect(Email.normalize('ALICE@EXAMPLE.COM')).toBe(plain);
  });

  it.each([
    ['no at sign', 'alice.example.com'],
    ['no domain dot', 'alice@example'],
    ['whitespace', 'alice smith@example.com'],
    ['two at signs', 'a@b@example.com'],
    ['over 254 characters', `${'a'.repeat(250)}@example.com`],
  ])('rejects an address with %s', (_label, raw) => {
    expect(() => Email.parse(raw)).toThrow(ValidationError);
  });

  it('routes identifiers with an at sign to the email look-up', () => {
    expect(Email.looksLikeEmail('alice@example.com')).toBe(true);
    expect(Email.looksLikeEmail('alice')).toBe(false);
  });
});
