import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import {
  WebAuthnChallenge,
  type WebAuthnCeremony,
} from '../../domain/entities/webauthn-challenge.entity.js';
import { Clock } from '../../domain/ports/clock.js';
import { WebAuthnChallengeRepository } from '../../domain/ports/webauthn-challenge.repository.js';
import { AuthConfig } from '../auth-config.js';

/** A challenge taken back out of storage, with the value the response must have signed. */
export interface TakenWebAuthnChallenge {
  readonly challenge: string;
  readonly stored: WebAuthnChallenge;
}

/**
 * Issues ceremony challenges (32 random bytes, stored only as a SHA-256, `challengeTtlSeconds`
 * long) and takes them back for the response that quotes one: at most once, unexpired, of the
 * right ceremony. What the response quotes is read from its `clientDataJSON`; the signature over
 * it is checked afterwards by the relying party.
 */
@Injectable()
export class WebAuthnChallengeService {
  constructor(
    private readonly challenges: WebAuthnChallengeRepository,
    private readonly config: AuthConfig,
    private readonly clock: Clock,
  ) {}

  /** How long the browser may take, in ms: the challenge's own life. */
  get timeoutMs(): number {
    return this.config.webauthn.challengeTtlSeconds * 1000;
  }

  async issue(
    ceremony: WebAuthnCeremony,
    userId: string | null,
  ): Promise<string> {
    const challenge = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.challenges.create(
      new WebAuthnChallenge({
        challengeHash: hashOf(challenge),
        ceremony,
        userId,
        createdAt: now,
        expiresAt: new Date(
          now.getTime() + this.config.webauthn.challengeTtlSeconds * 1000,
        ),
      }),
    );
    return challenge;
  }

  /**
   * The challenge `response` quotes, used up, if it is a live one of `ceremony`; null otherwise
   * (unknown, already used, expired, another ceremony's, or no readable client data).
   */
  async take(
    ceremony: WebAuthnCeremony,
    response: unknown,
  ): Promise<TakenWebAuthnChallenge | null> {
    const challenge = quotedChallenge(response);
    if (challenge === null) return null;
    const stored = await this.challenges.consume(
      hashOf(challenge),
      this.clock.now(),
    );
    if (stored === null || stored.ceremony !== ceremony) return null;
    return { challenge, stored };
  }
}

function hashOf(challenge: string): string {
  return createHash('sha256').update(challenge, 'utf8').digest('hex');
}

/** `response.response.clientDataJSON`'s `challenge`, or null. */
function quotedChallenge(response: unknown): string | null {
  const inner = (response as { response?: { clientDataJSON?: unknown } })
    ?.response;
  const encoded = inner?.clientDataJSON;
  if (typeof encoded !== 'string' || encoded.length > 4096) return null;
  try {
    const data: unknown = JSON.parse(
      Buffer.from(encoded, 'base64url').toString('utf8'),
    );
    const challenge = (data as { challenge?: unknown })?.challenge;
    return typeof challenge === 'string' &&
      /^[A-Za-z0-9_-]{16,128}$/.test(challenge)
      ? challenge
      : null;
  } catch {
    return null;
  }
}
