import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { UserResponseDto } from './user.response.dto.js';

/**
 * OpenAPI schema of `POST /auth/mfa/totp/confirm`'s answer: the recovery codes, and with an
 * enrolment `mfa_token` the tokens of the login it completes.
 */
export class TotpConfirmedResponseDto {
  @ApiProperty({
    type: [String],
    minItems: 10,
    maxItems: 10,
    description:
      'One-time codes for logins without the app, shown this once (only their hashes are stored)',
    example: ['ABCD-EFGH-IJKL-MNOP'],
  })
  recovery_codes!: string[];

  @ApiPropertyOptional({ description: 'With `mfa_token`: the access token' })
  access_token?: string;

  @ApiPropertyOptional({
    description:
      'With `mfa_token`: the refresh token (in the cookie instead with `refreshTokenCookie`)',
  })
  refresh_token?: string;

  @ApiPropertyOptional({ enum: ['Bearer'] })
  token_type?: string;

  @ApiPropertyOptional({
    description: 'With `mfa_token`: access-token lifetime, seconds',
  })
  expires_in?: number;

  @ApiPropertyOptional({ type: () => UserResponseDto })
  user?: UserResponseDto;
}
