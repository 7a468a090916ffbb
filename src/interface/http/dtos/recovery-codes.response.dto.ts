import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of the answer of `POST /auth/mfa/totp/confirm` and `/auth/mfa/recovery-codes`. */
export class RecoveryCodesResponseDto {
  @ApiProperty({
    type: [String],
    minItems: 10,
    maxItems: 10,
    description:
      'One-time codes for logins without the app, shown this once (only their hashes are stored); a new set voids the previous one',
    example: ['ABCD-EFGH-IJKL-MNOP'],
  })
  recovery_codes!: string[];
}
