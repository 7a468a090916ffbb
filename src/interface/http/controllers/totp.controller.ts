import {
  Body,
  Controller,
  Delete,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ConfirmTotpCommand } from '../../../application/commands/confirm-totp/confirm-totp.command.js';
import { DisableTotpCommand } from '../../../application/commands/disable-totp/disable-totp.command.js';
import { EnrollTotpCommand } from '../../../application/commands/enroll-totp/enroll-totp.command.js';
import { RegenerateRecoveryCodesCommand } from '../../../application/commands/regenerate-recovery-codes/regenerate-recovery-codes.command.js';
import { CompleteMfaLoginCommand } from '../../../application/commands/complete-mfa-login/complete-mfa-login.command.js';
import type { AuthTokens } from '../../../application/dtos/auth-tokens.dto.js';
import { ResolveMfaTokenQuery } from '../../../application/queries/resolve-mfa-token/resolve-mfa-token.query.js';
import { AuthenticationRequiredError } from '../../../domain/errors/authentication-required.error.js';
import { VerifyMfaCommand } from '../../../application/commands/verify-mfa/verify-mfa.command.js';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { GetCurrentUserQuery } from '../../../application/queries/get-current-user/get-current-user.query.js';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import {
  RefreshTokenCookies,
  type CookieRequest,
} from '../cookies/refresh-token-cookies.js';
import { ClientInfo } from '../decorators/client-info.decorator.js';
import { CurrentToken } from '../decorators/current-token.decorator.js';
import { OptionalAuth } from '../decorators/optional-auth.decorator.js';
import { ConfirmTotpRequestDto } from '../dtos/confirm-totp.request.dto.js';
import { EnrollTotpRequestDto } from '../dtos/enroll-totp.request.dto.js';
import { TotpConfirmedResponseDto } from '../dtos/totp-confirmed.response.dto.js';
import { Public } from '../decorators/public.decorator.js';
import { RateLimit } from '../decorators/rate-limit.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { DisableTotpRequestDto } from '../dtos/disable-totp.request.dto.js';
import { ErrorResponseDto } from '../dtos/error.response.dto.js';
import { LoginResponseDto } from '../dtos/login.response.dto.js';
import { RecoveryCodesResponseDto } from '../dtos/recovery-codes.response.dto.js';
import { TotpCodeRequestDto } from '../dtos/totp-code.request.dto.js';
import { TotpEnrollmentResponseDto } from '../dtos/totp-enrollment.response.dto.js';
import { VerifyMfaRequestDto } from '../dtos/verify-mfa.request.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '../openapi/optional-swagger.js';
import {
  toUserResponse,
  type TokenResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

const SIGNED_IN_ERRORS = {
  401: 'authentication_required, invalid_token, ...',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
} as const;

/**
 * TOTP (RFC 6238) and recovery codes: enrolment, confirmation, removal and new recovery codes for
 * the signed-in user, and `POST /auth/mfa/verify`, which completes a login pending its second
 * factor with a code. Mounted under the route prefix.
 */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, AuthRateLimitGuard)
