import {
  Body,
  Controller,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { IntrospectTokenQuery } from '../../../application/queries/introspect-token/introspect-token.query.js';
import { Public } from '../decorators/public.decorator.js';
import { IntrospectRequestDto } from '../dtos/introspect.request.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { IntrospectionClientGuard } from '../guards/introspection-client.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { toIntrospectionResponse } from '../presenters/http-response.presenter.js';
import { IntrospectionResponseDto } from '../dtos/introspection.response.dto.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiBasicAuth,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '../openapi/optional-swagger.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** RFC 7662 token introspection for other services, behind client credentials. */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@ApiTags('auth: introspection')
export class IntrospectionController {
  constructor(private readonly queries: QueryBus) {}

  @Post('introspect')
  @HttpCode(HttpStatus.OK)
  // No bearer token: the client authenticates itself (a host's global JwtAuthGuard lets it by).
  @Public()
  @UseGuards(RequestShapeGuard, IntrospectionClientGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBasicAuth()
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'RFC 7662 token introspection, for introspection clients',
    description:
      'HTTP Basic with a configured `introspectionClients` entry. `{ active: false }` for any token that is not a live access token.',
  })
  @ApiOkResponse({ type: IntrospectionResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    401: 'invalid_client',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_attempts (failed client authentications from this source or for this client)',
    503: 'storage_unavailable',
  })
  async introspect(
    @Body() body: IntrospectRequestDto,
  ): Promise<Record<string, unknown>> {
    // Refresh tokens are opaque and never introspectable here: they are not bearer credentials.
    return toIntrospectionResponse(
      await this.queries.execute(new IntrospectTokenQuery(body.token)),
    );
  }
}
