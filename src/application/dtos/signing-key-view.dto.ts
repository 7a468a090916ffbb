import {
  verifiesUntil,
  type SigningAlgorithm,
  type SigningKeyRing,
  type SigningKeyStatus,
} from '../../domain/entities/signing-key-ring.entity.js';

/** What an operator may see of a signing key: never its material. */
export class SigningKeyView {
  constructor(
    readonly kid: string,
    readonly algorithm: SigningAlgorithm,
    readonly status: SigningKeyStatus,
    readonly createdAt: Date,
    readonly retiredAt: Date | null,
    readonly revokedAt: Date | null,
    /** Until when it verifies tokens; null while active, or once revoked. */
    readonly verifiesUntil: Date | null,
  ) {}

  /**
   * Every key of `ring` in its order, with its status at `now`; `fallbackWindowSeconds` stands
   * in for a `verifiesUntil` a ring stored by an older version lacks.
   */
  static listOf(
    ring: SigningKeyRing,
    now: Date,
    fallbackWindowSeconds: number,
  ): SigningKeyView[] {
    return ring.keys.map((key) => {
      const status = ring.statusOf(key, now, fallbackWindowSeconds);
      return new SigningKeyView(
        key.kid,
        key.algorithm,
        status,
        key.createdAt,
        key.retiredAt,
        key.revokedAt,
        status === 'active' || status === 'revoked'
          ? null
          : verifiesUntil(key, fallbackWindowSeconds),
      );
    });
  }
}
