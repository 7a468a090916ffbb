import type { OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import { WebAuthnChallenge } from '../../../domain/entities/webauthn-challenge.entity.js';
import { WebAuthnChallengeRepository } from '../../../domain/ports/webauthn-challenge.repository.js';
import { asDate, asText } from './query-safety.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';
import {
  WebAuthnChallengeSchema,
  WEBAUTHN_CHALLENGE_TTL_INDEX,
  type WebAuthnChallengeDocument,
} from './webauthn-challenge.schema.js';

/**
 * WebAuthn challenges in MongoDB. `consume` is one `findOneAndDelete`: the server hands the
 * document to exactly one caller, on any number of instances. Expiry is decided by `expiresAt`
 * against the `now` passed in; the TTL index only cleans up.
 */
export class MongooseWebAuthnChallengeRepository
  extends WebAuthnChallengeRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = WebAuthnChallengeSchema;

  constructor(private readonly challenges: Model<WebAuthnChallengeDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.challenges, WEBAUTHN_CHALLENGE_TTL_INDEX);
  }

  async create(challenge: WebAuthnChallenge): Promise<void> {
    await storageOperation(() =>
      this.challenges.create({
        _id: challenge.challengeHash,
        ceremony: challenge.ceremony,
        userId: challenge.userId,
        createdAt: challenge.createdAt,
        expiresAt: challenge.expiresAt,
      }),
    );
  }

  async consume(
    challengeHash: string,
    now: Date,
  ): Promise<WebAuthnChallenge | null> {
    const doc = await storageOperation(() =>
      this.challenges
        .findOneAndDelete({ _id: asText(challengeHash) })
        .lean<WebAuthnChallengeDocument>(),
    );
    if (doc === null || doc.expiresAt.getTime() <= asDate(now).getTime())
      return null;
    return new WebAuthnChallenge({
      challengeHash: doc._id,
      ceremony: doc.ceremony,
      userId: doc.userId,
      createdAt: doc.createdAt,
      expiresAt: doc.expiresAt,
    });
  }
}
