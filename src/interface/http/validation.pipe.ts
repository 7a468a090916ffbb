import { ValidationPipe } from '@nestjs/common';

/**
 * The pipe on every Tokenward body and query: unknown properties are rejected (not silently
 * dropped), values are never echoed back, and nothing is coerced into a string.
 */
export function createAuthValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
}
