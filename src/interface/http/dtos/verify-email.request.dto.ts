import { IsString, MaxLength, MinLength } from 'class-validator';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { ApiProperty } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/email/verify` (a verification or an email-change link). */
@ClosedSchema()
export class VerifyEmailRequestDto {
  @ApiProperty({
    description: 'The `token` query parameter of the mailed link',
    minLength: 1,
    maxLength: 256,
    example: '5d0c7a1e-2f7b-4a43-9d1e-6b0f0c9a8e21.Yx3k…',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  token!: string;
}
