import { ApiSchema } from './optional-swagger.js';

/**
 * Documents a request DTO as `additionalProperties: false`: the validation pipe refuses unknown
 * properties (`forbidNonWhitelisted`), so the schema says so. `requireAnyOf` documents a body that
 * needs at least one of those properties (`anyOf` of `required`), `requireOneOf` one that takes
 * exactly one of them (`oneOf` of `required`: a body with two matches two branches and is
 * invalid, as the handler says with its 400). `@nestjs/swagger` copies every
 * `@ApiSchema` option other than `name` into the component schema (its types list only
 * `name`/`description`); test/e2e/openapi.e2e-spec.ts fails if that ever stops.
 */
export function ClosedSchema(
  options: {
    requireAnyOf?: readonly string[];
    requireOneOf?: readonly string[];
  } = {},
): ClassDecorator {
  const anyOf = options.requireAnyOf?.map((name) => ({ required: [name] }));
  const oneOf = options.requireOneOf?.map((name) => ({ required: [name] }));
  return ApiSchema({
    additionalProperties: false,
    ...(anyOf === undefined ? {} : { anyOf }),
    ...(oneOf === undefined ? {} : { oneOf }),
  } as Parameters<typeof ApiSchema>[0]);
}
