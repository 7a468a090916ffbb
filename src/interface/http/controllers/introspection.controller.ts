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
import { IntrospectRequestDto } from '../dtos/introspect.request.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { IntrospectionClientGuard } from '../guards/introspection-client.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { toIntrospectionResponse } from '../presenters/http-response.presenter.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** RFC 7662 token introspection for other services, behind client credentials. */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
export class IntrospectionController {
  constructor(private readonly queries: QueryBus) {}

  @Post('introspect')
  @HttpCode(HttpStatus.OK)
  @UseGuards(RequestShapeGuard, IntrospectionClientGuard)
  @Header('Cache-Control', 'no-store')
  async introspect(
    @Body() body: IntrospectRequestDto,
  ): Promise<Record<string, unknown>> {
    // Refresh tokens are opaque and never introspectable here: they are not bearer credentials.
    return toIntrospectionResponse(
      await this.queries.execute(new IntrospectTokenQuery(body.token)),
    );
  }
}
