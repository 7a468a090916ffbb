import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { TOTP_CODE_PATTERN } from './totp-code.request.dto.js';
import { DeviceNameField } from './device-name.field.js';

/** Body of `POST /auth/mfa/verify`: the login's `mfa_token` and a code or a recovery code. */
@ClosedSchema({ requireOneOf: ['code', 'recovery_code'] })
export class VerifyMfaRequestDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    description: 'The `mfa_token` `POST /auth/login` answered',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mfa_token!: string;

  @ApiPropertyOptional({
    pattern: TOTP_CODE_PATTERN.source,
    description: 'The current code of the authenticator app',
    example: '123456',
  })
  @OptionalProperty()
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 64,
    description:
      'One of the recovery codes (case, spaces and dashes do not matter); each works once',
    example: 'ABCD-EFGH-IJKL-MNOP',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  recovery_code?: string;

  @DeviceNameField()
  device_name?: string;
}
