import {
  Controller,
  Get,
  Header,
  NotFoundException,
  Req,
  UseFilters,
} from '@nestjs/common';
import { SSF_POLL_DELIVERY } from '../../../domain/entities/ssf-stream.entity.js';
import { Public } from '../decorators/public.decorator.js';
import { SsfConfigurationResponseDto } from '../dtos/ssf-configuration.response.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiExcludeEndpoint,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '../openapi/optional-swagger.js';
import { SSF_CONFIGURATION_PATH, SsfEndpoints } from './ssf-endpoints.js';
import { SsfAuthorizationSchemeDto } from '../dtos/ssf-configuration.response.dto.js';

/** Seconds the configuration may be cached: it changes only with the module's configuration. */
const CONFIGURATION_MAX_AGE_SECONDS = 300;

/**
 * SSF 1.0 §7 transmitter configuration metadata, at the host's root like the RFC 8414 metadata:
 * `/.well-known/ssf-configuration`, with the issuer's path appended when it has one. 404 when the
 * transmitter is unavailable (plain-name issuer, or HS256 signing keys).
 */
@Controller()
@UseFilters(AuthExceptionFilter)
@ApiTags('auth: shared signals')
@ApiExtraModels(SsfAuthorizationSchemeDto)
export class SsfConfigurationController {
  private readonly document: Record<string, unknown> | null;

  constructor(private readonly endpoints: SsfEndpoints) {
    this.document = endpoints.available
      ? {
          spec_version: '1_0',
          issuer: endpoints.issuer,
          jwks_uri: endpoints.jwksUri,
          delivery_methods_supported: [SSF_POLL_DELIVERY],
          configuration_endpoint: endpoints.configurationEndpoint,
          status_endpoint: endpoints.statusEndpoint,
          verification_endpoint: endpoints.verificationEndpoint,
          authorization_schemes: [{ spec_urn: 'urn:ietf:rfc:6749' }],
          default_subjects: 'ALL',
        }
      : null;
  }

  @Get('.well-known/ssf-configuration')
  @Public()
  @Header('Cache-Control', `public, max-age=${CONFIGURATION_MAX_AGE_SECONDS}`)
  @ApiOperation({
    summary: 'SSF 1.0 transmitter configuration metadata',
    description:
      'Served when `issuer` is an http(s) URL without a path and signing keys are asymmetric (ES256/EdDSA); an issuer with a path has it at `/.well-known/ssf-configuration/<path>` (SSF 1.0 §7.2). 404 otherwise.',
  })
  @ApiOkResponse({ type: SsfConfigurationResponseDto })
  @ApiErrorResponses({
    404: 'not_found (no transmitter: the issuer is not a URL, has a path, or keys are HS256)',
  })
  root(): Record<string, unknown> {
    return this.answer(SSF_CONFIGURATION_PATH);
  }

  // Named segments, as for the RFC 8414 metadata: the same on Express and Fastify.
  @Get(
    [':p1', ':p1/:p2', ':p1/:p2/:p3', ':p1/:p2/:p3/:p4'].map(
      (rest) => `.well-known/ssf-configuration/${rest}`,
    ),
  )
  @Public()
  @Header('Cache-Control', `public, max-age=${CONFIGURATION_MAX_AGE_SECONDS}`)
  @ApiExcludeEndpoint()
  suffixed(
    @Req() request: { originalUrl?: string; url: string },
  ): Record<string, unknown> {
    return this.answer(
      (request.originalUrl ?? request.url).split('?')[0] ?? '',
    );
  }

  private answer(path: string): Record<string, unknown> {
    if (this.document === null || path !== this.endpoints.configurationPath) {
      throw new NotFoundException(
        'No SSF transmitter configuration at this path',
      );
    }
    return this.document;
  }
}
