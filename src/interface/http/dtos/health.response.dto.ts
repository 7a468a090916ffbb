import { ApiProperty } from '../openapi/optional-swagger.js';

class HealthStorageDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: string;
}

class HealthRevocationCacheDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Age of the revocation state; null before the first load',
    example: 412,
  })
  age_ms!: number | null;

  @ApiProperty({ type: 'integer', example: 10000 })
  max_staleness_ms!: number;

  @ApiProperty({ enum: ['fresh', 'lagging', 'stale'] })
  status!: string;
}

class HealthSigningKeyDto {
  @ApiProperty({ enum: ['ok', 'none', 'unusable', 'unknown'] })
  status!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Xq3v9bJfK2mQp0aZ' })
  kid!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      '`HS256`, `EdDSA` or `ES256`; null before the first key exists',
    example: 'HS256',
  })
  algorithm!: string | null;
}

/**
 * OpenAPI schema of `toHealthResponse`'s body (`HealthResponse`), for a host's health route:
 * 200 when `ok` or `degraded`, 503 when `error` (documentation only).
 */
export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'error'] })
  status!: string;

  @ApiProperty({ type: HealthStorageDto })
  storage!: HealthStorageDto;

  @ApiProperty({ type: HealthRevocationCacheDto })
  revocation_cache!: HealthRevocationCacheDto;

  @ApiProperty({ type: HealthSigningKeyDto })
  signing_key!: HealthSigningKeyDto;
}
