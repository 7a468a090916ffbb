import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/login`'s answer when a second factor is due (no tokens). */
export class MfaRequiredResponseDto {
  @ApiProperty({ enum: [true] })
  mfa_required!: true;

  @ApiProperty({
    description:
      'Short-lived, single-use token of this login, for `POST /auth/mfa/verify` (or the passkey ceremony). Not an access or refresh token.',
  })
  mfa_token!: string;

  @ApiProperty({
    type: [String],
    enum: ['totp', 'recovery_code', 'webauthn', 'totp_enroll'],
    description:
      'How the login can be completed; `totp_enroll` alone: policy requires a factor, enrol one with this token.',
  })
  methods!: string[];

  @ApiProperty({ description: 'Seconds until `mfa_token` expires' })
  expires_in!: number;
}
