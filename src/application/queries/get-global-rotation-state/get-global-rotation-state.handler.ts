import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RotationStateRepository } from '../../../domain/ports/rotation-state.repository.js';
import { GlobalRotationView } from '../../dtos/global-rotation-view.dto.js';
import { GetGlobalRotationStateQuery } from './get-global-rotation-state.query.js';

/** Reads storage (not the cache): admins must see the authoritative state. */
@QueryHandler(GetGlobalRotationStateQuery)
export class GetGlobalRotationStateHandler implements IQueryHandler<GetGlobalRotationStateQuery> {
  constructor(private readonly rotationState: RotationStateRepository) {}

  async execute(): Promise<GlobalRotationView> {
    return GlobalRotationView.fromState(await this.rotationState.get());
  }
}
