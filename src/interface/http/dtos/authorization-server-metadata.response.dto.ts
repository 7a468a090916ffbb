import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of the RFC 8414 metadata (documentation only). */
export class AuthorizationServerMetadataResponseDto {
  @ApiProperty({
    description: 'The configured `issuer`, the `iss` of every token',
    example: 'https://auth.example.com',
  })
  issuer!: string;

  @ApiProperty({ example: 'https://auth.example.com/auth/token' })
  token_endpoint!: string;

  @ApiProperty({ example: 'https://auth.example.com/auth/revoke' })
  revocation_endpoint!: string;

  @ApiProperty({ example: 'https://auth.example.com/auth/introspect' })
  introspection_endpoint!: string;

  @ApiProperty({
    example: 'https://auth.example.com/auth/.well-known/jwks.json',
  })
  jwks_uri!: string;

  @ApiProperty({
    type: [String],
    description: 'Empty: there is no authorization endpoint',
    example: [],
  })
  response_types_supported!: string[];

  @ApiProperty({
    type: [String],
    example: ['refresh_token', 'client_credentials'],
  })
  grant_types_supported!: string[];

  @ApiProperty({
    type: [String],
    example: ['client_secret_basic', 'client_secret_post', 'none'],
  })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({
    type: [String],
    example: ['client_secret_basic', 'client_secret_post', 'none'],
  })
  revocation_endpoint_auth_methods_supported!: string[];

  @ApiProperty({
    type: [String],
    example: ['client_secret_basic', 'client_secret_post'],
  })
  introspection_endpoint_auth_methods_supported!: string[];

  @ApiProperty({
    type: [String],
    description: 'Every scope some configured client may be granted',
    example: ['reports:read'],
  })
  scopes_supported!: string[];
}
