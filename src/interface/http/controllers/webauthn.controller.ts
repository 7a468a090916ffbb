import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Injectable,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UsePipes,
  type PipeTransform,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { BeginPasskeyAuthenticationCommand } from '../../../application/commands/begin-passkey-authentication/begin-passkey-authentication.command.js';
import { BeginPasskeyRegistrationCommand } from '../../../application/commands/begin-passkey-registration/begin-passkey-registration.command.js';
import { DeletePasskeyCommand } from '../../../application/commands/delete-passkey/delete-passkey.command.js';
import { FinishPasskeyAuthenticationCommand } from '../../../application/commands/finish-passkey-authentication/finish-passkey-authentication.command.js';
import { FinishPasskeyRegistrationCommand } from '../../../application/commands/finish-passkey-registration/finish-passkey-registration.command.js';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { GetCurrentUserQuery } from '../../../application/queries/get-current-user/get-current-user.query.js';
import { ListPasskeysQuery } from '../../../application/queries/list-passkeys/list-passkeys.query.js';
import type { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import { PasskeyNotFoundError } from '../../../domain/errors/passkey-not-found.error.js';
import type { WebAuthnOptionsJson } from '../../../domain/ports/webauthn-relying-party.js';
import {
  RefreshTokenCookies,
  type CookieRequest,
} from '../cookies/refresh-token-cookies.js';
import { ClientInfo } from '../decorators/client-info.decorator.js';
import { CurrentToken } from '../decorators/current-token.decorator.js';
import { Public } from '../decorators/public.decorator.js';
import { RateLimit } from '../decorators/rate-limit.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { LoginResponseDto } from '../dtos/login.response.dto.js';
import {
  PasskeyAuthenticationOptionsRequestDto,
  PasskeyAuthenticationRequestDto,
} from '../dtos/passkey-authentication.request.dto.js';
import { PasskeyRegistrationRequestDto } from '../dtos/passkey-registration.request.dto.js';
import {
  PasskeyListResponseDto,
  PasskeyResponseDto,
} from '../dtos/passkey.response.dto.js';
import { WebAuthnOptionsResponseDto } from '../dtos/webauthn-options.response.dto.js';
import { CREDENTIAL_ID_MAX } from '../dtos/webauthn-credential.fields.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '../openapi/optional-swagger.js';
import {
  toUserResponse,
  type TokenResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** One passkey on the wire. */
interface PasskeyResponse {
  id: string;
  name: string;
  transports: string[];
  created_at: string;
  last_used_at: string | null;
}

const toPasskeyResponse = (c: WebAuthnCredential): PasskeyResponse => ({
  id: c.id,
  name: c.name,
  transports: [...c.transports],
  created_at: c.createdAt.toISOString(),
  last_used_at: c.lastUsedAt?.toISOString() ?? null,
});

/** A malformed id can name no passkey: 404 `passkey_not_found` like an unknown one. */
@Injectable()
class CredentialIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (
      typeof value !== 'string' ||
      value.length > CREDENTIAL_ID_MAX ||
      !/^[A-Za-z0-9_-]+$/.test(value)
    ) {
      throw new PasskeyNotFoundError();
    }
    return value;
  }
}

const AUTHENTICATION_FAILURES =
  '`invalid_mfa_code` (with an `mfa_token`: the assertion did not verify — unknown or another ' +
  'user’s credential, challenge unknown, used or expired, wrong origin or rpId, bad signature, ' +
  'counter not ahead), `invalid_mfa_token`, `invalid_credentials` (passwordless: the same cases)';

/**
 * Passkeys (WebAuthn): registering one as a logged-in user, listing and removing them, and the
 * assertion that completes a login pending its second factor (or, with `webauthn.passwordless`,
 * logs in on its own). Bodies are the browser's `PublicKeyCredential.toJSON()`.
 */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, AuthRateLimitGuard)
