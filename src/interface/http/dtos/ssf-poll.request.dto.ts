import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

/** Most `jti`s one poll may acknowledge or report. */
export const SSF_MAX_ACKS = 1000;

/** Body of `POST /auth/ssf/poll/{stream_id}` (RFC 8936 §2.4). */
@ClosedSchema()
export class SsfPollRequestDto {
  @ApiPropertyOptional({
    description: '`jti`s received and processed: deleted, never returned again',
    type: [String],
    maxItems: SSF_MAX_ACKS,
    items: { type: 'string', maxLength: 128 },
  })
  @OptionalProperty()
  @IsArray()
  @ArrayMaxSize(SSF_MAX_ACKS)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  ack?: string[];

  @ApiPropertyOptional({
    description:
      '`jti` -> `{ err, description }` for SETs the receiver could not process: deleted too, the error logged',
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { err: { type: 'string' }, description: { type: 'string' } },
    },
  })
  @OptionalProperty()
  @IsObject()
  setErrs?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'At most this many SETs (0: acknowledge only); more than 100 gets 100 and `moreAvailable`',
    type: 'integer',
    minimum: 0,
    maximum: 10000,
  })
  @OptionalProperty()
  @IsInt()
  @Min(0)
  @Max(10000)
  maxEvents?: number;

  @ApiPropertyOptional({
    description:
      'true: answer at once; false (the default): wait up to 5 s for a SET when none is queued',
  })
  @OptionalProperty()
  @IsBoolean()
  returnImmediately?: boolean;
}
