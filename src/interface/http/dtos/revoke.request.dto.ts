import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { ClientCredentialsFields } from './client-credentials.fields.js';

/** Body of `POST /auth/revoke` (RFC 7009 §2.1, form-encoded). */
@ClosedSchema()
export class RevokeRequestDto extends ClientCredentialsFields {
  @ApiProperty({
    description: 'The refresh or access token to revoke',
    minLength: 1,
    maxLength: 8192,
    example: 'kq3Z...',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  token!: string;

  @ApiPropertyOptional({
    description:
      '`refresh_token` or `access_token`: where to look first (both are looked up; any other value is ignored)',
    minLength: 1,
    maxLength: 64,
    example: 'refresh_token',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  token_type_hint?: string;
}
