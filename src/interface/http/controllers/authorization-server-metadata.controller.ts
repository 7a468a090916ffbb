import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Req,
  UseFilters,
} from '@nestjs/common';
import { AuthConfig } from '../../../application/auth-config.js';
import { Public } from '../decorators/public.decorator.js';
import { AuthorizationServerMetadataResponseDto } from '../dtos/authorization-server-metadata.response.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '../openapi/optional-swagger.js';
import { TOKENWARD_ROUTE_PREFIX } from './route-prefix.token.js';

/** The RFC 8414 well-known path; an issuer with a path has it appended (§3.1). */
export const METADATA_PATH = '/.well-known/oauth-authorization-server';

/** Seconds the metadata may be cached: it changes only with the configuration. */
const METADATA_MAX_AGE_SECONDS = 300;

/**
 * RFC 8414 authorization server metadata, built from the configured `issuer` (an http(s) URL) and
 * the route prefix. Mounted at the root of the host, where clients look for it. A plain-name
 * issuer (the `tokenward` default) has no URL to publish: 404.
 */
@Controller()
@UseFilters(AuthExceptionFilter)
@ApiTags('auth: keys')
export class AuthorizationServerMetadataController {
  private readonly metadata: Record<string, unknown> | null;
  /** The well-known path this issuer's metadata is served at. */
  private readonly path: string | null;

  constructor(
    config: AuthConfig,
    @Inject(TOKENWARD_ROUTE_PREFIX) routePrefix: string,
  ) {
    const url = config.issuerUrl;
    if (url === null) {
      this.metadata = null;
      this.path = null;
      return;
    }
    const issuerPath = url.pathname.replace(/\/+$/, '');
    this.path = `${METADATA_PATH}${issuerPath}`;
    const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
    const base = `${url.origin}${prefix === '' ? '' : `/${prefix}`}`;
    this.metadata = {
      issuer: config.issuer,
      token_endpoint: `${base}/token`,
      revocation_endpoint: `${base}/revoke`,
      introspection_endpoint: `${base}/introspect`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      response_types_supported: [],
      grant_types_supported: ['refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'none',
      ],
      revocation_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'none',
      ],
      introspection_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
      ],
      scopes_supported: [
        ...new Set(config.clients.flatMap((c) => c.scopes)),
      ].sort(),
    };
  }

  @Get('.well-known/oauth-authorization-server')
  @Public()
  @Header('Cache-Control', `public, max-age=${METADATA_MAX_AGE_SECONDS}`)
  @ApiOperation({
    summary: 'RFC 8414 authorization server metadata',
    description:
      'Served when `issuer` is an http(s) URL without a path; an issuer with a path has it at `/.well-known/oauth-authorization-server/<path>` instead (RFC 8414 §3.1). 404 otherwise.',
  })
  @ApiOkResponse({ type: AuthorizationServerMetadataResponseDto })
  @ApiErrorResponses({
    404: 'not_found (the issuer is not a URL, or has a path)',
  })
  root(): Record<string, unknown> {
    return this.answer(METADATA_PATH);
  }

  // Named segments, not a wildcard (Fastify's router and path-to-regexp 8 spell those apart):
  // an issuer path of up to four segments.
  @Get(
    [':p1', ':p1/:p2', ':p1/:p2/:p3', ':p1/:p2/:p3/:p4'].map(
      (rest) => `.well-known/oauth-authorization-server/${rest}`,
    ),
  )
  @Public()
  @Header('Cache-Control', `public, max-age=${METADATA_MAX_AGE_SECONDS}`)
  // Documented with the plain form: only one path per issuer exists.
  @ApiExcludeEndpoint()
  suffixed(
    @Req() request: { originalUrl?: string; url: string },
  ): Record<string, unknown> {
    const raw = (request.originalUrl ?? request.url).split('?')[0] ?? '';
    return this.answer(raw);
  }

  private answer(path: string): Record<string, unknown> {
    if (this.metadata === null || path !== this.path) {
      throw new NotFoundException(
        'No authorization server metadata at this path',
      );
    }
    return this.metadata;
  }
}
