/** Algorithms Tokenward signs access tokens with. HS256 keys never leave the process. */
export type SigningAlgorithm = 'HS256' | 'EdDSA' | 'ES256';

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [
  'HS256',
  'EdDSA',
  'ES256',
];

/** A public key as published in a JWK Set (RFC 7517); never holds private parts. */
export type PublicJwk = Readonly<Record<string, string>>;

/** One signing key of the ring, as stored. */
export interface SigningKey {
  /** Key id, the `kid` header of every token it signs. */
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly createdAt: Date;
  /** When a newer key took over signing; null for the active key. */
  readonly retiredAt: Date | null;
  /** When the key was withdrawn: tokens it signed stop verifying at once. */
  readonly revokedAt: Date | null;
  /**
   * When the last token it signed expires: fixed when the key retires (the retiring instance's
   * access-token lifetime plus clock tolerance after `retiredAt`) and stored with the key, so
   * every instance and the CLI agree on it whatever their own settings. Null while the key is
   * active, and in rings stored before Tokenward kept it (see `verifiesUntil`).
   */
  readonly verifiesUntil: Date | null;
  /** Public key (asymmetric algorithms only). */
  readonly publicJwk: PublicJwk | null;
  /**
   * Private key sealed (authenticated encryption) under a key derived from the master secret;
   * null for HS256, whose key is derived from the master secret and the `kid` instead.
   */
  readonly sealedPrivateKey: string | null;
}

/** Where a key stands at a given moment. */
export type SigningKeyStatus = 'active' | 'retired' | 'revoked' | 'expired';

/**
 * The set of signing keys: exactly one active key signs; retired keys keep verifying until every
 * token they signed has expired (their stored `verifiesUntil`, fixed at retirement from the
 * rotating instance's `verifyWindowSeconds`: the access-token lifetime plus the clock tolerance);
 * revoked keys verify nothing. The `verifyWindowSeconds` the reading methods take only stands in
 * for a `verifiesUntil` that a ring stored by an older version lacks. Immutable: changes return a new ring
 * with `version + 1`, which storage writes by compare-and-swap on `version`.
 */
export class SigningKeyRing {
  constructor(
    readonly version: number,
    readonly keys: readonly SigningKey[],
  ) {
    const active = keys.filter((k) => k.retiredAt === null);
    if (active.length !== 1) {
      throw new Error(
        `A signing key ring needs exactly one active key, found ${active.length}`,
      );
    }
  }

  static initial(key: SigningKey): SigningKeyRing {
    return new SigningKeyRing(1, [
      { ...key, retiredAt: null, revokedAt: null, verifiesUntil: null },
    ]);
  }

  get active(): SigningKey {
    return this.keys.find((k) => k.retiredAt === null) as SigningKey;
  }

  has(kid: string): boolean {
    return this.keys.some((k) => k.kid === kid);
  }

  statusOf(
    key: SigningKey,
    now: Date,
    verifyWindowSeconds: number,
  ): SigningKeyStatus {
    if (key.revokedAt !== null) return 'revoked';
    if (key.retiredAt === null) return 'active';
    return now.getTime() < verifiesUntil(key, verifyWindowSeconds).getTime()
      ? 'retired'
      : 'expired';
  }

  /** The key that may verify a token carrying `kid` at `now`, or null. */
  verifying(
    kid: string,
    now: Date,
    verifyWindowSeconds: number,
  ): SigningKey | null {
    const key = this.keys.find((k) => k.kid === kid);
    if (key === undefined) return null;
    const status = this.statusOf(key, now, verifyWindowSeconds);
    return status === 'active' || status === 'retired' ? key : null;
  }

  /** Every key that verifies at `now`, active first. */
  verifyingKeys(now: Date, verifyWindowSeconds: number): SigningKey[] {
    const verifying = this.keys.filter(
      (k) => this.verifying(k.kid, now, verifyWindowSeconds) !== null,
    );
    // Storage (or a host's repository) may return the keys in any order.
    return [
      ...verifying.filter((k) => k.retiredAt === null),
      ...verifying.filter((k) => k.retiredAt !== null),
    ];
  }

  /**
   * `next` becomes the active key; the previous one retires (keeps verifying its tokens for
   * `verifyWindowSeconds`, stored as its `verifiesUntil`) or, with `revokePrevious`, every older
   * key is revoked at once. Keys whose `verifiesUntil` has passed are dropped, revoked ones too
   * once nothing they signed could still be alive. A key from an older ring without a stored
   * `verifiesUntil` gets one here, so the next rotation, whoever runs it, agrees on it.
   */
  rotate(
    next: SigningKey,
    now: Date,
    options: { readonly revokePrevious: boolean },
    verifyWindowSeconds: number,
  ): SigningKeyRing {
    const kept = this.keys
      .map((k): SigningKey => {
        if (k.retiredAt === null) {
          return {
            ...k,
            retiredAt: now,
            revokedAt: options.revokePrevious ? now : null,
            verifiesUntil: new Date(now.getTime() + verifyWindowSeconds * 1000),
          };
        }
        return {
          ...k,
          revokedAt:
            options.revokePrevious && k.revokedAt === null ? now : k.revokedAt,
          verifiesUntil: verifiesUntil(k, verifyWindowSeconds),
        };
      })
      // Revoked keys are kept as long as their tokens could be alive, so those tokens are
      // refused as revoked rather than looked up again as unknown.
      .filter(
        (k) => now.getTime() < verifiesUntil(k, verifyWindowSeconds).getTime(),
      );
    return new SigningKeyRing(this.version + 1, [
      { ...next, retiredAt: null, revokedAt: null, verifiesUntil: null },
      ...kept,
    ]);
  }
}

/**
 * When the last token a retired key signed expires; past it the key verifies nothing. The stored
 * `verifiesUntil`, or for a key stored without one `retiredAt` + `fallbackWindowSeconds`.
 */
export function verifiesUntil(
  key: SigningKey,
  fallbackWindowSeconds: number,
): Date {
  if (key.retiredAt === null) return new Date(8.64e15);
  if (key.verifiesUntil !== null) return key.verifiesUntil;
  return new Date(key.retiredAt.getTime() + fallbackWindowSeconds * 1000);
}
