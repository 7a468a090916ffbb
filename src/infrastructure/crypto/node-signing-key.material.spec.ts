import {
  createPublicKey,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  SigningAlgorithm,
  SigningKey,
} from '../../domain/entities/signing-key-ring.entity.js';
import { NodeSigningKeyMaterial } from './node-signing-key.material.js';

const SECRET = Buffer.from(
  'material-spec-secret-0123456789abcdef-0123456789abcdef',
);
const OTHER_SECRET = Buffer.from(
  'another-deployment-secret-0123456789abcdef-012345678',
);
const NOW = new Date('2026-01-01T00:00:00.000Z');

/** The parts of a sealed key, decoded: `v1.<iv>.<ciphertext>.<tag>`. */
function sealedParts(sealed: string): Buffer[] {
  return sealed
    .split('.')
    .slice(1)
    .map((part) => Buffer.from(part, 'base64url'));
}

/** Signs and verifies one message: proves a private key and a public JWK belong together. */
function signsAndVerifies(
  algorithm: SigningAlgorithm,
  material: NodeSigningKeyMaterial,
  key: SigningKey,
): boolean {
  const data = Buffer.from('payload');
  const digest = algorithm === 'EdDSA' ? null : 'sha256';
  const signature = cryptoSign(digest, data, material.open(key).signingKey);
  const publicKey = createPublicKey({
    key: { ...key.publicJwk },
    format: 'jwk',
  });
  return cryptoVerify(digest, data, publicKey, signature);
}

