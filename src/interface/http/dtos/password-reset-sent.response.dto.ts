import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/admin/users/:id/password-reset`'s answer (documentation only). */
export class PasswordResetSentResponseDto {
  @ApiProperty({ example: 'Password reset mail queued' })
  message!: string;

  @ApiProperty({ minimum: 0, example: 1 })
  revoked_sessions!: number;
}
