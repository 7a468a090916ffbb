import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/logout-all`'s answer (documentation only). */
export class LogoutAllResponseDto {
  @ApiProperty({ example: 'Logged out of all sessions' })
  message!: string;

  @ApiProperty({ minimum: 0, example: 3 })
  revoked_sessions!: number;
}
