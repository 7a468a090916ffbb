import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** Body of `POST /auth/ssf/status` (SSF 1.0 §8.1.2.2). */
@ClosedSchema()
export class SsfStreamStatusRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  stream_id!: string;

  @ApiProperty({
    enum: ['enabled', 'paused', 'disabled'],
    description:
      '`paused` holds SETs until `enabled`; `disabled` drops the queued ones and holds none',
  })
  @IsIn(['enabled', 'paused', 'disabled'])
  status!: 'enabled' | 'paused' | 'disabled';

  @ApiPropertyOptional({ maxLength: 256, example: 'maintenance' })
  @OptionalProperty()
  @IsString()
  @MaxLength(256)
  reason?: string;
}
