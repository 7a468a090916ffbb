import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/admin/users/:id/mfa/reset`'s answer (documentation only). */
export class MfaResetResponseDto {
  @ApiProperty({ example: 'Second factors reset' })
  message!: string;

  @ApiProperty({ minimum: 0, example: 2 })
  revoked_sessions!: number;
}
