import { IsString, Matches } from 'class-validator';
import { ApiProperty } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';

/** The six digits an authenticator app shows now. */
export const TOTP_CODE_PATTERN = /^\d{6}$/;

/** Body of `POST /auth/mfa/totp/confirm` and `POST /auth/mfa/recovery-codes`. */
@ClosedSchema()
export class TotpCodeRequestDto {
  @ApiProperty({
    pattern: TOTP_CODE_PATTERN.source,
    description:
      'The current code of the authenticator app (one step either side is accepted, each code once; wrong codes count toward a lockout)',
    example: '123456',
  })
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code!: string;
}
