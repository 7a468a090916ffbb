import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import {
  ApiProperty,
  ApiPropertyOptional,
} from '../openapi/optional-swagger.js';

/** A base64url field of a WebAuthn response (no padding), at most `maxLength` characters. */
export const Base64UrlField = (
  description: string,
  maxLength: number,
): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      description,
      minLength: 1,
      maxLength,
      pattern: '^[A-Za-z0-9_-]+$',
    }),
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be base64url' }),
  );

/** Credential ids are at most 1023 bytes (WebAuthn L3): 1364 base64url characters. */
export const CREDENTIAL_ID_MAX = 1364;

/** Transports WebAuthn L3 names; others are refused. */
export const TRANSPORTS = [
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
] as const;

/**
 * The fields every `PublicKeyCredential.toJSON()` has (WebAuthn L3), around the ceremony's own
 * `response` DTO: `RegistrationResponseJSON` and `AuthenticationResponseJSON` differ only there.
 * The returned base is extended by a named, `@ClosedSchema()` DTO per ceremony (the name is the
 * OpenAPI schema's); validation and OpenAPI metadata are inherited, the property order kept.
 */
export function PublicKeyCredentialFields<R extends object>(
  responseDto: new () => R,
) {
  abstract class PublicKeyCredentialFieldsDto {
    @Base64UrlField('Credential id', CREDENTIAL_ID_MAX)
    id!: string;

    @Base64UrlField('Credential id (the same)', CREDENTIAL_ID_MAX)
    rawId!: string;

    @ApiProperty({ enum: ['public-key'] })
    @IsIn(['public-key'])
    type!: string;

    @ApiProperty({ type: responseDto })
    @ValidateNested()
    @Type(() => responseDto)
    response!: R;

    @ApiProperty({ type: 'object', additionalProperties: true })
    @IsObject()
    clientExtensionResults!: Record<string, unknown>;

    @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
    @OptionalProperty()
    @IsIn(['platform', 'cross-platform'])
    authenticatorAttachment?: string;
  }
  return PublicKeyCredentialFieldsDto;
}
