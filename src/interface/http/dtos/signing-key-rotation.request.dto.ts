import { IsBoolean, IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';

/** Body of `POST /auth/admin/rotations/keys`. */
@ClosedSchema()
export class SigningKeyRotationRequestDto {
  @ApiPropertyOptional({
    description: 'Why, recorded with the rotation',
    maxLength: 500,
    example: 'quarterly key rotation',
  })
  @OptionalProperty()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    description:
      'Revoke every older key at once (a key may have leaked): their tokens stop verifying and clients must refresh. Default false: older keys verify until their tokens expire.',
    default: false,
  })
  @OptionalProperty()
  @IsBoolean()
  revoke_previous_keys?: boolean;
}
