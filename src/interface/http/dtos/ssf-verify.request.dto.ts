import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** Body of `POST /auth/ssf/verify` (SSF 1.0 §8.1.4.2). */
@ClosedSchema()
export class SsfVerifyRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  stream_id!: string;

  @ApiPropertyOptional({
    description: "Echoed as the verification event's `state`",
    maxLength: 256,
  })
  @OptionalProperty()
  @IsString()
  @MaxLength(256)
  state?: string;
}
