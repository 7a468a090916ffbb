import { ApiProperty } from '../openapi/optional-swagger.js';
import { UserResponseDto } from './user.response.dto.js';

/** OpenAPI schema of `GET /auth/admin/users`'s answer: one page of active users (documentation only). */
export class UserPageResponseDto {
  @ApiProperty({ type: () => [UserResponseDto] })
  items!: UserResponseDto[];

  @ApiProperty({ minimum: 0, example: 0 })
  skip!: number;

  @ApiProperty({ minimum: 1, maximum: 100, example: 20 })
  limit!: number;

  @ApiProperty({ minimum: 0, example: 42 })
  total!: number;
}
