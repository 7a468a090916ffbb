import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateSsfStreamCommand } from '../../../application/commands/create-ssf-stream/create-ssf-stream.command.js';
import { DeleteSsfStreamCommand } from '../../../application/commands/delete-ssf-stream/delete-ssf-stream.command.js';
import {
  PollSsfEventsCommand,
  type SsfSetError,
} from '../../../application/commands/poll-ssf-events/poll-ssf-events.command.js';
import { RequestSsfVerificationCommand } from '../../../application/commands/request-ssf-verification/request-ssf-verification.command.js';
import { SetSsfStreamStatusCommand } from '../../../application/commands/set-ssf-stream-status/set-ssf-stream-status.command.js';
import { UpdateSsfStreamCommand } from '../../../application/commands/update-ssf-stream/update-ssf-stream.command.js';
import type { SsfStreamView } from '../../../application/dtos/ssf-stream-view.dto.js';
import { ListSsfStreamsQuery } from '../../../application/queries/list-ssf-streams/list-ssf-streams.query.js';
import { SSF_SCOPES } from '../../../application/ssf-scopes.js';
import { SSF_STREAM_INACTIVITY_TIMEOUT_SECONDS } from '../../../application/services/ssf-streams.service.js';
import { SSF_POLL_DELIVERY } from '../../../domain/entities/ssf-stream.entity.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Public } from '../decorators/public.decorator.js';
import { RequireSsfScope } from '../decorators/ssf-scope.decorator.js';
import { CreateSsfStreamRequestDto } from '../dtos/create-ssf-stream.request.dto.js';
import type { SsfDeliveryDto } from '../dtos/ssf-delivery.dto.js';
import {
  SSF_MAX_ACKS,
  SsfPollRequestDto,
} from '../dtos/ssf-poll.request.dto.js';
import {
  SsfStreamIdQueryDto,
  SsfStreamsQueryDto,
} from '../dtos/ssf-stream-query.request.dto.js';
import {
  SsfDeliveryResponseDto,
  SsfPollResponseDto,
  SsfStreamResponseDto,
  SsfStreamStatusResponseDto,
} from '../dtos/ssf-stream.response.dto.js';
import { SsfStreamStatusRequestDto } from '../dtos/ssf-stream-status.request.dto.js';
import { SsfVerifyRequestDto } from '../dtos/ssf-verify.request.dto.js';
import { UpdateSsfStreamRequestDto } from '../dtos/update-ssf-stream.request.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import {
  SSF_RECEIVER_KEY,
  SsfReceiverGuard,
  type SsfReceiverRequest,
} from '../guards/ssf-receiver.guard.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '../openapi/optional-swagger.js';
import { createAuthValidationPipe } from '../validation.pipe.js';
import { SsfEndpoints } from './ssf-endpoints.js';

/** Errors every SSF route may answer (Tokenward's error format). */
const SSF_ERRORS = {
  400: 'validation_failed',
  401: 'authentication_required, invalid_token (no client-credentials token of a configured client)',
  403: 'insufficient_scope (with `WWW-Authenticate: Bearer error="insufficient_scope"`)',
  404: "stream_not_found (unknown, expired, or another receiver's), not_found (no transmitter)",
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'storage_unavailable, signing_key_unavailable',
};

const STREAM_ID = /^[\x21-\x7E]{1,64}$/;

/**
 * The SSF 1.0 transmitter's stream management API (§8) and RFC 8936 poll delivery, for receivers
 * authenticating with a client-credentials token (`ssf.manage` / `ssf.read`). Each stream belongs
 * to the client that created it; another client's stream answers 404, as an unknown one.
 */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, SsfReceiverGuard)
