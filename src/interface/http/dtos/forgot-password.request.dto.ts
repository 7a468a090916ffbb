import { IsEmail, IsString, MaxLength } from 'class-validator';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/password/forgot`. */
@ClosedSchema()
export class ForgotPasswordRequestDto {
  @ApiProperty({
    format: 'email',
    maxLength: 254,
    example: 'alice@example.test',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;
}
