import { IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';

/** Body of `POST /auth/refresh`. */
@ClosedSchema()
export class RefreshRequestDto {
  @ApiProperty({
    description: 'The refresh token of the last token pair',
    minLength: 1,
    maxLength: 512,
    example: 'kq3Z...',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token!: string;
}