// The receiver authenticates with its own token (a host's global JwtAuthGuard lets it by).
@Public()
@ApiTags('auth: shared signals')
@ApiBearerAuth()
@ApiExtraModels(SsfDeliveryResponseDto, SsfStreamResponseDto)
export class SsfController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly endpoints: SsfEndpoints,
  ) {}

  @Post('streams')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.manage)
  @ApiOperation({
    summary: 'Create an SSF stream (SSF 1.0 §8.1.1.1)',
    description:
      'Poll delivery (RFC 8936) only; the answer names the poll URL. Needs `ssf.manage`. A receiver may have up to 10 streams (409 beyond).',
  })
  @ApiBody({ type: CreateSsfStreamRequestDto, required: false })
  @ApiCreatedResponse({ type: SsfStreamResponseDto })
  @ApiErrorResponses({ ...SSF_ERRORS, 409: 'stream_limit_reached' })
  async create(
    @Body() body: CreateSsfStreamRequestDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<Record<string, unknown>> {
    assertPollDelivery(body.delivery, null, this.endpoints);
    const view = await this.commands.execute(
      new CreateSsfStreamCommand(
        request[SSF_RECEIVER_KEY].clientId,
        body.events_requested ?? null,
        body.description ?? null,
      ),
    );
    return this.present(view);
  }

  @Get('streams')
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.read)
  @ApiOperation({
    summary: "Read one stream, or list the caller's streams (SSF 1.0 §8.1.1.2)",
    description:
      'With `stream_id`: that stream (an object); without: every stream of the caller (an array, maybe empty). Needs `ssf.read` or `ssf.manage`.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(SsfStreamResponseDto) },
        { type: 'array', items: { $ref: getSchemaPath(SsfStreamResponseDto) } },
      ],
    },
  })
  @ApiErrorResponses(SSF_ERRORS)
  async read(
    @Query() query: SsfStreamsQueryDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<Record<string, unknown> | Record<string, unknown>[]> {
    const views = await this.queries.execute(
      new ListSsfStreamsQuery(
        request[SSF_RECEIVER_KEY].clientId,
        query.stream_id ?? null,
      ),
    );
    const presented = views.map((v) => this.present(v));
    return query.stream_id === undefined ? presented : presented[0]!;
  }

  @Patch('streams')
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.manage)
  @ApiOperation({
    summary: 'Update a stream (SSF 1.0 §8.1.1.3)',
    description:
      'Properties present are set, absent ones kept. Transmitter-supplied properties may be repeated and must match (400 otherwise). Needs `ssf.manage`.',
  })
  @ApiOkResponse({ type: SsfStreamResponseDto })
  @ApiErrorResponses(SSF_ERRORS)
  async update(
    @Body() body: UpdateSsfStreamRequestDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<Record<string, unknown>> {
    return this.change(body, request, false);
  }

  @Put('streams')
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.manage)
  @ApiOperation({
    summary: 'Replace a stream (SSF 1.0 §8.1.1.4)',
    description:
      'Receiver-supplied properties absent from the body are removed (`events_requested` empty, no `description`). Needs `ssf.manage`.',
  })
  @ApiOkResponse({ type: SsfStreamResponseDto })
  @ApiErrorResponses(SSF_ERRORS)
  async replace(
    @Body() body: UpdateSsfStreamRequestDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<Record<string, unknown>> {
    return this.change(body, request, true);
  }

  @Delete('streams')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.manage)
  @ApiOperation({
    summary: 'Delete a stream and its queued SETs (SSF 1.0 §8.1.1.5)',
    description: 'Needs `ssf.manage`.',
  })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiErrorResponses(SSF_ERRORS)
  async remove(
    @Query() query: SsfStreamIdQueryDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<void> {
    await this.commands.execute(
      new DeleteSsfStreamCommand(
        request[SSF_RECEIVER_KEY].clientId,
        query.stream_id,
      ),
    );
  }

  @Get('status')
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.read)
  @ApiOperation({
    summary: "Read a stream's status (SSF 1.0 §8.1.2.1)",
    description: 'Needs `ssf.read` or `ssf.manage`.',
  })
  @ApiOkResponse({ type: SsfStreamStatusResponseDto })
  @ApiErrorResponses(SSF_ERRORS)
  async status(
    @Query() query: SsfStreamIdQueryDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<Record<string, unknown>> {
    const [view] = await this.queries.execute(
      new ListSsfStreamsQuery(
        request[SSF_RECEIVER_KEY].clientId,
        query.stream_id,
      ),
    );
    return presentStatus(view!);
  }

  @Post('status')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.manage)
  @ApiOperation({
    summary: "Update a stream's status (SSF 1.0 §8.1.2.2)",
    description:
      '`enabled` delivers; `paused` holds SETs until enabled again; `disabled` drops the queued SETs and holds none. Needs `ssf.manage`.',
  })
  @ApiOkResponse({ type: SsfStreamStatusResponseDto })
  @ApiErrorResponses(SSF_ERRORS)
  async setStatus(
    @Body() body: SsfStreamStatusRequestDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<Record<string, unknown>> {
    const view = await this.commands.execute(
      new SetSsfStreamStatusCommand(
        request[SSF_RECEIVER_KEY].clientId,
        body.stream_id,
        body.status,
        body.reason ?? null,
      ),
    );
    return presentStatus(view);
  }

  @Post('verify')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.manage)
  @ApiOperation({
    summary: 'Ask for a verification event (SSF 1.0 §8.1.4.2)',
    description:
      'Queues a verification SET (`sub_id` the stream, `state` echoed) on the stream; it is returned by the next poll. Needs `ssf.manage`.',
  })
  @ApiResponse({ status: 204, description: 'Queued' })
  @ApiErrorResponses(SSF_ERRORS)
  async verify(
    @Body() body: SsfVerifyRequestDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<void> {
    await this.commands.execute(
      new RequestSsfVerificationCommand(
        request[SSF_RECEIVER_KEY].clientId,
        body.stream_id,
        body.state ?? null,
      ),
    );
  }

  @Post('poll/:stream_id')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @RequireSsfScope(SSF_SCOPES.read)
  @ApiOperation({
    summary: "RFC 8936 poll delivery of a stream's SETs",
    description:
      'Acknowledges `ack` (and `setErrs`) — they are deleted and never returned again — then returns up to `maxEvents` queued SETs, oldest first. `returnImmediately: false` (the default) waits up to 5 s when none is queued. A paused stream returns none. Needs `ssf.read` or `ssf.manage`.',
  })
  @ApiParam({
    name: 'stream_id',
    description: 'The stream (from its `delivery.endpoint_url`)',
  })
  @ApiBody({ type: SsfPollRequestDto, required: false })
  @ApiOkResponse({ type: SsfPollResponseDto })
  @ApiErrorResponses(SSF_ERRORS)
  async poll(
    @Param('stream_id') streamId: string,
    @Body() body: SsfPollRequestDto,
    @Req() request: SsfReceiverRequest,
  ): Promise<Record<string, unknown>> {
    if (!STREAM_ID.test(streamId))
      throw new ValidationError('stream_id is malformed');
    const result = await this.commands.execute(
      new PollSsfEventsCommand(
        request[SSF_RECEIVER_KEY].clientId,
        streamId,
        body.ack ?? [],
        parseSetErrs(body.setErrs),
        body.maxEvents ?? null,
        body.returnImmediately ?? false,
      ),
    );
    return {
      sets: Object.fromEntries(result.sets.map((s) => [s.jti, s.set])),
      moreAvailable: result.moreAvailable,
    };
  }

  private async change(
    body: UpdateSsfStreamRequestDto,
    request: SsfReceiverRequest,
    replace: boolean,
  ): Promise<Record<string, unknown>> {
    assertPollDelivery(body.delivery, body.stream_id, this.endpoints);
    if (
      body.aud !== undefined &&
      typeof body.aud !== 'string' &&
      !(Array.isArray(body.aud) && body.aud.every((a) => typeof a === 'string'))
    ) {
      throw new ValidationError('aud must be a string or an array of strings');
    }
    if (
      body.inactivity_timeout !== undefined &&
      body.inactivity_timeout !== presentInactivity()
    ) {
      throw new ValidationError(
        'transmitter-supplied properties do not match the stream: inactivity_timeout',
      );
    }
    const view = await this.commands.execute(
      new UpdateSsfStreamCommand(
        request[SSF_RECEIVER_KEY].clientId,
        body.stream_id,
        {
          ...(body.events_requested === undefined
            ? {}
            : { eventsRequested: body.events_requested }),
          ...(body.description === undefined
            ? {}
            : { description: body.description }),
        },
        {
          ...(body.iss === undefined ? {} : { iss: body.iss }),
          ...(body.aud === undefined
            ? {}
            : { aud: body.aud as string | string[] }),
          ...(body.events_supported === undefined
            ? {}
            : { eventsSupported: body.events_supported }),
          ...(body.events_delivered === undefined
            ? {}
            : { eventsDelivered: body.events_delivered }),
        },
        replace,
      ),
    );
    return this.present(view);
  }

  /** The SSF 1.0 §8.1.1 wire form of a stream. */
  private present(view: SsfStreamView): Record<string, unknown> {
    return {
      stream_id: view.streamId,
      iss: view.iss,
      aud: view.aud,
      delivery: {
        method: SSF_POLL_DELIVERY,
        endpoint_url: this.endpoints.pollEndpoint(view.streamId),
      },
      events_supported: [...view.eventsSupported],
      events_requested: [...view.eventsRequested],
      events_delivered: [...view.eventsDelivered],
      ...(view.description === null ? {} : { description: view.description }),
      inactivity_timeout: view.inactivityTimeout,
    };
  }
}

