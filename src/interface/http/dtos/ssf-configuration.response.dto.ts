import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of an SSF authorization scheme (SSF 1.0 §7.1.1). */
export class SsfAuthorizationSchemeDto {
  @ApiProperty({
    description:
      'OAuth 2.0: a client-credentials access token with an SSF scope',
    example: 'urn:ietf:rfc:6749',
  })
  spec_urn!: string;
}

/** OpenAPI schema of the SSF 1.0 §7.1 transmitter configuration metadata (documentation only). */
export class SsfConfigurationResponseDto {
  @ApiProperty({ example: '1_0' })
  spec_version!: string;

  @ApiProperty({
    description: 'The configured `issuer`, the `iss` of every SET',
    example: 'https://auth.example.com',
  })
  issuer!: string;

  @ApiProperty({
    example: 'https://auth.example.com/auth/.well-known/jwks.json',
  })
  jwks_uri!: string;

  @ApiProperty({
    type: [String],
    description: 'RFC 8936 poll delivery only (no push)',
    example: ['urn:ietf:rfc:8936'],
  })
  delivery_methods_supported!: string[];

  @ApiProperty({ example: 'https://auth.example.com/auth/ssf/streams' })
  configuration_endpoint!: string;

  @ApiProperty({ example: 'https://auth.example.com/auth/ssf/status' })
  status_endpoint!: string;

  @ApiProperty({ example: 'https://auth.example.com/auth/ssf/verify' })
  verification_endpoint!: string;

  @ApiProperty({ type: [SsfAuthorizationSchemeDto] })
  authorization_schemes!: SsfAuthorizationSchemeDto[];

  @ApiProperty({
    description:
      'Every subject is in every stream (there are no add/remove subject endpoints)',
    example: 'ALL',
  })
  default_subjects!: string;
}
