import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation.error.js';
import { assertPasswordAllowed } from './password.policy.js';

const policy = { minLength: 8, maxBytes: 16 };

function problemsOf(password: string): readonly string[] {
  try {
    assertPasswordAllowed(password, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details;
  }
  return [];
}

describe('assertPasswordAllowed', () => {
  it('accepts a password at both limits', () => {
    expect(problemsOf('12345678')).toEqual([]);
    expect(problemsOf('1234567890123456')).toEqual([]);
  });

  it('rejects a password shorter than the minimum', () => {
    expect(problemsOf('1234567')).toEqual([
      'password must be at least 8 characters long',
    ]);
  });

  it('counts characters as code points, not UTF-16 units', () => {
    // Seven emoji are 14 UTF-16 units: a `.length` check would wrongly accept them.
    const loose = { minLength: 8, maxBytes: 1024 };
    expect(() => assertPasswordAllowed('😀'.repeat(7), loose)).toThrow(
      ValidationError,
    );
    expect(() => assertPasswordAllowed('😀'.repeat(8), loose)).not.toThrow();
  });

  it('bounds the length in UTF-8 bytes, not characters', () => {
    // Nine "é" are nine characters but eighteen bytes.
    expect(problemsOf('é'.repeat(9))).toEqual([
      'password must be at most 16 bytes long',
    ]);
    expect(problemsOf('é'.repeat(8))).toEqual([]);
  });

  it('reports every broken rule at once and never echoes the password', () => {
    const tight = { minLength: 8, maxBytes: 8 };
    const password = '😀😀😀';
    let error: unknown;
    try {
      assertPasswordAllowed(password, tight);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.code).toBe('validation_failed');
    expect(validation.details).toHaveLength(2);
    expect(validation.message).not.toContain(password);
  });
});
