import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { SigningKeyRotationResponseDto } from './signing-key-rotation.response.dto.js';

/** OpenAPI schema of `POST /auth/admin/rotations/global`'s answer (documentation only). */
export class GlobalRotationResponseDto {
  @ApiProperty({ example: 1 })
  previous_version!: number;

  @ApiProperty({ example: 2 })
  new_version!: number;

  @ApiProperty({ minimum: 0, example: 300 })
  grace_period_seconds!: number;

  @ApiProperty({ format: 'date-time', example: '2026-01-01T12:05:00.000Z' })
  grace_ends_at!: string;

  @ApiPropertyOptional({
    type: SigningKeyRotationResponseDto,
    description: 'Present when `rotate_signing_key` was asked for',
  })
  signing_key?: SigningKeyRotationResponseDto;
}
