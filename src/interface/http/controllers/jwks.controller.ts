import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetJsonWebKeySetQuery } from '../../../application/queries/get-json-web-key-set/get-json-web-key-set.query.js';
import { Public } from '../decorators/public.decorator.js';
import { JsonWebKeySetResponseDto } from '../dtos/json-web-key-set.response.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '../openapi/optional-swagger.js';
import { toJsonWebKeySetResponse } from '../presenters/http-response.presenter.js';

/** Seconds a JWK Set may be cached: bounds how long a revoked key's tokens pass on other services. */
export const JWKS_MAX_AGE_SECONDS = 60;

/** Publishes the public signing keys for services that verify tokens themselves. */
@Controller()
@UseFilters(AuthExceptionFilter)
@ApiTags('auth: keys')
export class JwksController {
  constructor(private readonly queries: QueryBus) {}

  @Get('.well-known/jwks.json')
  @Public()
  @Header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
  @ApiOperation({
    summary: 'JWK Set of the public signing keys (RFC 7517)',
    description:
      'The active and still-verifying retired EdDSA/ES256 keys; empty with HS256, whose keys never leave the process. Cacheable for 60 s; verifiers refetch on an unknown `kid`.',
  })
  @ApiOkResponse({ type: JsonWebKeySetResponseDto })
  @ApiErrorResponses({ 503: 'storage_unavailable' })
  async jwks(): Promise<Record<string, unknown>> {
    return toJsonWebKeySetResponse(
      await this.queries.execute(new GetJsonWebKeySetQuery()),
    );
  }
}
