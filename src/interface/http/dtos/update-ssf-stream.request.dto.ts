import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';
import { SsfStreamFields } from './ssf-stream-fields.js';

/**
 * Body of `PATCH` / `PUT /auth/ssf/streams` (SSF 1.0 §8.1.1.3-4): `stream_id`, the receiver-supplied
 * properties to set, and optionally transmitter-supplied ones, which must match the stream.
 */
@ClosedSchema()
export class UpdateSsfStreamRequestDto extends SsfStreamFields {
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    example: '0b6c2c5e-8e1f-4f5a-9d55-2a7f1c0e6d10',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  stream_id!: string;

  @ApiPropertyOptional({ description: 'Must be the issuer', maxLength: 2048 })
  @OptionalProperty()
  @IsString()
  @MaxLength(2048)
  iss?: string;

  @ApiPropertyOptional({
    description:
      "Must be the receiver's client id (a string, or an array of it)",
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  // A string or an array of strings: checked by the controller (class-validator has no union).
  @OptionalProperty()
  @Allow()
  aud?: unknown;

  @ApiPropertyOptional({
    description: "Must be the stream's `events_supported`",
    type: [String],
    maxItems: 64,
  })
  @OptionalProperty()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  events_supported?: string[];

  @ApiPropertyOptional({
    description: "Must be the stream's `events_delivered` before the change",
    type: [String],
    maxItems: 64,
  })
  @OptionalProperty()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  events_delivered?: string[];

  @ApiPropertyOptional({
    description: 'Must be the inactivity timeout',
    type: 'integer',
  })
  @OptionalProperty()
  @IsInt()
  inactivity_timeout?: number;
}
