import type { OnModuleInit } from '@nestjs/common';
import { trusted, type Model } from 'mongoose';
import type { AccountToken } from '../../../domain/entities/account-token.entity.js';
import { AccountTokenRepository } from '../../../domain/ports/account-token.repository.js';
import { AccountTokenMapper } from './account-token.mapper.js';
import {
  AccountTokenSchema,
  ACCOUNT_TOKEN_TTL_INDEX,
  type AccountTokenDocument,
} from './account-token.schema.js';
import { asDate, asText } from './query-safety.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';

/**
 * Account tokens in MongoDB. Redemption is one conditional `updateOne` (unused and unexpired at
 * `now`): the server applies it to the document once, so exactly one of parallel redemptions
 * matches, on any number of instances. Expiry is decided by `expiresAt` against the `now` passed
 * in; the TTL index only cleans up.
 */
export class MongooseAccountTokenRepository
  extends AccountTokenRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = AccountTokenSchema;

  constructor(private readonly tokens: Model<AccountTokenDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.tokens, ACCOUNT_TOKEN_TTL_INDEX);
  }

  async create(token: AccountToken): Promise<void> {
    await storageOperation(() =>
      this.tokens.create(AccountTokenMapper.toPersistence(token)),
    );
  }

  async findById(id: string): Promise<AccountToken | null> {
    const doc = await storageOperation(() =>
      this.tokens.findOne({ _id: asText(id) }).lean<AccountTokenDocument>(),
    );
    return doc === null ? null : AccountTokenMapper.toDomain(doc);
  }

  async consume(id: string, now: Date): Promise<boolean> {
    const at = asDate(now);
    const result = await storageOperation(() =>
      this.tokens.updateOne(
        {
          _id: asText(id),
          consumedAt: null,
          expiresAt: trusted({ $gt: at }),
        },
        { $set: { consumedAt: at } },
      ),
    );
    return result.modifiedCount === 1;
  }
}
