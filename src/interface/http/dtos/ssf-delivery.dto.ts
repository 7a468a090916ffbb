import { IsString, MaxLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ClosedSchema } from '../openapi/closed-schema.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** A stream's `delivery` (SSF 1.0 §6.1): RFC 8936 poll, at the URL the transmitter gives. */
@ClosedSchema()
export class SsfDeliveryDto {
  @ApiProperty({
    description:
      'Only `urn:ietf:rfc:8936` (poll); push (`urn:ietf:rfc:8935`) is refused with 400',
    maxLength: 256,
    example: 'urn:ietf:rfc:8936',
  })
  @IsString()
  @MaxLength(256)
  method!: string;

  @ApiPropertyOptional({
    description:
      "Transmitter-supplied for poll: omit it, or repeat the stream's own poll URL",
    maxLength: 2048,
    example:
      'https://auth.example.com/auth/ssf/poll/0b6c2c5e-8e1f-4f5a-9d55-2a7f1c0e6d10',
  })
  @OptionalProperty()
  @IsString()
  @MaxLength(2048)
  endpoint_url?: string;
}
