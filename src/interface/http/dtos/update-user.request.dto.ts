import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

// Not @IsOptional: it lets null through, which the use case takes for a value (roles: null threw a
// 500; on MongoDB is_active: null would deactivate without the token-version bump). Absent only.
const unlessAbsent = ValidateIf(
  (_body: object, value: unknown) => value !== undefined,
);

/** Body of `PATCH /auth/admin/users/:id`. */
export class UpdateUserRequestDto {
  @ApiPropertyOptional({
    description: 'false deactivates and revokes every token of the user',
    example: false,
  })
  @unlessAbsent
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 64 },
    maxItems: 32,
    description: 'Replaces the roles',
    example: ['user', 'staff'],
  })
  @unlessAbsent
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
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
