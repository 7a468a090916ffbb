import { createRequire } from 'node:module';
import type * as Swagger from '@nestjs/swagger';

// @nestjs/swagger is an optional peer: hosts that publish no OpenAPI document do not install it.
// Its decorators would need the package at import time, so the controllers and DTOs take them from
// here instead: the real ones when the host has the package, no-ops otherwise. A synchronous
// require() (Node >= 20.19 loads the ESM package this way) keeps the library free of top-level
// await, so hosts can still require() it.

/** The decorators (and the one helper) Tokenward's HTTP edge uses from `@nestjs/swagger`. */
export type SwaggerDecorators = Pick<
  typeof Swagger,
  | 'ApiAcceptedResponse'
  | 'ApiBasicAuth'
  | 'ApiBearerAuth'
  | 'ApiBody'
  | 'ApiConsumes'
  | 'ApiCreatedResponse'
  | 'ApiExcludeEndpoint'
  | 'ApiExtraModels'
  | 'ApiOkResponse'
  | 'ApiOperation'
  | 'ApiParam'
  | 'ApiProperty'
  | 'ApiPropertyOptional'
  | 'ApiResponse'
  | 'ApiSchema'
  | 'ApiTags'
  | 'getSchemaPath'
>;

const DECORATOR_NAMES = [
  'ApiAcceptedResponse',
  'ApiBasicAuth',
  'ApiBearerAuth',
  'ApiBody',
  'ApiConsumes',
  'ApiCreatedResponse',
  'ApiExcludeEndpoint',
  'ApiExtraModels',
  'ApiOkResponse',
  'ApiOperation',
  'ApiParam',
  'ApiProperty',
  'ApiPropertyOptional',
  'ApiResponse',
  'ApiSchema',
  'ApiTags',
] as const satisfies ReadonlyArray<keyof SwaggerDecorators>;

type RequireFn = (id: string) => unknown;

/**
 * `@nestjs/swagger` if the host installed it, else null. Only the package itself being absent
 * counts as "not installed": a broken installation (one of its own dependencies missing) throws.
 */
export function loadSwagger(
  load: RequireFn = createRequire(import.meta.url),
): typeof Swagger | null {
  try {
    return load('@nestjs/swagger') as typeof Swagger;
  } catch (error) {
    if (isMissing(error, '@nestjs/swagger')) return null;
    throw error;
  }
}

/** Real decorators from `swagger`, or decorators that record nothing when it is null. */
export function swaggerDecorators(
  swagger: typeof Swagger | null,
): SwaggerDecorators {
  if (swagger !== null) return swagger;
  // Every swagger decorator factory returns a decorator usable on classes, methods and properties.
  const noop = () => () => undefined;
  return {
    ...(Object.fromEntries(
      DECORATOR_NAMES.map((name) => [name, noop]),
    ) as unknown as Omit<SwaggerDecorators, 'getSchemaPath'>),
    getSchemaPath: (model: string | (abstract new () => unknown)) =>
      `#/components/schemas/${typeof model === 'string' ? model : model.name}`,
  } as SwaggerDecorators;
}

function isMissing(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}'`)
  );
}

const swagger = loadSwagger();

/** Whether `@nestjs/swagger` was found; when false every `Api*` decorator below is a no-op. */
export const SWAGGER_AVAILABLE: boolean = swagger !== null;

export const {
  ApiAcceptedResponse,
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  ApiTags,
  getSchemaPath,
} = swaggerDecorators(swagger);
