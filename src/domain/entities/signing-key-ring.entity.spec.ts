import { describe, expect, it } from 'vitest';
import {
  SigningKeyRing,
  verifiesUntil,
  type SigningKey,
} from './signing-key-ring.entity.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
/** Access-token lifetime plus clock tolerance, as the service passes it. */
const WINDOW = 905;

/** A fixed instant `seconds` after the spec's epoch. */
function at(seconds: number): Date {
  return new Date(T0 + seconds * 1000);
}

function key(kid: string, overrides: Partial<SigningKey> = {}): SigningKey {
  return {
    kid,
    algorithm: 'HS256',
    createdAt: at(0),
    retiredAt: null,
    revokedAt: null,
    verifiesUntil: null,
    publicJwk: null,
    sealedPrivateKey: null,
    ...overrides,
  };
}

const kids = (keys: readonly SigningKey[]) => keys.map((k) => k.kid);
const keep = { revokePrevious: false };
const revoke = { revokePrevious: true };

describe('SigningKeyRing', () => {
  describe('construction', () => {
    it('refuses a ring without an active key', () => {
      expect(() => new SigningKeyRing(1, [])).toThrow(/exactly one active/);
      expect(
        () => new SigningKeyRing(3, [key('a', { retiredAt: at(0) })]),
      ).toThrow(/exactly one active key, found 0/);
    });

    it('refuses a ring with two active keys', () => {
      expect(() => new SigningKeyRing(1, [key('a'), key('b')])).toThrow(
        /exactly one active key, found 2/,
      );
    });

    it('starts at version 1 with the one key active, whatever dates it carried', () => {
      const ring = SigningKeyRing.initial(
        key('a', { retiredAt: at(5), revokedAt: at(6) }),
      );

      expect(ring.version).toBe(1);
      expect(ring.active.kid).toBe('a');
      expect(ring.active).toMatchObject({ retiredAt: null, revokedAt: null });
      expect(ring.has('a')).toBe(true);
      expect(ring.has('b')).toBe(false);
    });
  });

  describe('rotate', () => {
    it('makes the new key active and retires the previous one, version + 1', () => {
      const ring = SigningKeyRing.initial(key('a'));

      const next = ring.rotate(
        key('b', { createdAt: at(100) }),
        at(100),
        keep,
        WINDOW,
      );

      expect(next.version).toBe(2);
      expect(next.active.kid).toBe('b');
      expect(next.keys.find((k) => k.kid === 'a')).toMatchObject({
        retiredAt: at(100),
        revokedAt: null,
      });
      // Immutable: the ring it came from is unchanged.
      expect(ring.version).toBe(1);
      expect(ring.active.kid).toBe('a');
    });

    it('lets a retired key verify until retirement + window, then no more', () => {
      const ring = SigningKeyRing.initial(key('a')).rotate(
        key('b'),
        at(100),
        keep,
        WINDOW,
      );
      const lastMoment = new Date(at(100 + WINDOW).getTime() - 1);

      expect(ring.verifying('a', at(100), WINDOW)?.kid).toBe('a');
      expect(ring.verifying('a', lastMoment, WINDOW)?.kid).toBe('a');
      expect(ring.verifying('a', at(100 + WINDOW), WINDOW)).toBeNull();
      // The active key verifies at any time.
      expect(ring.verifying('b', at(1e7), WINDOW)?.kid).toBe('b');
      expect(ring.verifying('unknown', at(100), WINDOW)).toBeNull();
    });

    it('with revokePrevious revokes the previous and every older key at once', () => {
      const ring = SigningKeyRing.initial(key('a'))
        .rotate(key('b'), at(100), keep, WINDOW)
        .rotate(key('c'), at(200), revoke, WINDOW);

      expect(ring.version).toBe(3);
      expect(ring.active.kid).toBe('c');
      expect(ring.keys.find((k) => k.kid === 'a')).toMatchObject({
        retiredAt: at(100),
        revokedAt: at(200),
      });
      expect(ring.keys.find((k) => k.kid === 'b')).toMatchObject({
        retiredAt: at(200),
        revokedAt: at(200),
      });
      expect(ring.verifying('a', at(200), WINDOW)).toBeNull();
      expect(ring.verifying('b', at(200), WINDOW)).toBeNull();
      expect(ring.verifying('c', at(200), WINDOW)?.kid).toBe('c');
    });

    it('keeps the first revocation time of a key revoked earlier', () => {
      const ring = SigningKeyRing.initial(key('a'))
        .rotate(key('b'), at(100), revoke, WINDOW)
        .rotate(key('c'), at(200), revoke, WINDOW);

      expect(ring.keys.find((k) => k.kid === 'a')?.revokedAt).toEqual(at(100));
      expect(ring.keys.find((k) => k.kid === 'b')?.revokedAt).toEqual(at(200));
    });

    it('drops retired keys whose window has passed', () => {
      const ring = SigningKeyRing.initial(key('a'))
        .rotate(key('b'), at(100), keep, WINDOW)
        .rotate(key('c'), at(100 + WINDOW - 1), keep, WINDOW);
      expect(kids(ring.keys)).toEqual(['c', 'b', 'a']);

      const later = ring.rotate(key('d'), at(100 + WINDOW), keep, WINDOW);

      expect(kids(later.keys)).toEqual(['d', 'c', 'b']);
      expect(later.has('a')).toBe(false);
    });

    it('keeps revoked keys while their tokens could live, so they stay refused as revoked', () => {
      const ring = SigningKeyRing.initial(key('a')).rotate(
        key('b'),
        at(100),
        revoke,
        WINDOW,
      );

      const soon = ring.rotate(key('c'), at(100 + WINDOW - 1), keep, WINDOW);
      expect(kids(soon.keys)).toEqual(['c', 'b', 'a']);
      expect(soon.statusOf(soon.keys[2]!, at(100 + WINDOW - 1), WINDOW)).toBe(
        'revoked',
      );

      const late = soon.rotate(key('d'), at(100 + WINDOW), keep, WINDOW);
      expect(kids(late.keys)).toEqual(['d', 'c', 'b']);
    });
  });

  describe('statusOf', () => {
    it('tells active, retired, expired and revoked apart', () => {
      const ring = SigningKeyRing.initial(key('a'))
        .rotate(key('b'), at(100), keep, WINDOW)
        .rotate(key('c'), at(200), keep, WINDOW);
      const [c, b, a] = ring.keys as [SigningKey, SigningKey, SigningKey];

      expect(ring.statusOf(c, at(200), WINDOW)).toBe('active');
      expect(ring.statusOf(b, at(200), WINDOW)).toBe('retired');
      expect(ring.statusOf(a, at(200), WINDOW)).toBe('retired');
      expect(ring.statusOf(a, at(100 + WINDOW), WINDOW)).toBe('expired');
      expect(ring.statusOf(b, at(100 + WINDOW), WINDOW)).toBe('retired');

      const revoked = ring.rotate(key('d'), at(300), revoke, WINDOW);
      for (const k of revoked.keys.filter((k) => k.kid !== 'd')) {
        expect(revoked.statusOf(k, at(300), WINDOW)).toBe('revoked');
      }
      expect(revoked.statusOf(revoked.active, at(300), WINDOW)).toBe('active');
    });

    it('stores when the retiring key stops verifying, and later readers with a shorter window keep it', () => {
      const ring = SigningKeyRing.initial(key('a')).rotate(
        key('b'),
        at(100),
        keep,
        3605,
      );
      const a = ring.keys.find((k) => k.kid === 'a') as SigningKey;
      expect(a.verifiesUntil).toEqual(at(100 + 3605));
      expect(ring.active.verifiesUntil).toBeNull();

      // Another process with the default 905 s window, long after 905 s: 'a' still verifies,
      // survives its rotation, and keeps the stored date.
      expect(ring.statusOf(a, at(100 + 2000), WINDOW)).toBe('retired');
      expect(ring.verifying('a', at(100 + 2000), WINDOW)?.kid).toBe('a');
      const later = ring.rotate(key('c'), at(100 + 2000), keep, WINDOW);
      expect(later.keys.find((k) => k.kid === 'a')?.verifiesUntil).toEqual(
        at(100 + 3605),
      );
      expect(later.keys.find((k) => k.kid === 'b')?.verifiesUntil).toEqual(
        at(100 + 2000 + WINDOW),
      );
      expect(later.verifying('a', at(100 + 3604), WINDOW)?.kid).toBe('a');
      expect(later.verifying('a', at(100 + 3605), WINDOW)).toBeNull();
      expect(
        kids(later.rotate(key('d'), at(100 + 2900), keep, WINDOW).keys),
      ).toEqual(['d', 'c', 'b', 'a']);
      // Past their stored dates both go, 'b' (905 s) before 'a' (3605 s).
      expect(
        kids(later.rotate(key('d'), at(100 + 3000), keep, WINDOW).keys),
      ).toEqual(['d', 'c', 'a']);
      expect(
        kids(later.rotate(key('d'), at(100 + 3605), keep, WINDOW).keys),
      ).toEqual(['d', 'c']);
    });

    it('reads a key stored without verifiesUntil (an older ring) with the window it is given, and fixes it at the next rotation', () => {
      const legacy = new SigningKeyRing(4, [
        key('new', { createdAt: at(100) }),
        key('old', { retiredAt: at(100) }),
      ]);
      const old = legacy.keys[1] as SigningKey;
      expect(verifiesUntil(old, WINDOW)).toEqual(at(100 + WINDOW));
      expect(legacy.statusOf(old, at(100 + WINDOW), WINDOW)).toBe('expired');

      const rotated = legacy.rotate(key('next'), at(150), keep, WINDOW);
      expect(rotated.keys.find((k) => k.kid === 'old')?.verifiesUntil).toEqual(
        at(100 + WINDOW),
      );
    });

    it('reports when a key stops verifying', () => {
      expect(verifiesUntil(key('a', { retiredAt: at(100) }), WINDOW)).toEqual(
        at(100 + WINDOW),
      );
      expect(verifiesUntil(key('a'), WINDOW).getTime()).toBeGreaterThan(
        at(1e9).getTime(),
      );
    });
  });

  describe('verifyingKeys', () => {
    it('lists the keys that verify, active first, without revoked or expired ones', () => {
      const ring = SigningKeyRing.initial(key('a'))
        .rotate(key('b'), at(100), revoke, WINDOW)
        .rotate(key('c'), at(200), keep, WINDOW)
        .rotate(key('d'), at(300), keep, WINDOW);

      expect(kids(ring.verifyingKeys(at(300), WINDOW))).toEqual([
        'd',
        'c',
        'b',
      ]);
      expect(kids(ring.verifyingKeys(at(200 + WINDOW), WINDOW))).toEqual([
        'd',
        'c',
      ]);
      expect(kids(ring.verifyingKeys(at(300 + WINDOW), WINDOW))).toEqual(['d']);
    });

    it('puts the active key first even when storage returned it after the others', () => {
      const ring = new SigningKeyRing(7, [
        key('old', { retiredAt: at(100) }),
        key('current', { createdAt: at(100) }),
      ]);

      expect(kids(ring.verifyingKeys(at(150), WINDOW))).toEqual([
        'current',
        'old',
      ]);
    });
  });
});
