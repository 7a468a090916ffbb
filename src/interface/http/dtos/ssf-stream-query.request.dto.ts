import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** Query of `GET /auth/ssf/streams`: one stream, or (absent) all of the caller's. */
@ClosedSchema()
export class SsfStreamsQueryDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @OptionalProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  stream_id?: string;
}

/** Query of `DELETE /auth/ssf/streams` and `GET /auth/ssf/status`: the stream. */
@ClosedSchema()
export class SsfStreamIdQueryDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  stream_id!: string;
}