describe('NodeSigningKeyMaterial', () => {
  describe.each<SigningAlgorithm>(['EdDSA', 'ES256'])(
    '%s keys',
    (algorithm) => {
      it('never stores the private key in clear, in any encoding', () => {
        const material = new NodeSigningKeyMaterial(SECRET);
        const key = material.generate(algorithm, NOW);
        const privateKey = material.open(key).signingKey;
        const der = privateKey.export({ type: 'pkcs8', format: 'der' });
        const pem = privateKey
          .export({ type: 'pkcs8', format: 'pem' })
          .toString();
        const pemBody = pem
          .replace(/-----[A-Z ]+-----/g, '')
          .replace(/\s+/g, '');
        const d = privateKey.export({ format: 'jwk' }).d as string;
        const sealed = key.sealedPrivateKey as string;

        expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
        for (const text of [
          der.toString('base64'),
          der.toString('base64url'),
          der.toString('hex'),
          pemBody,
          d,
        ]) {
          expect(sealed).not.toContain(text);
        }
        const rawPrivate = Buffer.from(d, 'base64url');
        for (const part of sealedParts(sealed)) {
          expect(part.includes(der)).toBe(false);
          expect(part.includes(rawPrivate)).toBe(false);
        }
        expect(JSON.stringify(key)).not.toContain(d);
      });

      it('seals every key under a fresh nonce', () => {
        const material = new NodeSigningKeyMaterial(SECRET);
        const sealed = Array.from(
          { length: 20 },
          () => material.generate(algorithm, NOW).sealedPrivateKey as string,
        );
        const ivs = sealed.map((s) => sealedParts(s)[0]!.toString('hex'));
        // Every PKCS8 key of one type starts with the same header; a reused nonce would show
        // as ciphertexts starting alike.
        const heads = sealed.map((s) =>
          sealedParts(s)[1]!.subarray(0, 16).toString('hex'),
        );

        expect(new Set(sealed).size).toBe(20);
        expect(new Set(ivs).size).toBe(20);
        expect(new Set(heads).size).toBe(20);
      });

      it('opens its own keys, and the opened private key matches the published JWK', () => {
        const material = new NodeSigningKeyMaterial(SECRET);
        const key = material.generate(algorithm, NOW);

        expect(material.canUse(key)).toBe(true);
        expect(signsAndVerifies(algorithm, material, key)).toBe(true);
        // Another process with the same master secret opens it too.
        const restarted = new NodeSigningKeyMaterial(Buffer.from(SECRET));
        expect(restarted.canUse(key)).toBe(true);
        expect(signsAndVerifies(algorithm, restarted, key)).toBe(true);
      });

      it('cannot open a key sealed under another master secret', () => {
        const key = new NodeSigningKeyMaterial(OTHER_SECRET).generate(
          algorithm,
          NOW,
        );
        const material = new NodeSigningKeyMaterial(SECRET);

        expect(material.canUse(key)).toBe(false);
        expect(() => material.open(key)).toThrow();
      });

      it('refuses a sealed key moved under another kid', () => {
        const material = new NodeSigningKeyMaterial(SECRET);
        const original = material.generate(algorithm, NOW);
        const other = material.generate(algorithm, NOW);
        const moved: SigningKey = {
          ...other,
          sealedPrivateKey: original.sealedPrivateKey,
        };

        expect(material.canUse(moved)).toBe(false);
        expect(
          new NodeSigningKeyMaterial(SECRET).canUse({
            ...original,
            kid: 'renamed-kid',
          }),
        ).toBe(false);
      });

      it('refuses a tampered, truncated or missing sealed key', () => {
        const material = new NodeSigningKeyMaterial(SECRET);
        const key = material.generate(algorithm, NOW);
        const [version, iv, body, tag] = (key.sealedPrivateKey as string).split(
          '.',
        ) as [string, string, string, string];
        const flipped = Buffer.from(body, 'base64url');
        flipped[flipped.length - 1]! ^= 1;
        const fresh = () => new NodeSigningKeyMaterial(SECRET);

        expect(
          fresh().canUse({
            ...key,
            sealedPrivateKey: [
              version,
              iv,
              flipped.toString('base64url'),
              tag,
            ].join('.'),
          }),
        ).toBe(false);
        expect(
          fresh().canUse({
            ...key,
            sealedPrivateKey: [version, iv, body].join('.'),
          }),
        ).toBe(false);
        expect(
          fresh().canUse({
            ...key,
            sealedPrivateKey: ['v0', iv, body, tag].join('.'),
          }),
        ).toBe(false);
        expect(fresh().canUse({ ...key, sealedPrivateKey: null })).toBe(false);
      });

      it('publishes only the public half of the key as a JWK', () => {
        const material = new NodeSigningKeyMaterial(SECRET);
        const key = material.generate(algorithm, NOW);
        const jwk = key.publicJwk as Record<string, string>;

        expect(jwk).toMatchObject({
          kid: key.kid,
          alg: algorithm,
          use: 'sig',
          x: expect.stringMatching(/^[\w-]{43}$/),
        });
        if (algorithm === 'EdDSA') {
          expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
          expect(jwk).not.toHaveProperty('y');
        } else {
          expect(jwk).toMatchObject({
            kty: 'EC',
            crv: 'P-256',
            y: expect.stringMatching(/^[\w-]{43}$/),
          });
        }
        expect(jwk).not.toHaveProperty('d');
        expect(Object.keys(jwk).sort()).toEqual(
          (algorithm === 'EdDSA'
            ? ['alg', 'crv', 'kid', 'kty', 'use', 'x']
            : ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']
          ).sort(),
        );
      });
    },
  );

  it('refuses an asymmetric key labelled with the other asymmetric algorithm', () => {
    const material = new NodeSigningKeyMaterial(SECRET);
    const ed = material.generate('EdDSA', NOW);

    expect(
      new NodeSigningKeyMaterial(SECRET).canUse({ ...ed, algorithm: 'ES256' }),
    ).toBe(false);
  });

  it('generates keys with fresh random kids, stamped with the given time', () => {
    const material = new NodeSigningKeyMaterial(SECRET);
    const generated = Array.from({ length: 20 }, () =>
      material.generate('HS256', NOW),
    );

    expect(new Set(generated.map((k) => k.kid)).size).toBe(20);
    for (const k of generated) {
      expect(k.kid).toMatch(/^[\w-]{16}$/);
      expect(k).toMatchObject({
        algorithm: 'HS256',
        createdAt: NOW,
        retiredAt: null,
        revokedAt: null,
      });
    }
  });

  describe('HS256 keys', () => {
    const secretOf = (material: NodeSigningKeyMaterial, key: SigningKey) =>
      material.open(key).signingKey.export().toString('hex');

    it('stores nothing secret: no sealed key, no public JWK', () => {
      const key = new NodeSigningKeyMaterial(SECRET).generate('HS256', NOW);

      expect(key.sealedPrivateKey).toBeNull();
      expect(key.publicJwk).toBeNull();
    });

    it('derives one key per kid, the same in every process with the master secret', () => {
      const material = new NodeSigningKeyMaterial(SECRET);
      const a = material.generate('HS256', NOW);
      const b = material.generate('HS256', NOW);
      const opened = material.open(a);

      expect(opened.signingKey.type).toBe('secret');
      expect(opened.signingKey.symmetricKeySize).toBe(32);
      expect(opened.verificationKey).toBe(opened.signingKey);
      expect(secretOf(material, a)).not.toBe(secretOf(material, b));
      expect(secretOf(new NodeSigningKeyMaterial(Buffer.from(SECRET)), a)).toBe(
        secretOf(material, a),
      );
      expect(secretOf(material, a)).not.toBe(SECRET.toString('hex'));
    });

    it('derives a different key under another master secret', () => {
      const key = new NodeSigningKeyMaterial(SECRET).generate('HS256', NOW);
      const other = new NodeSigningKeyMaterial(OTHER_SECRET);

      expect(secretOf(other, key)).not.toBe(
        secretOf(new NodeSigningKeyMaterial(SECRET), key),
      );
    });
  });
});
