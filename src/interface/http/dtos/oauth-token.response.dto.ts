import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** OpenAPI schema of a `POST /auth/token` answer (RFC 6749 §5.1; documentation only). */
export class OAuthTokenResponseDto {
  @ApiProperty({
    description: 'JWT (`typ` at+jwt, RFC 9068)',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9...',
  })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({
    description: 'Access-token lifetime in seconds',
    example: 900,
  })
  expires_in!: number;

  @ApiPropertyOptional({
    description:
      '`refresh_token` grant only: the next refresh token (the presented one is spent)',
    example: 'kq3Z...',
  })
  refresh_token?: string;

  @ApiPropertyOptional({
    description: '`client_credentials` grant only: the granted scopes',
    example: 'reports:read',
  })
  scope?: string;
}
