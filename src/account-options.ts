import type {
  AccountLinkPaths,
  MailSettings,
} from './application/auth-config.js';
import type { LockoutPolicy } from './domain/ports/login-attempt.repository.js';
import type { OptionChecker } from './option-checker.js';

/** The account-flow options of `AuthModuleOptions` (kept here so the wiring file stays small). */
export interface AccountOptionsInput {
  appUrl?: string;
  passwordResetTtlSeconds?: number;
  emailVerificationTtlSeconds?: number;
  invitationTtlSeconds?: number;
  requireVerifiedEmail?: boolean;
  allowSelfRegistration?: boolean;
  mail?: {
    from?: string;
    smtpUrl?: string;
    pollIntervalMs?: number;
    maxAttempts?: number;
    linkPaths?: Partial<AccountLinkPaths>;
  };
  mailPerAddressLimit?: false | { limit?: number; windowSeconds?: number };
}

/** The validated account-flow settings, as `AuthConfig` holds them. */
export interface ResolvedAccountOptions {
  readonly appUrl: string;
  readonly passwordResetTtlSeconds: number;
  readonly emailVerificationTtlSeconds: number;
  readonly invitationTtlSeconds: number;
  readonly requireVerifiedEmail: boolean;
  readonly allowSelfRegistration: boolean;
  readonly mail: MailSettings;
  readonly mailPerAddressLimit: LockoutPolicy | null;
}

/** Links point at the host's development server unless told otherwise (refused in production). */
const DEVELOPMENT_APP_URL = 'http://localhost:3000';

const DEFAULT_LINK_PATHS: AccountLinkPaths = {
  passwordReset: '/reset-password',
  invitation: '/accept-invitation',
  emailVerification: '/verify-email',
  emailChange: '/confirm-email',
};

/**
 * Validates the account-flow options. `production` (NODE_ENV=production) requires `appUrl`: a
 * link to a development host in a real mail would be a broken (or hijackable) link.
 */
export function resolveAccountOptions(
  options: AccountOptionsInput,
  check: OptionChecker,
  production: boolean,
): ResolvedAccountOptions {
  const appUrl = checkUrl('appUrl', options.appUrl, ['http:', 'https:'], check);
  if (appUrl === null && production) {
    check.problem('appUrl is required when NODE_ENV=production');
  }
  const smtpUrl = checkUrl(
    'mail.smtpUrl',
    options.mail?.smtpUrl,
    ['smtp:', 'smtps:'],
    check,
  );
  if (smtpUrl !== null && options.mail?.from === undefined) {
    check.problem('mail.from is required with mail.smtpUrl');
  }
  const paths = { ...DEFAULT_LINK_PATHS };
  for (const key of Object.keys(DEFAULT_LINK_PATHS) as Array<
    keyof AccountLinkPaths
  >) {
    const given = options.mail?.linkPaths?.[key];
    if (given === undefined) continue;
    if (typeof given !== 'string' || !/^\/[\w\-./]*$/.test(given)) {
      check.problem(
        `mail.linkPaths.${key} must be a path starting with "/" (letters, digits, "-", "_", ".", "/")`,
      );
    } else {
      paths[key] = given;
    }
  }
  const limit = options.mailPerAddressLimit;
  return {
    appUrl: (appUrl ?? DEVELOPMENT_APP_URL).replace(/\/+$/, ''),
    passwordResetTtlSeconds: check.int(
      'passwordResetTtlSeconds',
      options.passwordResetTtlSeconds,
      1800,
      60,
      86_400,
    ),
    emailVerificationTtlSeconds: check.int(
      'emailVerificationTtlSeconds',
      options.emailVerificationTtlSeconds,
      86_400,
      300,
      30 * 86_400,
    ),
    invitationTtlSeconds: check.int(
      'invitationTtlSeconds',
      options.invitationTtlSeconds,
      7 * 86_400,
      300,
      90 * 86_400,
    ),
    requireVerifiedEmail: checkFlag(
      'requireVerifiedEmail',
      options.requireVerifiedEmail,
      false,
      check,
    ),
    allowSelfRegistration: checkFlag(
      'allowSelfRegistration',
      options.allowSelfRegistration,
      true,
      check,
    ),
    mail: {
      from: check.text(
        'mail.from',
        options.mail?.from,
        'Tokenward <no-reply@localhost>',
      ),
      smtpUrl,
      pollIntervalMs: check.int(
        'mail.pollIntervalMs',
        options.mail?.pollIntervalMs,
        10_000,
        100,
        3_600_000,
      ),
      maxAttempts: check.int(
        'mail.maxAttempts',
        options.mail?.maxAttempts,
        10,
        1,
        100,
      ),
      linkPaths: paths,
    },
    mailPerAddressLimit:
      limit === false
        ? null
        : {
            maxFailures: check.int(
              'mailPerAddressLimit.limit',
              limit?.limit,
              3,
              1,
              1000,
            ),
            windowMs:
              check.int(
                'mailPerAddressLimit.windowSeconds',
                limit?.windowSeconds,
                900,
                1,
                86_400,
              ) * 1000,
            lockMs:
              check.int(
                'mailPerAddressLimit.windowSeconds',
                limit?.windowSeconds,
                900,
                1,
                86_400,
              ) * 1000,
          },
  };
}

function checkFlag(
  name: string,
  value: boolean | undefined,
  fallback: boolean,
  check: OptionChecker,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    check.problem(`${name} must be true or false`);
    return fallback;
  }
  return value;
}

function checkUrl(
  name: string,
  value: string | undefined,
  protocols: readonly string[],
  check: OptionChecker,
): string | null {
  if (value === undefined) return null;
  let url: URL | null;
  try {
    url = typeof value === 'string' ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (url === null || !protocols.includes(url.protocol)) {
    // Never the value: an SMTP URL may carry a password.
    check.problem(`${name} must be a ${protocols.join(' or ')} URL`);
    return null;
  }
  return value;
}
