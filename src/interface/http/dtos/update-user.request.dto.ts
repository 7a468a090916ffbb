import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsString,
  MaxLength,
} from 'class-validator';
import { ROLE_PATTERN } from '../../../domain/value-objects/roles.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';

/** Body of `PATCH /auth/admin/users/:id`; `reason` alone changes nothing and is refused. */
@ClosedSchema({ requireAnyOf: ['is_active', 'roles'] })
export class UpdateUserRequestDto {
  @ApiPropertyOptional({
    description: 'false deactivates and revokes every token of the user',
    example: false,
  })
  @OptionalProperty()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 64, pattern: ROLE_PATTERN.source },
    maxItems: 32,
    description: 'Replaces the roles',
    example: ['user', 'staff'],
  })
  @OptionalProperty()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles?: string[];

  @ApiPropertyOptional({
    description: 'Why, recorded in the audit trail (changes nothing by itself)',
    maxLength: 500,
    example: 'left the company',
  })
  @OptionalProperty()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
