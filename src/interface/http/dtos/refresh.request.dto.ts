import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';

/** Body of `POST /auth/refresh`. */
@ClosedSchema()
export class RefreshRequestDto {
  @ApiPropertyOptional({
    description:
      'The refresh token of the last token pair. Required unless `refreshTokenCookie` is on and the cookie carries it',
    minLength: 1,
    maxLength: 512,
    example: 'kq3Z...',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token?: string;
}
