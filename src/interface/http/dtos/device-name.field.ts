import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalProperty } from '../decorators/optional-property.decorator.js';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

/** The longest `device_name` a session keeps (its label in the sessions list). */
export const DEVICE_NAME_MAX = 100;

/**
 * The optional `device_name` of a request that starts a session (login, a second factor): one
 * bound and one set of validators wherever a session can be named.
 */
export const DeviceNameField = (
  options: { description?: string; example?: string } = {},
): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      minLength: 1,
      maxLength: DEVICE_NAME_MAX,
      description:
        options.description ??
        'A name for this device, shown in the sessions list',
      ...(options.example === undefined ? {} : { example: options.example }),
    }),
    OptionalProperty(),
    IsString(),
    MinLength(1),
    MaxLength(DEVICE_NAME_MAX),
  );
