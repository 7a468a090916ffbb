import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/admin/users/:id/rotations`'s answer (documentation only). */
export class UserRotationResponseDto {
  @ApiProperty({ format: 'uuid' })
  user_id!: string;

  @ApiProperty({ example: 1 })
  previous_version!: number;

  @ApiProperty({ example: 2 })
  new_version!: number;
}
