import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation.error.js';
import { Username } from './username.js';

describe('Username', () => {
  it('keeps the NFKC display form and folds case for look-ups', () => {
    const name = Username.parse('Alice_01');
    expect(name.value).toBe('Alice_01');
    expect(name.normalized).toBe('alice_01');
  });

  it.each([
    ['full-width letters', 'Ａｌｉｃｅ', 'alice'],
    ['upper case', 'ALICE', 'alice'],
    ['the Kelvin sign for K', '\u212Aim', 'kim'],
    ['a decomposed accent', 'Jose\u0301', 'josé'],
  ])('makes %s collide with the plain form', (_label, lookalike, plain) => {
    expect(Username.parse(lookalike).normalized).toBe(
      Username.parse(plain).normalized,
    );
  });

  it('normalises a ligature before checking the length and characters', () => {
    // "ﬁ" is one character that NFKC turns into "f" + "i".
    expect(Username.parse('ﬁx').value).toBe('fix');
  });

  it('folds login identifiers exactly as registration does', () => {
    expect(Username.normalize('Ａｌｉｃｅ')).toBe(
      Username.parse('alice').normalized,
    );
  });

  it('accepts letters of any script, digits, dots, underscores and hyphens', () => {
    expect(Username.parse('José.ñ-3_x').value).toBe('José.ñ-3_x');
    expect(Username.parse('用户名').normalized).toBe('用户名');
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(33)],
    ['a space', 'john doe'],
    ['an at sign', 'john@doe'],
    ['a control character', 'john\u0000doe'],
    ['a zero-width joiner', 'jo\u200Dhn'],
  ])('rejects a username with %s', (_label, raw) => {
    expect(() => Username.parse(raw)).toThrow(ValidationError);
  });

  it('measures length in characters after normalisation', () => {
    // Two decomposed "é" are four code points before NFKC and two after: too short.
    expect(() => Username.parse('e\u0301e\u0301')).toThrow(ValidationError);
    expect(Username.parse('e\u0301'.repeat(32)).value).toBe('é'.repeat(32));
    expect(Username.parse('a'.repeat(32)).value).toHaveLength(32);
  });

  it('never echoes the rejected input', () => {
    const raw = 'secret value!';
    expect(() => Username.parse(raw)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(raw) }),
    );
  });
});
