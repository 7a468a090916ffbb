import { IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/login`; `username` may also be the account's email address. */
export class LoginRequestDto {
  @ApiProperty({
    description: 'Username or email address',
    minLength: 1,
    maxLength: 254,
    example: 'alice',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  username!: string;

  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    example: 'correct horse battery',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password!: string;
}
