import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/mfa/totp/enroll`'s answer. */
export class TotpEnrollmentResponseDto {
  @ApiProperty({
    description:
      'The shared secret, base32: for typing into the authenticator app. Answered this once.',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret!: string;

  @ApiProperty({
    description:
      '`otpauth://totp/<issuer>:<username>?secret=...&issuer=...`: the content of the QR code to show',
  })
  otpauth_uri!: string;
}
