import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `GET /auth/admin/rotations/global`'s answer (documentation only). */
export class GlobalRotationStateResponseDto {
  @ApiProperty({ example: 2 })
  version!: number;

  @ApiProperty({ example: 1 })
  previous_version!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null before the first rotation',
  })
  rotated_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  grace_ends_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'key leak drill' })
  reason!: string | null;
}
