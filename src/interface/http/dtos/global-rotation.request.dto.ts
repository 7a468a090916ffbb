import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

/** Body of `POST /auth/admin/rotations/global`. */
export class GlobalRotationRequestDto {
  @ApiPropertyOptional({
    description: 'Why, recorded with the rotation',
    maxLength: 500,
    example: 'key leak drill',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  /** Upper bound (the refresh-token lifetime) is checked by the use case. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description:
      'How long tokens of the previous version stay valid; at most the refresh-token lifetime. Default: `globalGracePeriodSeconds`',
    example: 300,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  grace_period_seconds?: number;

  @ApiPropertyOptional({
    description:
      'Also make a fresh signing key active (older keys verify until their tokens expire). Default false.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  rotate_signing_key?: boolean;
}
