import type { IEvent } from '@nestjs/cqrs';
import type { SigningAlgorithm } from '../../domain/entities/signing-key-ring.entity.js';

/** A new signing key became active (and, with `revokedKids`, older keys were withdrawn). */
export class SigningKeyRotatedEvent implements IEvent {
  constructor(
    readonly kid: string,
    readonly algorithm: SigningAlgorithm,
    readonly previousKid: string,
    readonly revokedKids: readonly string[],
    readonly reason: string | null,
    readonly rotatedBy: string | null,
    readonly occurredAt: Date,
  ) {}
}
