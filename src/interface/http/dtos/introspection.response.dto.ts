import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { UserResponseDto } from './user.response.dto.js';

/**
 * OpenAPI schema of `POST /auth/introspect`'s answer (RFC 7662 §2.2; documentation only): only
 * `active` when the token is not active, every field otherwise.
 */
export class IntrospectionResponseDto {
  @ApiProperty({ example: true })
  active!: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'User id' })
  sub?: string;

  @ApiPropertyOptional({ example: 'alice' })
  username?: string;

  @ApiPropertyOptional({
    description: 'Expiry, seconds since the epoch',
    example: 1767270000,
  })
  exp?: number;

  @ApiPropertyOptional({
    description: 'Issue time, seconds since the epoch',
    example: 1767269100,
  })
  iat?: number;

  @ApiPropertyOptional({ description: 'Token id' })
  jti?: string;

  @ApiPropertyOptional({ description: 'Session id' })
  sid?: string;

  @ApiPropertyOptional({ example: 'tokenward' })
  iss?: string;

  @ApiPropertyOptional({ example: 'tokenward' })
  aud?: string;

  @ApiPropertyOptional({ enum: ['access_token'] })
  token_type?: 'access_token';

  @ApiPropertyOptional({ type: [String], example: ['user'] })
  roles?: string[];

  @ApiPropertyOptional({ type: () => UserResponseDto })
  user?: UserResponseDto;
}
