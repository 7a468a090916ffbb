import {
  Body,
  Controller,
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
import { CommandBus } from '@nestjs/cqrs';
import { ChangePasswordCommand } from '../../../application/commands/change-password/change-password.command.js';
import { RequestEmailChangeCommand } from '../../../application/commands/request-email-change/request-email-change.command.js';
import { RequestPasswordResetCommand } from '../../../application/commands/request-password-reset/request-password-reset.command.js';
import { ResendEmailVerificationCommand } from '../../../application/commands/resend-email-verification/resend-email-verification.command.js';
import { ResetPasswordCommand } from '../../../application/commands/reset-password/reset-password.command.js';
import { VerifyEmailCommand } from '../../../application/commands/verify-email/verify-email.command.js';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { CurrentToken } from '../decorators/current-token.decorator.js';
import { Public } from '../decorators/public.decorator.js';
import { RateLimit } from '../decorators/rate-limit.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { ChangeEmailRequestDto } from '../dtos/change-email.request.dto.js';
import { ChangePasswordRequestDto } from '../dtos/change-password.request.dto.js';
import { ErrorResponseDto } from '../dtos/error.response.dto.js';
import { ForgotPasswordRequestDto } from '../dtos/forgot-password.request.dto.js';
import { MessageResponseDto } from '../dtos/message.response.dto.js';
import {
  RefreshTokenCookies,
  type CookieRequest,
} from '../cookies/refresh-token-cookies.js';
import { PasswordChangedResponseDto } from '../dtos/password-changed.response.dto.js';
import { ResetPasswordRequestDto } from '../dtos/reset-password.request.dto.js';
import { UserResponseDto } from '../dtos/user.response.dto.js';
import { VerifyEmailRequestDto } from '../dtos/verify-email.request.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '../openapi/optional-swagger.js';
import {
  toUserResponse,
  type TokenResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** The one answer to a forgot-password request, whatever the address. */
export const RESET_REQUESTED =
  'If an account has this address, a link to reset its password is on its way';

const SIGNED_IN_ERRORS = {
  401: 'authentication_required, invalid_token, ...',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
} as const;

/**
 * The account flows: password change, forgot and reset, email verification and change. Every
 * mail goes through the outbox: a 202 means it is stored and on its way, not that it was sent.
 */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, AuthRateLimitGuard)
@ApiTags('auth: account')
@ApiExtraModels(ErrorResponseDto)
@ApiErrorResponses({ 503: 'storage_unavailable, server_busy' })
export class AccountController {
  constructor(
    private readonly commands: CommandBus,
    private readonly cookies: RefreshTokenCookies,
  ) {}

  @Post('password/change')
  @HttpCode(HttpStatus.OK)
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change the password; every other session is revoked',
    description:
      'Answers a new token pair for this session: its previous access and refresh tokens stop ' +
      'working, like every token of the other sessions (at once here, within the poll interval ' +
      'on other instances). Older reset links stop working too.',
  })
  @ApiOkResponse({ type: PasswordChangedResponseDto })
  @ApiErrorResponses({
    ...SIGNED_IN_ERRORS,
    400: 'validation_failed (new password policy), invalid_password (current password)',
    429: 'too_many_attempts (the account lockout)',
  })
  async changePassword(
    @Body() body: ChangePasswordRequestDto,
    @CurrentToken() token: VerifiedAccessToken,
    @RequestId() requestId: string,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<TokenResponse & { revoked_sessions: number }> {
    const result = await this.commands.execute(
      new ChangePasswordCommand(
        token.user.userId,
        token.sessionId,
        body.current_password,
        body.new_password,
        requestId,
      ),
    );
    // A browser client keeps its refresh token in the cookie: the re-issued one replaces it there.
    return {
      ...this.cookies.present(result.tokens, request, response),
      revoked_sessions: result.revokedSessions,
    };
  }

  @Post('password/forgot')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @RateLimit('passwordForgot')
  @ApiOperation({
    summary: 'Ask for a password-reset mail',
    description:
      'The same 202, body and timing whether or not an account has the address.',
  })
  @ApiAcceptedResponse({ type: MessageResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited (per client, or per address: `mailPerAddressLimit`)',
  })
  async forgotPassword(
    @Body() body: ForgotPasswordRequestDto,
  ): Promise<{ message: string }> {
    await this.commands.execute(new RequestPasswordResetCommand(body.email));
    return { message: RESET_REQUESTED };
  }

  @Post('password/reset')
  @Public()
  @HttpCode(HttpStatus.OK)
  @RateLimit('passwordReset')
  @ApiOperation({
    summary: 'Set a new password with a mailed reset (or invitation) token',
    description:
      'Single use; every session of the user is revoked. Unknown, expired, used and voided tokens ' +
      'all answer the same 400 invalid_reset_token.',
  })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiErrorResponses({
    400: 'invalid_reset_token, validation_failed',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  })
  async resetPassword(
    @Body() body: ResetPasswordRequestDto,
    @RequestId() requestId: string,
  ): Promise<{ message: string }> {
    await this.commands.execute(
      new ResetPasswordCommand(body.token, body.new_password, requestId),
    );
    return { message: 'Password changed; log in with the new password' };
  }

  @Post('email/verify')
  @Public()
  @HttpCode(HttpStatus.OK)
  @RateLimit('emailVerify')
  @ApiOperation({
    summary:
      'Confirm an address with a mailed token (verification or email change)',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrorResponses({
    400: 'invalid_verification_token, validation_failed',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  })
  async verifyEmail(
    @Body() body: VerifyEmailRequestDto,
    @RequestId() requestId: string,
  ): Promise<UserResponse> {
    return toUserResponse(
      await this.commands.execute(
        new VerifyEmailCommand(body.token, requestId),
      ),
    );
  }

  @Post('email/verify/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Send a new verification mail (nothing when already verified)',
  })
  @ApiAcceptedResponse({ type: MessageResponseDto })
  @ApiErrorResponses({
    ...SIGNED_IN_ERRORS,
    429: 'rate_limited (`mailPerAddressLimit`)',
  })
  async resendVerification(
    @CurrentToken() token: VerifiedAccessToken,
  ): Promise<{ message: string }> {
    await this.commands.execute(
      new ResendEmailVerificationCommand(token.user.userId),
    );
    return { message: 'A verification link is on its way' };
  }

  @Post('email/change')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change the email address once confirmed from the new one',
    description:
      'A confirmation link goes to the new address (none if another account has it: the answer ' +
      'is the same) and a notice to the current one.',
  })
  @ApiAcceptedResponse({ type: MessageResponseDto })
  @ApiErrorResponses({
    ...SIGNED_IN_ERRORS,
    400: 'validation_failed, invalid_password',
    429: 'too_many_attempts (the account lockout), rate_limited (`mailPerAddressLimit`)',
  })
  async changeEmail(
    @Body() body: ChangeEmailRequestDto,
    @CurrentToken() token: VerifiedAccessToken,
  ): Promise<{ message: string }> {
    await this.commands.execute(
      new RequestEmailChangeCommand(
        token.user.userId,
        body.new_email,
        body.password,
      ),
    );
    return {
      message: 'Confirm the new address with the link mailed to it',
    };
  }
}
