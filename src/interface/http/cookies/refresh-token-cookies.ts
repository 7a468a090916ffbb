import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AuthConfig,
  CSRF_COOKIE_NAME,
  CSRF_HEADER_NAME,
  type RefreshTokenCookieSettings,
} from '../../../application/auth-config.js';
import type { AuthTokens } from '../../../application/dtos/auth-tokens.dto.js';
import { CsrfFailedError } from '../../../domain/errors/csrf-failed.error.js';
import {
  toTokenResponse,
  type TokenResponse,
} from '../presenters/http-response.presenter.js';

/** Attributes both adapters' cookie plugins take alike (`expires`, not `maxAge`: its unit differs). */
interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'strict';
  path: string;
  domain?: string;
  expires?: Date;
}

/**
 * Express' `res.cookie` / `res.clearCookie` and `@fastify/cookie`'s `reply.setCookie` /
 * `reply.clearCookie`.
 */
interface CookieResponse {
  cookie?: (name: string, value: string, options: CookieOptions) => unknown;
  setCookie?: (name: string, value: string, options: CookieOptions) => unknown;
  clearCookie?: (name: string, options: Partial<CookieOptions>) => unknown;
}

/** What `cookie-parser` (Express) and `@fastify/cookie` leave on the request. */
export interface CookieRequest {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
}

/** A CSRF token as Tokenward mints it: 256 bits, base64url. */
const CSRF_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Longest refresh token read from a cookie (the body's bound). */
const MAX_COOKIE_TOKEN_LENGTH = 512;

/**
 * The refresh token as an HttpOnly cookie (`refreshTokenCookie`), and the CSRF proof a request
 * authenticated by it must carry: the `X-CSRF-Token` header equal to the `tokenward_csrf` cookie
 * (double submit: another site can make the browser send the cookies but cannot read them) and an
 * `Origin` among the allowed ones. Parsing and serialising go through the adapter's cookie plugin
 * (`cookie-parser`, `@fastify/cookie`), which the host registers; without it the first cookie
 * request fails loudly instead of treating every request as cookie-less.
 */
@Injectable()
export class RefreshTokenCookies {
  private readonly settings: RefreshTokenCookieSettings | null;

  constructor(config: AuthConfig) {
    this.settings = config.refreshTokenCookie;
  }

  /** Whether `refreshTokenCookie` is on. */
  get enabled(): boolean {
    return this.settings !== null;
  }

  /**
   * Sets the refresh-token cookie and the CSRF cookie beside it (the request's CSRF token when it
   * carries a well-formed one, so other tabs keep theirs valid; else a new one).
   */
  set(response: unknown, tokens: AuthTokens, request: CookieRequest): void {
    const settings = this.settings;
    if (settings === null) return;
    const csrf =
      this.csrfCookieOf(request) ?? randomBytes(32).toString('base64url');
    const expires = tokens.refreshTokenExpiresAt ?? undefined;
    write(response, settings.name, tokens.refreshToken, {
      ...this.attributes(settings, settings.path),
      httpOnly: true,
      expires,
    });
    // Path=/: the app's pages, wherever they are, must read it to echo it.
    write(response, CSRF_COOKIE_NAME, csrf, {
      ...this.attributes(settings, '/'),
      httpOnly: false,
      expires,
    });
  }

  /**
   * The pair on the wire: in the body, or, with `refreshTokenCookie`, the refresh token in the
   * cookie (set here) and the body without it. Every route that issues tokens answers this way.
   */
  present(
    tokens: AuthTokens,
    request: CookieRequest,
    response: unknown,
  ): TokenResponse {
    const body = toTokenResponse(tokens);
    if (!this.enabled) return body;
    this.set(response, tokens, request);
    delete body.refresh_token;
    return body;
  }

  /** Clears both cookies (logout, the current session ended). No-op when the option is off. */
  clear(response: unknown): void {
    const settings = this.settings;
    if (settings === null) return;
    const clear = (response as CookieResponse).clearCookie;
    if (typeof clear !== 'function') throw missingPlugin();
    clear.call(
      response,
      settings.name,
      this.attributes(settings, settings.path),
    );
    clear.call(response, CSRF_COOKIE_NAME, this.attributes(settings, '/'));
  }

  /** The refresh token the request's cookie carries, if the option is on and it carries one. */
  refreshTokenOf(request: CookieRequest): string | null {
    const settings = this.settings;
    if (settings === null) return null;
    const token = cookiesOf(request)[settings.name];
    return typeof token === 'string' &&
      token.length > 0 &&
      token.length <= MAX_COOKIE_TOKEN_LENGTH
      ? token
      : null;
  }

  /** Throws 403 `csrf_failed` unless the request proves it came from the app. */
  assertCsrf(request: CookieRequest): void {
    const settings = this.settings;
    if (settings === null) throw new CsrfFailedError();
    const origin = request.headers.origin;
    if (
      typeof origin !== 'string' ||
      !settings.allowedOrigins.includes(origin)
    ) {
      throw new CsrfFailedError();
    }
    const cookie = this.csrfCookieOf(request);
    const header = request.headers[CSRF_HEADER_NAME];
    if (
      cookie === null ||
      typeof header !== 'string' ||
      header.length !== cookie.length ||
      !timingSafeEqual(Buffer.from(header), Buffer.from(cookie))
    ) {
      throw new CsrfFailedError();
    }
  }

  private csrfCookieOf(request: CookieRequest): string | null {
    const value = cookiesOf(request)[CSRF_COOKIE_NAME];
    return typeof value === 'string' && CSRF_TOKEN.test(value) ? value : null;
  }

  private attributes(
    settings: RefreshTokenCookieSettings,
    path: string,
  ): Omit<CookieOptions, 'httpOnly'> {
    return {
      secure: settings.secure,
      sameSite: 'strict',
      path,
      ...(settings.domain === null ? {} : { domain: settings.domain }),
    };
  }
}

function cookiesOf(request: CookieRequest): Record<string, string | undefined> {
  if (request.cookies === undefined || request.cookies === null) {
    // A request without a Cookie header still gets `{}` from both plugins.
    throw missingPlugin();
  }
  return request.cookies;
}

function write(
  response: unknown,
  name: string,
  value: string,
  options: CookieOptions,
): void {
  const r = response as CookieResponse;
  // @fastify/cookie decorates the reply with setCookie (and an Express-like `cookie` alias).
  const set = typeof r.setCookie === 'function' ? r.setCookie : r.cookie;
  if (typeof set !== 'function') throw missingPlugin();
  set.call(response, name, value, options);
}

function missingPlugin(): Error {
  return new Error(
    'refreshTokenCookie needs the adapter’s cookie plugin: app.use(cookieParser()) on Express, ' +
      'app.register(fastifyCookie) on Fastify',
  );
}
