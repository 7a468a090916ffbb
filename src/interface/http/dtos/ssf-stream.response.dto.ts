import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** OpenAPI schema of a stream's `delivery` in answers. */
export class SsfDeliveryResponseDto {
  @ApiProperty({ example: 'urn:ietf:rfc:8936' })
  method!: string;

  @ApiProperty({
    description: 'The RFC 8936 poll endpoint of this stream',
    example:
      'https://auth.example.com/auth/ssf/poll/0b6c2c5e-8e1f-4f5a-9d55-2a7f1c0e6d10',
  })
  endpoint_url!: string;
}

/** OpenAPI schema of an SSF 1.0 §8.1.1 stream configuration (documentation only). */
export class SsfStreamResponseDto {
  @ApiProperty({ example: '0b6c2c5e-8e1f-4f5a-9d55-2a7f1c0e6d10' })
  stream_id!: string;

  @ApiProperty({ description: "The issuer, every SET's `iss`" })
  iss!: string;

  @ApiProperty({ description: "The receiver's client id, every SET's `aud`" })
  aud!: string;

  @ApiProperty({ type: SsfDeliveryResponseDto })
  delivery!: SsfDeliveryResponseDto;

  @ApiProperty({ type: [String] })
  events_supported!: string[];

  @ApiProperty({ type: [String] })
  events_requested!: string[];

  @ApiProperty({
    type: [String],
    description:
      '`events_requested` ∩ `events_supported`: what the stream carries',
  })
  events_delivered!: string[];

  @ApiPropertyOptional()
  description?: string;

  @ApiProperty({
    description:
      'Seconds without a poll or management call after which the stream is deleted',
    example: 2592000,
  })
  inactivity_timeout!: number;
}

/** OpenAPI schema of an SSF 1.0 §8.1.2 stream status. */
export class SsfStreamStatusResponseDto {
  @ApiProperty()
  stream_id!: string;

  @ApiProperty({ enum: ['enabled', 'paused', 'disabled'] })
  status!: string;

  @ApiPropertyOptional()
  reason?: string;
}

/** OpenAPI schema of an RFC 8936 §2.5 poll answer. */
export class SsfPollResponseDto {
  @ApiProperty({
    description: '`jti` -> the SET (a compact JWS, `typ` `secevent+jwt`)',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  sets!: Record<string, string>;

  @ApiProperty({ description: 'More SETs are queued than were returned' })
  moreAvailable!: boolean;
}
