import { IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';

/** Body of `POST /auth/admin/users/:id/rotations`. */
@ClosedSchema()
export class UserRotationRequestDto {
  @ApiPropertyOptional({
    description: 'Why, recorded with the rotation',
    maxLength: 500,
    example: 'lost laptop',
  })
  @OptionalProperty()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
