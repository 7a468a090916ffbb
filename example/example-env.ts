import { randomBytes } from 'node:crypto';
import {
  SIGNING_ALGORITHMS,
  type AuthModuleOptions,
  type IntrospectionClient,
  type SigningAlgorithm,
} from '../src/index.js';

/** The environment as ConfigModule hands it to `validate` (or a plain map, in tests). */
export type ExampleEnvSource = Readonly<Record<string, unknown>>;

/**
 * The example's configuration, validated once at start: what `ConfigService` serves
 * (`config.get('auth', { infer: true })`, ...).
 *
 * Every top-level value is an object (or null): ConfigModule copies the top-level strings,
 * numbers and booleans of a validated config back into `process.env`, and a generated
 * development secret must not end up there (child processes, environment dumps).
 */
export interface ExampleConfig {
  readonly server: {
    readonly port: number;
    readonly host: string;
    readonly adapter: 'express' | 'fastify';
  };
  /** Null: Tokenward stores in memory. */
  readonly mongodb: { readonly uri: string } | null;
  /** The admin account to create at start if absent, or null. */
  readonly admin: {
    readonly username: string;
    readonly email: string;
    readonly password: string;
  } | null;
  /** What `AuthModule.forRootAsync`'s factory returns. */
  readonly auth: AuthModuleOptions;
  /** To log once the app's logger is in place (e.g. the generated development secret). */
  readonly warnings: readonly string[];
}

/** Tokenward's own minimum, checked here too so that the message names the variable. */
const MIN_SECRET_BYTES = 32;

/**
 * ConfigModule's `validate`: turns the environment into an {@link ExampleConfig}, or throws one
 * error listing every problem. Messages name variables, never their values: a secret must not
 * reach the start-up error.
 */
