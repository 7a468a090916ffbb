import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';

/** Body of `POST /auth/mfa/totp/enroll`: empty with a Bearer token, or the enrolment's `mfa_token`. */
@ClosedSchema()
export class EnrollTotpRequestDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description:
      'Instead of a Bearer token: the `mfa_token` a login answered with `methods: ["totp_enroll"]` (the `mfa` policy requires a factor)',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mfa_token?: string;
}
