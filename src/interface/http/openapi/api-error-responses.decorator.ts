import { applyDecorators } from '@nestjs/common';
import { ErrorResponseDto } from '../dtos/error.response.dto.js';
import { ApiResponse } from './optional-swagger.js';

/**
 * Documents error answers of a route, all in Tokenward's `{ statusCode, error, code, message }`
 * format: `{ 401: 'invalid_token, token_expired', ... }` (status -> what it means there).
 */
export function ApiErrorResponses(
  errors: Readonly<Record<number, string>>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        type: ErrorResponseDto,
      }),
    ),
  );
}
