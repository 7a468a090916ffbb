import type { WebAuthnChallenge } from '../entities/webauthn-challenge.entity.js';

/**
 * Port: outstanding WebAuthn challenges, by the hash of the challenge. `consume` is atomic and
 * removes what it returns, so a challenge verifies at most one ceremony, on any instance.
 */
export abstract class WebAuthnChallengeRepository {
  abstract create(challenge: WebAuthnChallenge): Promise<void>;
  /**
   * Takes the challenge out if it is unexpired at `now`: the challenge for the one caller that
   * did, null for every other (already taken, expired, unknown).
   */
  abstract consume(
    challengeHash: string,
    now: Date,
  ): Promise<WebAuthnChallenge | null>;
}
