import { AUDIT_ACTIONS } from '../../../domain/entities/audit-record.entity.js';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of one audit record on the wire (documentation only; see `AuditRecordResponse`). */
export class AuditRecordResponseDto {
  @ApiProperty({
    format: 'uuid',
    example: '5d0c7a1e-2f7b-4a43-9d1e-6b0f0c9a8e21',
  })
  id!: string;

  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'user_token_rotation' })
  action!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'User id of who did it; null for the system (CLI, a job) or an unknown party (token reuse)',
  })
  actor_id!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'User id it was done to; null for a global rotation',
  })
  subject_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'lost laptop' })
  reason!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The request's `X-Request-Id` (the client's when it was 1-128 of `A-Za-z0-9._:-`, else a generated UUID); null outside HTTP",
    example: 'req-7f3a9c',
  })
  request_id!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-01-01T12:00:00.000Z' })
  occurred_at!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    },
    description:
      'Flat facts about the action (versions, counts, flags); never a token, hash or password',
    example: { previous_version: 3, new_version: 4 },
  })
  details!: Record<string, string | number | boolean>;
}
