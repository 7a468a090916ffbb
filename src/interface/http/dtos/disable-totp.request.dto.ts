import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { TOTP_CODE_PATTERN } from './totp-code.request.dto.js';

/** Body of `DELETE /auth/mfa/totp`: a current code or the password (exactly one). */
@ClosedSchema({ requireOneOf: ['code', 'password'] })
export class DisableTotpRequestDto {
  @ApiPropertyOptional({
    pattern: TOTP_CODE_PATTERN.source,
    description: 'A current code of the factor being removed',
    example: '123456',
  })
  @OptionalProperty()
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    description: 'The password now (counts toward the login lockout)',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password?: string;
}
