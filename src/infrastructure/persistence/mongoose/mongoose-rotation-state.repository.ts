import type { Model } from 'mongoose';
import { GlobalRotationState } from '../../../domain/entities/global-rotation-state.entity.js';
import {
  RotationStateRepository,
  type GlobalRotationRequest,
} from '../../../domain/ports/rotation-state.repository.js';
import { asDate, asText } from './query-safety.js';
import { RotationStateMapper } from './rotation-state.mapper.js';
import {
  RotationStateSchema,
  GLOBAL_ROTATION_STATE_ID,
  type RotationStateDocument,
} from './rotation-state.schema.js';
import { isDuplicateKeyError, storageOperation } from './storage-errors.js';

/**
 * The global rotation state: one document under a fixed `_id`. A rotation is one `$inc` of both
 * counters on it, whatever the number of users, sessions or app instances.
 */
export class MongooseRotationStateRepository extends RotationStateRepository {
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = RotationStateSchema;

  constructor(private readonly states: Model<RotationStateDocument>) {
    super();
  }

  async get(): Promise<GlobalRotationState> {
    const doc = await storageOperation(() =>
      this.states
        .findById(GLOBAL_ROTATION_STATE_ID)
        .lean<RotationStateDocument>(),
    );
    return doc === null
      ? GlobalRotationState.initial()
      : RotationStateMapper.toDomain(doc);
  }

  async rotate(request: GlobalRotationRequest): Promise<GlobalRotationState> {
    const rotated = await this.increment(request);
    if (rotated !== null) return rotated;
    // First rotation ever: an upsert cannot $inc from the initial state (version 1, previous 0)
    // because $inc and $setOnInsert may not touch the same field, so store that state first and
    // then apply the same $inc every later rotation uses.
    await this.storeInitialState();
    const retried = await this.increment(request);
    if (retried === null) {
      throw new Error('Tokenward global rotation state vanished mid-rotation');
    }
    return retried;
  }

  private async increment(
    request: GlobalRotationRequest,
  ): Promise<GlobalRotationState | null> {
    const changes = {
      rotatedAt: asDate(request.now),
      graceEndsAt: asDate(request.graceEndsAt),
      reason: request.reason === null ? null : asText(request.reason),
      rotatedBy: request.rotatedBy === null ? null : asText(request.rotatedBy),
    };
    const before = await storageOperation(() =>
      this.states
        .findOneAndUpdate(
          { _id: GLOBAL_ROTATION_STATE_ID },
          { $inc: { version: 1, previousVersion: 1 }, $set: changes },
          // See MongooseUserRepository: the state written is derived from the one replaced.
          { returnDocument: 'before' },
        )
        .lean<RotationStateDocument>(),
    );
    if (before === null) return null;
    return RotationStateMapper.toDomain({
      ...before,
      ...changes,
      version: before.version + 1,
      previousVersion: before.previousVersion + 1,
    });
  }

  private async storeInitialState(): Promise<void> {
    try {
      await storageOperation(() =>
        this.states.updateOne(
          { _id: GLOBAL_ROTATION_STATE_ID },
          {
            $setOnInsert: RotationStateMapper.toInitialFields(
              GlobalRotationState.initial(),
            ),
          },
          { upsert: true },
        ),
      );
    } catch (error) {
      // Two instances upserting at once: the loser's duplicate _id means the document exists,
      // which is all this step needs.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
