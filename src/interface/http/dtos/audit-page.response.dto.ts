import { ApiProperty } from '../openapi/optional-swagger.js';
import { AuditRecordResponseDto } from './audit-record.response.dto.js';

/** OpenAPI schema of `GET /auth/admin/audit`'s answer: one page of the audit trail (documentation only). */
export class AuditPageResponseDto {
  @ApiProperty({ type: () => [AuditRecordResponseDto] })
  items!: AuditRecordResponseDto[];

  @ApiProperty({ minimum: 0, maximum: 100_000, example: 0 })
  skip!: number;

  @ApiProperty({ minimum: 1, maximum: 100, example: 20 })
  limit!: number;

  @ApiProperty({ minimum: 0, example: 42 })
  total!: number;
}
