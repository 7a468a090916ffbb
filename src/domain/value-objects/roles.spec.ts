import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation.error.js';
import { Roles } from './roles.js';

describe('Roles', () => {
  it('de-duplicates and sorts', () => {
    expect(Roles.parse(['user', 'admin', 'user', 'billing:read'])).toEqual([
      'admin',
      'billing:read',
      'user',
    ]);
  });

  it('accepts no roles at all', () => {
    expect(Roles.parse([])).toEqual([]);
  });

  it.each([
    ['upper case', 'Admin'],
    ['a leading digit', '1admin'],
    ['a space', 'super user'],
    ['an empty name', ''],
    ['a name of 65 characters', `a${'b'.repeat(64)}`],
  ])('rejects a role with %s', (_label, role) => {
    expect(() => Roles.parse(['user', role])).toThrow(ValidationError);
  });

  it('accepts a name of 64 characters', () => {
    const longest = `a${'b'.repeat(63)}`;
    expect(Roles.parse([longest])).toEqual([longest]);
  });

  it('bounds the number of roles', () => {
    const roles = Array.from(
      { length: Roles.MAX_ROLES + 1 },
      (_, i) => `role${i}`,
    );
    expect(() => Roles.parse(roles)).toThrow(ValidationError);
    expect(Roles.parse(roles.slice(1))).toHaveLength(Roles.MAX_ROLES);
  });
});
