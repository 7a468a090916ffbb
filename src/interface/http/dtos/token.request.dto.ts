import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { ClientCredentialsFields } from './client-credentials.fields.js';

/** Body of `POST /auth/token` (RFC 6749 §6 and §4.4.2, form-encoded). */
@ClosedSchema()
export class TokenRequestDto extends ClientCredentialsFields {
  @ApiProperty({
    description:
      '`refresh_token` or `client_credentials`; any other is 400 `unsupported_grant_type`',
    minLength: 1,
    maxLength: 64,
    example: 'refresh_token',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  grant_type!: string;

  @ApiPropertyOptional({
    description: 'Required with `grant_type=refresh_token`',
    minLength: 1,
    maxLength: 512,
    example: 'kq3Z...',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token?: string;

  @ApiPropertyOptional({
    description:
      '`client_credentials`: space-delimited scopes, a subset of the client’s (default: all of them)',
    minLength: 1,
    maxLength: 1024,
    example: 'reports:read',
  })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  scope?: string;
}
