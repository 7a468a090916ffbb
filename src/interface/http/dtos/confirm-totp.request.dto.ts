import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { TOTP_CODE_PATTERN } from './totp-code.request.dto.js';
import { DeviceNameField } from './device-name.field.js';

/** Body of `POST /auth/mfa/totp/confirm`. */
@ClosedSchema()
export class ConfirmTotpRequestDto {
  @ApiProperty({
    pattern: TOTP_CODE_PATTERN.source,
    description:
      'The current code of the authenticator app (wrong codes count toward a lockout)',
    example: '123456',
  })
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code!: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description:
      'Instead of a Bearer token: the enrolment `mfa_token` of a login; the answer then also carries the tokens of that login',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mfa_token?: string;

  @DeviceNameField({
    description:
      'With `mfa_token`: a name for this device, shown in the sessions list',
  })
  device_name?: string;
}
