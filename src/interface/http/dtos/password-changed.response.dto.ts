import { ApiProperty } from '../openapi/optional-swagger.js';
import { TokenResponseDto } from './token.response.dto.js';

/** OpenAPI schema of `POST /auth/password/change`'s answer (documentation only). */
export class PasswordChangedResponseDto extends TokenResponseDto {
  @ApiProperty({
    minimum: 0,
    description:
      'Other sessions revoked (this one is kept, with these new tokens)',
    example: 2,
  })
  revoked_sessions!: number;
}
