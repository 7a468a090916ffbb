import { ApiProperty } from '../openapi/optional-swagger.js';
import { TokenResponseDto } from './token.response.dto.js';
import { UserResponseDto } from './user.response.dto.js';

/** OpenAPI schema of `POST /auth/login`'s answer: a token pair and the user (documentation only). */
export class LoginResponseDto extends TokenResponseDto {
  @ApiProperty({ type: () => UserResponseDto })
  user!: UserResponseDto;
}
