import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256RefreshTokenGenerator } from './sha256-refresh-token.generator.js';

const generator = new Sha256RefreshTokenGenerator();

describe('Sha256RefreshTokenGenerator', () => {
  it('mints 256 random bits as base64url', () => {
    const { token } = generator.generate();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('returns the SHA-256 hex of the token as its storage hash', () => {
    const { token, hash } = generator.generate();
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toContain(token);
  });

  it('hashes deterministically, and distinct tokens to distinct hashes', () => {
    const { token, hash } = generator.generate();
    expect(generator.hash(token)).toBe(hash);
    expect(generator.hash(`${token}x`)).not.toBe(hash);
  });

  it('never repeats a token', () => {
    const tokens = new Set(
      Array.from({ length: 1000 }, () => generator.generate().token),
    );
    expect(tokens.size).toBe(1000);
  });
});
