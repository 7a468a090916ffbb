import { ValidateIf } from 'class-validator';

/**
 * An optional body property: absent is fine, `null` is not. `@IsOptional()` lets `null` through,
 * which the use cases take for a value (`roles: null` threw a 500; on MongoDB `is_active: null`
 * would deactivate without the token-version bump) and which the document does not allow (these
 * properties are not nullable): only `undefined` skips the property's validators.
 */
export const OptionalProperty = (): PropertyDecorator =>
  ValidateIf((_body: object, value: unknown) => value !== undefined);
