import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '../openapi/optional-swagger.js';

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
