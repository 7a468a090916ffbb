import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';

// Not @IsOptional: it lets null through, which the use case takes for a value (roles: null threw a
// 500; on MongoDB is_active: null would deactivate without the token-version bump). Absent only.
const unlessAbsent = ValidateIf(
  (_body: object, value: unknown) => value !== undefined,
);

/** Body of `PATCH /auth/admin/users/:id`. */
export class UpdateUserRequestDto {
  @unlessAbsent
  @IsBoolean()
  is_active?: boolean;

  @unlessAbsent
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles?: string[];
}
