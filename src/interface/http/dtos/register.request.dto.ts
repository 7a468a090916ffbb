import {
  IsEmail,
  IsString,
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/register`. Limits here are wire-level; domain rules are checked after. */
export class RegisterRequestDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 32,
    description: 'Further rules (allowed characters) are checked by the domain',
    example: 'alice',
  })
  @IsString()
  @Length(3, 32)
  username!: string;

  @ApiProperty({
    format: 'email',
    maxLength: 254,
    example: 'alice@example.test',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  // Characters here; the configurable byte limit (argon2 input bound) is checked in the domain.
  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    description:
      'At least `password.minLength` characters (default 8) and at most `password.maxBytes` UTF-8 bytes (default 1024), checked by the domain',
    example: 'correct horse battery',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password!: string;
}