@ApiTags('auth: mfa')
@ApiExtraModels(ErrorResponseDto, LoginResponseDto)
@ApiErrorResponses({ 503: 'storage_unavailable, server_busy' })
export class TotpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly cookies: RefreshTokenCookies,
  ) {}

  @Post('mfa/totp/enroll')
  @HttpCode(HttpStatus.OK)
  @OptionalAuth()
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start a TOTP enrolment: a new secret and its otpauth URI',
    description:
      'Nothing changes for logins until `POST /auth/mfa/totp/confirm`. Again before confirming ' +
      'replaces the pending secret; with a confirmed factor, 409 `totp_already_enabled`. ' +
      'Without a Bearer token, the enrolment `mfa_token` of a login the `mfa` policy requires a ' +
      'factor for.',
  })
  // Not required: with a Bearer token there is no body.
  @ApiBody({ type: EnrollTotpRequestDto, required: false })
  @ApiOkResponse({ type: TotpEnrollmentResponseDto })
  @ApiErrorResponses({
    ...SIGNED_IN_ERRORS,
    400: 'validation_failed',
    401: 'authentication_required, invalid_token, invalid_mfa_token, ...',
    409: 'totp_already_enabled',
  })
  async enroll(
    @Body() body: EnrollTotpRequestDto,
    @CurrentToken() token: VerifiedAccessToken | undefined,
  ): Promise<{ secret: string; otpauth_uri: string }> {
    const { userId } = await this.subject(token, body.mfa_token);
    const result = await this.commands.execute(new EnrollTotpCommand(userId));
    return { secret: result.secret, otpauth_uri: result.otpauthUri };
  }

  @Post('mfa/totp/confirm')
  @HttpCode(HttpStatus.OK)
  @OptionalAuth()
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Confirm the TOTP enrolment with a current code; answers the recovery codes',
    description:
      'From the next login on, the password answers `mfa_required`. The 10 recovery codes are ' +
      'shown this once. With the enrolment `mfa_token` (instead of a Bearer token) it also ' +
      'completes that login: the answer carries its tokens and user, `amr` `["pwd","otp","mfa"]`.',
  })
  @ApiOkResponse({ type: TotpConfirmedResponseDto })
  @ApiErrorResponses({
    ...SIGNED_IN_ERRORS,
    400: 'validation_failed',
    401: 'invalid_mfa_code, invalid_mfa_token, authentication_required, invalid_token, ...',
    404: 'totp_not_enabled (no pending enrolment)',
    409: 'totp_already_enabled',
    429: 'too_many_attempts (the MFA lockout)',
  })
  async confirm(
    @Body() body: ConfirmTotpRequestDto,
    @CurrentToken() token: VerifiedAccessToken | undefined,
    @RequestId() requestId: string,
    @ClientInfo() client: SessionClient,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<
    | { recovery_codes: readonly string[] }
    | (TokenResponse & {
        recovery_codes: readonly string[];
        user: UserResponse;
      })
  > {
    const { userId, mfaToken } = await this.subject(token, body.mfa_token);
    const result = await this.commands.execute(
      new ConfirmTotpCommand(userId, body.code, { actorId: userId, requestId }),
    );
    if (mfaToken === undefined) return { recovery_codes: result.recoveryCodes };
    // The enrolment login: the code just confirmed is its second factor.
    const done = await this.commands.execute(
      new CompleteMfaLoginCommand(
        mfaToken,
        ['otp'],
        client,
        body.device_name ?? null,
        ['mfa_enrollment'],
      ),
    );
    return {
      recovery_codes: result.recoveryCodes,
      ...(await this.present(done.userId, done.tokens, request, response)),
    };
  }

  @Delete('mfa/totp')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Remove the TOTP factor and its recovery codes',
    description:
      'Takes a current `code` or the `password` (exactly one): an access token alone does not.',
  })
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiErrorResponses({
    ...SIGNED_IN_ERRORS,
    400: 'validation_failed, invalid_password',
    401: 'invalid_mfa_code, authentication_required, invalid_token, ...',
    404: 'totp_not_enabled',
    429: 'too_many_attempts (the MFA or the login lockout)',
  })
  async disable(
    @Body() body: DisableTotpRequestDto,
    @CurrentToken() token: VerifiedAccessToken,
    @RequestId() requestId: string,
  ): Promise<void> {
    const proof = exactlyOne(body.code, body.password, 'code', 'password');
    await this.commands.execute(
      new DisableTotpCommand(
        token.user.userId,
        proof.name === 'code'
          ? { code: proof.value }
          : { password: proof.value },
        { actorId: token.user.userId, requestId },
      ),
    );
  }

  @Post('mfa/recovery-codes')
  @HttpCode(HttpStatus.OK)
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'A new set of recovery codes, for a current code; the old set stops working',
  })
  @ApiOkResponse({ type: RecoveryCodesResponseDto })
  @ApiErrorResponses({
    ...SIGNED_IN_ERRORS,
    400: 'validation_failed',
    401: 'invalid_mfa_code, authentication_required, invalid_token, ...',
    404: 'totp_not_enabled',
    429: 'too_many_attempts (the MFA lockout)',
  })
  async regenerateRecoveryCodes(
    @Body() body: TotpCodeRequestDto,
    @CurrentToken() token: VerifiedAccessToken,
    @RequestId() requestId: string,
  ): Promise<{ recovery_codes: readonly string[] }> {
    const result = await this.commands.execute(
      new RegenerateRecoveryCodesCommand(token.user.userId, body.code, {
        actorId: token.user.userId,
        requestId,
      }),
    );
    return { recovery_codes: result.recoveryCodes };
  }

  @Post('mfa/verify')
  @HttpCode(HttpStatus.OK)
  @RateLimit('mfa')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Complete a login pending its second factor with a code or a recovery code',
    description:
      'The `mfa_token` of `POST /auth/login` and exactly one of `code` (TOTP) or ' +
      '`recovery_code`: the same answer as a login without a second factor, `amr` ' +
      '`["pwd","otp","mfa"]`. The token is single use; each code is accepted once; wrong codes ' +
      'count toward a lockout of their own (429 `too_many_attempts`).',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    401: 'invalid_mfa_token, invalid_mfa_code',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_attempts (the MFA lockout), rate_limited',
  })
  async verify(
    @Body() body: VerifyMfaRequestDto,
    @ClientInfo() client: SessionClient,
    @RequestId() requestId: string,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<TokenResponse & { user: UserResponse }> {
    const proof = exactlyOne(
      body.code,
      body.recovery_code,
      'code',
      'recovery_code',
    );
    const { userId, tokens } = await this.commands.execute(
      new VerifyMfaCommand(
        body.mfa_token,
        proof.name === 'code'
          ? { code: proof.value }
          : { recoveryCode: proof.value },
        client,
        body.device_name ?? null,
        { requestId },
      ),
    );
    return this.present(userId, tokens, request, response);
  }

  /** The login answer: the pair (the refresh token in the cookie with `refreshTokenCookie`) and the user. */
  private async present(
    userId: string,
    tokens: AuthTokens,
    request: CookieRequest,
    response: unknown,
  ): Promise<TokenResponse & { user: UserResponse }> {
    const user = await this.queries.execute(new GetCurrentUserQuery(userId));
    return {
      ...this.cookies.present(tokens, request, response),
      user: toUserResponse(user),
    };
  }

  /**
   * Whose factor: the Bearer token's user, or the user of an enrolment `mfa_token` (not both).
   * Such a token is resolved, not used up: enrolling again with it works, confirming uses it.
   */
  private async subject(
    token: VerifiedAccessToken | undefined,
    mfaToken: string | undefined,
  ): Promise<{ userId: string; mfaToken?: string }> {
    if (token !== undefined && mfaToken !== undefined) {
      const message = 'give a Bearer token or mfa_token, not both';
      throw new ValidationError(message, [message]);
    }
    if (token !== undefined) return { userId: token.user.userId };
    if (mfaToken === undefined) throw new AuthenticationRequiredError();
    const pending = await this.queries.execute(
      new ResolveMfaTokenQuery(mfaToken, ['mfa_enrollment']),
    );
    return { userId: pending.userId, mfaToken };
  }
}

/** The one of two alternative body properties that is given; 400 for none or both. */
function exactlyOne<A extends string, B extends string>(
  a: string | undefined,
  b: string | undefined,
  nameA: A,
  nameB: B,
): { name: A | B; value: string } {
  if ((a === undefined) === (b === undefined)) {
    const message = `exactly one of ${nameA} or ${nameB} is required`;
    throw new ValidationError(message, [message]);
  }
  return a !== undefined
    ? { name: nameA, value: a }
    : { name: nameB, value: b as string };
}
