import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of an RFC 6749 §5.2 error (the token and revocation endpoints; documentation only). */
export class OAuthErrorResponseDto {
  @ApiProperty({
    description:
      '`invalid_request`, `invalid_client`, `invalid_grant`, `unauthorized_client`, `unsupported_grant_type`, `invalid_scope`, `too_many_attempts`, `rate_limited`, `temporarily_unavailable`',
    example: 'invalid_grant',
  })
  error!: string;

  @ApiProperty({
    description: 'Human-readable, printable ASCII',
    example: 'The refresh token is invalid',
  })
  error_description!: string;
}
