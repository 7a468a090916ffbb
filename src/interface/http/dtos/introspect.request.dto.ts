import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClientCredentialsFields } from './client-credentials.fields.js';

/** Body of `POST /auth/introspect` (JSON or form-encoded, RFC 7662 §2.1). */
@ClosedSchema()
export class IntrospectRequestDto extends ClientCredentialsFields {
  @ApiProperty({
    description: 'The access token to introspect',
    minLength: 1,
    maxLength: 8192,
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9...',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  token!: string;

  @ApiPropertyOptional({
    enum: ['access_token', 'refresh_token'],
    description: 'A hint only: refresh tokens are never active here',
  })
  @OptionalProperty()
  @IsIn(['access_token', 'refresh_token'])
  token_type_hint?: string;
}
