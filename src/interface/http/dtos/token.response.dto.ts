import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** OpenAPI schema of a token pair (RFC 6749 §5.1; documentation only). */
export class TokenResponseDto {
  @ApiProperty({
    description: 'JWT (`typ` at+jwt)',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9...',
  })
  access_token!: string;

  @ApiPropertyOptional({
    description:
      'Opaque, single use: rotated by `/refresh`. Absent with `refreshTokenCookie` (it travels as an HttpOnly cookie)',
    example: 'kq3Z...',
  })
  refresh_token?: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({
    description: 'Access-token lifetime in seconds',
    example: 900,
  })
  expires_in!: number;
}
