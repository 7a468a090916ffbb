import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** OpenAPI schema of every error body (documentation only; see `AuthErrorBody`). */
export class ErrorResponseDto {
  @ApiProperty({ example: 401 })
  statusCode!: number;

  @ApiProperty({ example: 'Unauthorized', description: 'HTTP reason phrase' })
  error!: string;

  @ApiProperty({
    example: 'invalid_token',
    description:
      'Stable machine-readable code (`invalid_credentials`, `invalid_token`, `token_revoked`, ...)',
  })
  code!: string;

  @ApiProperty({ example: 'The access token is invalid' })
  message!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Validation errors only: one entry per rule broken',
    example: ['password must be longer than or equal to 1 characters'],
  })
  details?: string[];
}
