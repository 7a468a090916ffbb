import { IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/password/change`. */
export class ChangePasswordRequestDto {
  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    description: 'The password now (counts toward the login lockout)',
    example: 'correct horse battery',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  current_password!: string;

  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    description:
      'At least `password.minLength` characters (default 8) and at most `password.maxBytes` UTF-8 bytes (default 1024), checked by the domain',
    example: 'correct horse battery staple',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  new_password!: string;
}
