import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsString,
  Length,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

// Absent only (null is not "absent": see UpdateUserRequestDto).
const unlessAbsent = ValidateIf(
  (_body: object, value: unknown) => value !== undefined,
);

/** Body of `POST /auth/admin/users`. */
export class CreateUserRequestDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 32,
    description: 'Further rules (allowed characters) are checked by the domain',
    example: 'bob',
  })
  @IsString()
  @Length(3, 32)
  username!: string;

  @ApiProperty({
    format: 'email',
    maxLength: 254,
    example: 'bob@example.test',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 64 },
    maxItems: 32,
    description: 'Default: the configured default roles',
    example: ['user'],
  })
  @unlessAbsent
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles?: string[];

  @ApiPropertyOptional({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    description:
      'Without it, the user gets an invitation mail with a link that sets the first password',
    example: 'correct horse battery staple',
  })
  @unlessAbsent
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password?: string;
}