@ApiTags('auth: passkeys')
@ApiErrorResponses({ 503: 'storage_unavailable' })
export class WebAuthnController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly cookies: RefreshTokenCookies,
  ) {}

  @Post('mfa/webauthn/register/options')
  @HttpCode(HttpStatus.OK)
  @RateLimit('mfa')
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Options to register a passkey for the caller',
    description:
      'For `navigator.credentials.create()` (through `PublicKeyCredential.parseCreationOptionsFromJSON`). ' +
      'The challenge is single use and lives `webauthn.challengeTtlSeconds`.',
  })
  @ApiOkResponse({ type: WebAuthnOptionsResponseDto })
  @ApiErrorResponses({
    401: 'authentication_required, invalid_token, ...',
    429: 'rate_limited',
  })
  async registrationOptions(
    @CurrentToken() token: VerifiedAccessToken,
  ): Promise<WebAuthnOptionsJson> {
    return this.commands.execute(
      new BeginPasskeyRegistrationCommand(token.user.userId),
    );
  }

  @Post('mfa/webauthn/register')
  @HttpCode(HttpStatus.CREATED)
  @RateLimit('mfa')
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Register a passkey: verify the attestation and store the credential',
    description:
      'The challenge must be one issued to the caller by `register/options`; origin and rpId ' +
      'must be the configured ones. Audited (`passkey_registered`).',
  })
  @ApiCreatedResponse({ type: PasskeyResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed (malformed body, or the registration did not verify)',
    401: 'authentication_required, invalid_token, ...',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  })
  async register(
    @Body() body: PasskeyRegistrationRequestDto,
    @CurrentToken() token: VerifiedAccessToken,
    @RequestId() requestId: string,
  ): Promise<PasskeyResponse> {
    const credential = await this.commands.execute(
      new FinishPasskeyRegistrationCommand(
        token.user.userId,
        body.credential,
        body.name ?? null,
        { actorId: token.user.userId, requestId },
      ),
    );
    return toPasskeyResponse(credential);
  }

  @Post('mfa/webauthn/authenticate/options')
  @HttpCode(HttpStatus.OK)
  @RateLimit('mfa')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Options for a passkey assertion',
    description:
      'With the `mfa_token` of a login answered `mfa_required`: `allowCredentials` lists that ' +
      'user’s passkeys. Without one (only with `webauthn.passwordless`): a discoverable ' +
      'credential, user verification required. The `mfa_token` is not used up here.',
  })
  // Not required: with `webauthn.passwordless` the body may be empty.
  @ApiBody({ type: PasskeyAuthenticationOptionsRequestDto, required: false })
  @ApiOkResponse({ type: WebAuthnOptionsResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed (also: no `mfa_token` without `webauthn.passwordless`, no passkey)',
    401: 'invalid_mfa_token',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  })
  async authenticationOptions(
    @Body() body: PasskeyAuthenticationOptionsRequestDto,
  ): Promise<WebAuthnOptionsJson> {
    return this.commands.execute(
      new BeginPasskeyAuthenticationCommand(body.mfa_token ?? null),
    );
  }

  @Post('mfa/webauthn/authenticate')
  @HttpCode(HttpStatus.OK)
  @RateLimit('mfa')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Complete a login with a passkey assertion: the usual token response',
    description:
      'Verifies the assertion (challenge single use, origin and rpId pinned, signature, sign ' +
      'counter advanced atomically) and answers as `POST /auth/login` does. Access tokens carry ' +
      '`amr` `["pwd","hwk","mfa"]` (`swk` for a synced passkey) after an `mfa_token`, ' +
      '`["hwk","mfa"]` for a passwordless login. Failures count toward the second-factor lockout.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    401: AUTHENTICATION_FAILURES,
    403: 'email_not_verified (passwordless, `requireVerifiedEmail`)',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_attempts (second-factor lockout), rate_limited',
  })
  async authenticate(
    @Body() body: PasskeyAuthenticationRequestDto,
    @ClientInfo() client: SessionClient,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<TokenResponse & { user: UserResponse }> {
    const { userId, tokens } = await this.commands.execute(
      new FinishPasskeyAuthenticationCommand(
        body.mfa_token ?? null,
        body.credential,
        client,
        body.device_name ?? null,
      ),
    );
    const user = await this.queries.execute(new GetCurrentUserQuery(userId));
    return {
      ...this.cookies.present(tokens, request, response),
      user: toUserResponse(user),
    };
  }

  @Get('mfa/webauthn/credentials')
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller’s passkeys, oldest first' })
  @ApiOkResponse({ type: PasskeyListResponseDto })
  @ApiErrorResponses({ 401: 'authentication_required, invalid_token, ...' })
  async list(
    @CurrentToken() token: VerifiedAccessToken,
  ): Promise<{ credentials: PasskeyResponse[] }> {
    const credentials = await this.queries.execute(
      new ListPasskeysQuery(token.user.userId),
    );
    return { credentials: credentials.map(toPasskeyResponse) };
  }

  @Delete('mfa/webauthn/credentials/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Remove one of the caller’s passkeys',
    description:
      'Another user’s passkey and an unknown id: both 404. Audited (`passkey_removed`).',
  })
  @ApiParam({ name: 'id', description: 'Credential id (base64url)' })
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiErrorResponses({
    401: 'authentication_required, invalid_token, ...',
    404: 'passkey_not_found',
  })
  async remove(
    @Param('id', CredentialIdPipe) credentialId: string,
    @CurrentToken() token: VerifiedAccessToken,
    @RequestId() requestId: string,
  ): Promise<void> {
    await this.commands.execute(
      new DeletePasskeyCommand(token.user.userId, credentialId, {
        actorId: token.user.userId,
        requestId,
      }),
    );
  }
}
