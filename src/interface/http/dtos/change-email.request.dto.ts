import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/email/change`. */
@ClosedSchema()
export class ChangeEmailRequestDto {
  @ApiProperty({
    format: 'email',
    maxLength: 254,
    example: 'alice@new.example.test',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'new_email must be a valid email address' })
  new_email!: string;

  @ApiProperty({
    format: 'password',
    minLength: 1,
    maxLength: 4096,
    description: 'The current password (counts toward the login lockout)',
    example: 'correct horse battery',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  password!: string;
}
