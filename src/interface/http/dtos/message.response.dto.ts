import { ApiProperty } from '../openapi/optional-swagger.js';

/** OpenAPI schema of `POST /auth/logout`'s answer (documentation only). */
export class MessageResponseDto {
  @ApiProperty({ example: 'Logged out' })
  message!: string;
}
