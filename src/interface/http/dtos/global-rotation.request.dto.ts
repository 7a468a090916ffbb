import { IsBoolean, IsInt, IsString, MaxLength, Min } from 'class-validator';
import { DEFAULT_REFRESH_TOKEN_TTL_SECONDS } from '../../../application/auth-config.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';

/** Body of `POST /auth/admin/rotations/global`. */
@ClosedSchema()
export class GlobalRotationRequestDto {
  @ApiPropertyOptional({
    description: 'Why, recorded with the rotation',
    maxLength: 500,
    example: 'key leak drill',
  })
  @OptionalProperty()
  @IsString()
  @MaxLength(500)
  reason?: string;

  /** Upper bound (the refresh-token lifetime) is checked by the use case. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    // The document states the default lifetime (`refreshTokenTtlSeconds`).
    maximum: DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    description:
      'How long tokens of the previous version stay valid; at most the refresh-token lifetime (`refreshTokenTtlSeconds`, default 30 days). Default: `globalGracePeriodSeconds`',
    example: 300,
  })
  @OptionalProperty()
  @IsInt()
  @Min(0)
  grace_period_seconds?: number;

  @ApiPropertyOptional({
    description:
      'Also make a fresh signing key active (older keys verify until their tokens expire). Default false.',
    default: false,
  })
  @OptionalProperty()
  @IsBoolean()
  rotate_signing_key?: boolean;
}
