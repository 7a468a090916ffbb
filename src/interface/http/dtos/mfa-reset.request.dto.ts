import { IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';

/** Body of `POST /auth/admin/users/:id/mfa/reset` (optional). */
@ClosedSchema()
export class MfaResetRequestDto {
  @ApiPropertyOptional({
    description: 'Why, recorded with the reset in the audit trail',
    maxLength: 500,
    example: 'lost phone',
  })
  @OptionalProperty()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
