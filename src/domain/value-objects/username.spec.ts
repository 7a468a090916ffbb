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

  // Issue 11: these registered beside "admin" while only NFKC and case were folded.
  it.each([
    ['a Cyrillic а', 'аdmin'],
    ['a Cyrillic і', 'admіn'],
    ['a dotless ı', 'admın'],
    ['a small capital ᴀ', 'ᴀdmin'],
    [
      'small capitals throughout (ᴋ and ᴍ too, which confusables.txt maps elsewhere)',
      'ᴀᴅᴍɪɴ',
    ],
    ['a Latin alpha', 'ɑdmin'],
    ['a Lisu letter A (its prototype is a capital)', 'ꓮdmin'],
    ['mathematical bold letters', '𝐚𝐝𝐦𝐢𝐧'],
    ['"rn" for "m"', 'adrnin'],
  ])('gives a username with %s the key of "admin"', (_label, lookalike) => {
    expect(Username.parse(lookalike).key).toBe(Username.parse('admin').key);
  });

  it('folds each of the 25 Latin small capitals as its letter', () => {
    expect(Username.keyOf('ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ')).toBe(
      Username.keyOf('abcdefghijklmnopqrstuvwyz'),
    );
  });

  it.each([
    ['Cyrillic о for o and 0 for o', 'bоb', 'b0b', 'bob'],
    ['Greek ν for v and ο for o', 'νοte', 'vοte', 'vote'],
    ['the digit 1 for l', 'a1ice', 'a1ice', 'alice'],
    ['small capitals ᴋ and ᴍ', 'ᴋᴍ-x', 'km-x', 'krn-x'],
  ])('folds %s', (_label, a, b, plain) => {
    expect(Username.keyOf(a)).toBe(Username.keyOf(plain));
    expect(Username.keyOf(b)).toBe(Username.keyOf(plain));
  });

  it.each([
    ['an accent', 'josé', 'jose'],
    [
      '"i" and "l" (lower case first, so "Ivan" is "ivan", not "lvan")',
      'ivan',
      'lvan',
    ],
    ['one letter more', 'anna', 'hanna'],
    ['a CJK name and its transliteration', '李小明', 'lixiaoming'],
  ])('keeps names that differ by %s apart', (_label, a, b) => {
    expect(Username.parse(a).key).not.toBe(Username.parse(b).key);
  });

  it('keeps the username as typed (NFKC) for display; only the key is folded', () => {
    const name = Username.parse('аdmin');
    expect(name.value).toBe('аdmin');
    expect(name.value).not.toBe('admin');
    expect(name.normalized).toBe('аdmin');
    expect(name.key).toBe(Username.keyOf('admin'));
  });

  it('computes a key for any identifier without throwing', () => {
    for (const raw of ['', '\ud800', 'x'.repeat(10_000), '\u0000 @ 😀']) {
      expect(typeof Username.keyOf(raw)).toBe('string');
    }
  });

  it('normalises a ligature before checking the length and characters', () => {
    // "ﬁ" is one character that NFKC turns into "f" + "i".
    expect(Username.parse('ﬁx').value).toBe('fix');
  });

  it('folds login identifiers exactly as registration does', () => {
    expect(Username.keyOf('Ａｌｉｃｅ')).toBe(Username.parse('alice').key);
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