export function validateExampleEnv(source: ExampleEnvSource): ExampleConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const text = (name: string): string | undefined => {
    const raw = source[name];
    if (raw === undefined || raw === null || raw === '') return undefined;
    return String(raw);
  };
  const int = (name: string): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) problems.push(`${name} must be an integer`);
    return value;
  };

  const production = text('NODE_ENV') === 'production';
  let secret = text('JWT_SECRET');
  if (secret === undefined) {
    if (production) {
      problems.push('JWT_SECRET is required when NODE_ENV=production');
    }
    secret = randomBytes(48).toString('base64url');
    warnings.push(
      'JWT_SECRET is not set: using a random secret for this run (tokens die with the process). Set JWT_SECRET; it is required with NODE_ENV=production.',
    );
  } else if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }

  const port = int('PORT') ?? 3000;
  if (!Number.isNaN(port) && (port < 0 || port > 65535)) {
    problems.push('PORT must be between 0 and 65535');
  }
  const adapter = text('TOKENWARD_ADAPTER') ?? 'express';
  if (adapter !== 'express' && adapter !== 'fastify') {
    problems.push('TOKENWARD_ADAPTER must be "express" or "fastify"');
  }

  const username = text('TOKENWARD_ADMIN_USERNAME');
  const email = text('TOKENWARD_ADMIN_EMAIL');
  const password = text('TOKENWARD_ADMIN_PASSWORD');
  const adminSet = [username, email, password].filter(
    (v) => v !== undefined,
  ).length;
  if (adminSet !== 0 && adminSet !== 3) {
    problems.push(
      'set all of TOKENWARD_ADMIN_USERNAME, TOKENWARD_ADMIN_EMAIL and TOKENWARD_ADMIN_PASSWORD, or none',
    );
  }

  const algorithm = text('TOKENWARD_SIGNING_ALGORITHM') ?? 'HS256';
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(algorithm)) {
    problems.push(
      `TOKENWARD_SIGNING_ALGORITHM must be one of ${SIGNING_ALGORITHMS.join(', ')}`,
    );
  }
  // Load tests only: one client sending thousands of logins is what these limits are there to stop.
  const onOff = (name: string, raw: string | undefined): boolean => {
    if (raw === undefined || raw === 'on') return true;
    if (raw !== 'off') {
      problems.push(`${name} must be "on" or "off"`);
    } else if (production) {
      problems.push(`${name}=off is refused when NODE_ENV=production`);
    } else {
      warnings.push(`${name}=off: for load tests only, never in production.`);
    }
    return false;
  };
  const rateLimits = onOff(
    'TOKENWARD_RATE_LIMITS',
    text('TOKENWARD_RATE_LIMITS'),
  );
  const loginLockout = onOff(
    'TOKENWARD_LOGIN_LOCKOUT',
    text('TOKENWARD_LOGIN_LOCKOUT'),
  );

  // Account mails: SMTP when TOKENWARD_SMTP_URL is set; else Tokenward's logging mailer, which
  // prints the links (development only: it refuses NODE_ENV=production, so refuse here first,
  // naming the variable).
  const smtpUrl = text('TOKENWARD_SMTP_URL');
  const appUrl = text('TOKENWARD_APP_URL');
  if (production && smtpUrl === undefined) {
    problems.push('TOKENWARD_SMTP_URL is required when NODE_ENV=production');
  }
  if (production && appUrl === undefined) {
    problems.push('TOKENWARD_APP_URL is required when NODE_ENV=production');
  }
  const requireVerified = text('TOKENWARD_REQUIRE_VERIFIED_EMAIL');
  if (
    requireVerified !== undefined &&
    requireVerified !== 'true' &&
    requireVerified !== 'false'
  ) {
    problems.push('TOKENWARD_REQUIRE_VERIFIED_EMAIL must be "true" or "false"');
  }

  // The app's own base URL unless told otherwise: RFC 8414 clients discover it there. A wildcard
  // bind address is no address a client can use, so it reads as localhost.
  const host = text('HOST') ?? '127.0.0.1';
  const urlHost = ['0.0.0.0', '::', '[::]'].includes(host)
    ? 'localhost'
    : host.includes(':')
      ? `[${host}]`
      : host;
  // Browser clients: the refresh token in an HttpOnly cookie, with CSRF proof. The app's own
  // origins are accepted, plus any listed (a front end served elsewhere).
  const refreshCookie = text('TOKENWARD_REFRESH_COOKIE');
  if (
    refreshCookie !== undefined &&
    refreshCookie !== '1' &&
    refreshCookie !== '0'
  ) {
    problems.push('TOKENWARD_REFRESH_COOKIE must be "1" or "0"');
  }
  const allowedOrigins = [
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    ...(text('TOKENWARD_ALLOWED_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  ];

  const auth: AuthModuleOptions = {
    secret,
    issuer: text('TOKENWARD_ISSUER') ?? `http://${urlHost}:${port}`,
    audience: text('TOKENWARD_AUDIENCE'),
    accessTokenTtlSeconds: int('TOKENWARD_ACCESS_TTL_SECONDS'),
    refreshReuseIntervalSeconds: int(
      'TOKENWARD_REFRESH_REUSE_INTERVAL_SECONDS',
    ),
    globalGracePeriodSeconds: int('TOKENWARD_GLOBAL_GRACE_SECONDS'),
    signing: { algorithm: algorithm as SigningAlgorithm },
    introspectionClients: parseClients(
      text('TOKENWARD_INTROSPECTION_CLIENTS'),
      problems,
    ),
    appUrl,
    requireVerifiedEmail: requireVerified === 'true',
    mail: {
      smtpUrl,
      from:
        text('TOKENWARD_MAIL_FROM') ?? 'Tokenward example <no-reply@localhost>',
    },
    ...(rateLimits ? {} : { rateLimit: false as const }),
    ...(refreshCookie === '1'
      ? { refreshTokenCookie: { allowedOrigins } }
      : {}),
    ...(loginLockout ? {} : { loginLockout: false as const }),
    // Passkeys on the example's own origin (the /demo page) unless an appUrl says where it lives.
    ...(appUrl === undefined
      ? {
          webauthn: {
            rpId: 'localhost',
            origins: [`http://localhost:${port}`],
          },
        }
      : {}),
  };
  if (problems.length > 0) {
    throw new Error(`Invalid environment:\n - ${problems.join('\n - ')}`);
  }
  const mongodbUri = text('MONGODB_URI');
  return {
    server: {
      port,
      host,
      adapter: adapter as 'express' | 'fastify',
    },
    mongodb: mongodbUri === undefined ? null : { uri: mongodbUri },
    admin:
      username !== undefined && email !== undefined && password !== undefined
        ? { username, email, password }
        : null,
    auth,
    warnings,
  };
}

// `id:secret,id2:secret2`; a secret may itself contain ':' (split at the first one only).
function parseClients(
  raw: string | undefined,
  problems: string[],
): IntrospectionClient[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').flatMap((pair) => {
    const colon = pair.indexOf(':');
    if (colon <= 0) {
      problems.push(
        'TOKENWARD_INTROSPECTION_CLIENTS must look like id:secret,id2:secret2',
      );
      return [];
    }
    return [
      {
        clientId: pair.slice(0, colon).trim(),
        clientSecret: pair.slice(colon + 1).trim(),
      },
    ];
  });
}
