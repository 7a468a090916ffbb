import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';
import { SsfDeliveryDto } from './ssf-delivery.dto.js';

/** Most event types one stream may ask for. */
export const SSF_MAX_EVENTS_REQUESTED = 32;

/** The receiver-supplied properties of a stream (SSF 1.0 §8.1.1), shared by create/update/replace. */
export class SsfStreamFields {
  @ApiPropertyOptional({
    description:
      'Event type URIs the receiver wants; unknown ones are kept but never delivered (`events_delivered` says what is)',
    type: [String],
    maxItems: SSF_MAX_EVENTS_REQUESTED,
    items: { type: 'string', maxLength: 256 },
    example: [
      'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
    ],
  })
  @OptionalProperty()
  @IsArray()
  @ArrayMaxSize(SSF_MAX_EVENTS_REQUESTED)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  events_requested?: string[];

  @ApiPropertyOptional({
    description:
      'Poll only; absent means poll (SSF 1.0 §8.1.1.1). The response names the poll URL',
    type: SsfDeliveryDto,
  })
  @OptionalProperty()
  @ValidateNested()
  @Type(() => SsfDeliveryDto)
  delivery?: SsfDeliveryDto;

  @ApiPropertyOptional({
    description: 'Free text for humans (`null` clears it on PATCH)',
    type: String,
    maxLength: 256,
    nullable: true,
    example: 'Risk engine, production',
  })
  @ValidateIf(
    (_body: object, value: unknown) => value !== undefined && value !== null,
  )
  @IsString()
  @MaxLength(256)
  description?: string | null;
}
