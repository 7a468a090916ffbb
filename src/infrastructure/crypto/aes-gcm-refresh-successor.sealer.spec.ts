import { describe, expect, it } from 'vitest';
import { AesGcmRefreshSuccessorSealer } from './aes-gcm-refresh-successor.sealer.js';

describe('AesGcmRefreshSuccessorSealer', () => {
  const sealer = new AesGcmRefreshSuccessorSealer();
  const presented = 'presented-refresh-token-0123456789abcdef';
  const successor = 'successor-refresh-token-0123456789abcdef';

  it('opens with the presented token and the session id it was sealed for', () => {
    const sealed = sealer.seal(successor, presented, 'sid-1');
    expect(sealer.open(sealed, presented, 'sid-1')).toBe(successor);
  });

  it('holds nothing of the successor in the clear, and differs on every seal', () => {
    const a = sealer.seal(successor, presented, 'sid-1');
    const b = sealer.seal(successor, presented, 'sid-1');
    expect(a).not.toContain(successor);
    expect(
      Buffer.from(a.slice(3), 'base64url').toString('latin1'),
    ).not.toContain(successor);
    expect(a).not.toBe(b);
  });

  it('does not open with another token, another session id, or tampered bytes', () => {
    const sealed = sealer.seal(successor, presented, 'sid-1');
    expect(sealer.open(sealed, `${presented}x`, 'sid-1')).toBeNull();
    expect(sealer.open(sealed, presented, 'sid-2')).toBeNull();
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(
      sealer.open(`v1.${bytes.toString('base64url')}`, presented, 'sid-1'),
    ).toBeNull();
    expect(sealer.open('v2.abc', presented, 'sid-1')).toBeNull();
    expect(sealer.open('garbage', presented, 'sid-1')).toBeNull();
  });
});
