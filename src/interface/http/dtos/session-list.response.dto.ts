import { ApiProperty } from '../openapi/optional-swagger.js';
import { SessionResponseDto } from './session.response.dto.js';

/** OpenAPI schema of a sessions list, newest first (documentation only). */
export class SessionListResponseDto {
  @ApiProperty({ type: [SessionResponseDto], maxItems: 100 })
  sessions!: SessionResponseDto[];
}