function presentInactivity(): number {
  return SSF_STREAM_INACTIVITY_TIMEOUT_SECONDS;
}

function presentStatus(view: SsfStreamView): Record<string, unknown> {
  return {
    stream_id: view.streamId,
    status: view.status,
    ...(view.statusReason === null ? {} : { reason: view.statusReason }),
  };
}

/** Poll is the only method; its `endpoint_url` is the transmitter's, so a given one must be it. */
function assertPollDelivery(
  delivery: SsfDeliveryDto | undefined,
  streamId: string | null,
  endpoints: SsfEndpoints,
): void {
  if (delivery === undefined) return;
  if (delivery.method !== SSF_POLL_DELIVERY) {
    throw new ValidationError(
      `delivery.method must be ${SSF_POLL_DELIVERY} (poll); push is not supported`,
    );
  }
  if (
    delivery.endpoint_url !== undefined &&
    (streamId === null ||
      delivery.endpoint_url !== endpoints.pollEndpoint(streamId))
  ) {
    throw new ValidationError(
      'delivery.endpoint_url is supplied by the transmitter for poll delivery',
    );
  }
}

/** `setErrs` as RFC 8936 §2.4.2 has it: `jti` -> `{ err, description }`. */
function parseSetErrs(
  value: Record<string, unknown> | undefined,
): Record<string, SsfSetError> {
  if (value === undefined) return {};
  const entries = Object.entries(value);
  if (entries.length > SSF_MAX_ACKS) {
    throw new ValidationError(
      `setErrs must have at most ${SSF_MAX_ACKS} entries`,
    );
  }
  const out: Record<string, SsfSetError> = {};
  for (const [jti, error] of entries) {
    const { err, description } = (error ?? {}) as Record<string, unknown>;
    if (
      jti.length > 128 ||
      typeof error !== 'object' ||
      typeof err !== 'string' ||
      err.length > 64 ||
      typeof description !== 'string' ||
      description.length > 1024
    ) {
      throw new ValidationError(
        'setErrs must map each jti to { err, description } strings',
      );
    }
    out[jti] = { err, description };
  }
  return out;
}
