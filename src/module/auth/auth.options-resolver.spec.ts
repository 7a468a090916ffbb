import { afterEach, describe, expect, it } from 'vitest';
import { TokenwardConfigError } from '../shared/tokenward-config.error.js';
import { resolveAuthOptions } from './auth.options-resolver.js';

const secret = 'resolver-spec-secret-0123456789abcdef-0123';
const clientSecret = 'client-secret-0123456789abcdef-0123456789';

function problemsOf(options: object): readonly string[] {
  try {
    resolveAuthOptions({ secret, ...options });
  } catch (error) {
    if (error instanceof TokenwardConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('resolveAuthOptions: issuer, clients, firstPartyClientId', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('keeps a plain-name issuer (the default) as a bare iss, without metadata', () => {
    const { config } = resolveAuthOptions({ secret });
    expect(config.issuer).toBe('tokenward');
    expect(config.issuerUrl).toBeNull();
  });

  it('takes an http(s) issuer as the RFC 8414 issuer URL', () => {
    const { config } = resolveAuthOptions({
      secret,
      issuer: 'https://auth.example.test/tenant',
    });
    expect(config.issuerUrl?.pathname).toBe('/tenant');
  });

  it.each([
    ['ftp://auth.example.test', 'issuer must be an http(s) URL'],
    ['https://auth.example.test/?x=1', 'issuer must not have a query'],
    ['https://auth.example.test/#top', 'issuer must not have a query'],
    ['https://user:pw@auth.example.test', 'issuer must not carry credentials'],
    ['https://auth.example.test/a/b/c/d/e', 'at most four segments'],
  ])('refuses the issuer %s', (issuer, problem) => {
    expect(problemsOf({ issuer }).join('\n')).toContain(problem);
  });

  it('refuses an http issuer in production unless it is localhost', () => {
    process.env.NODE_ENV = 'production';
    const base = { appUrl: 'https://app.example.test' };
    expect(
      problemsOf({ ...base, issuer: 'http://auth.example.test' }),
    ).toContain(
      'issuer must be an https URL when NODE_ENV=production (http only for localhost)',
    );
    expect(problemsOf({ ...base, issuer: 'http://localhost:3000' })).toEqual(
      [],
    );
    expect(
      problemsOf({ ...base, issuer: 'https://auth.example.test' }),
    ).toEqual([]);
  });

  it('merges clients with scopes and the legacy introspectionClients (no scopes)', () => {
    const { config } = resolveAuthOptions({
      secret,
      clients: [{ clientId: 'reports', clientSecret, scopes: ['a', 'b', 'a'] }],
      introspectionClients: [{ clientId: 'billing', clientSecret }],
    });
    expect(config.clients).toEqual([
      { clientId: 'reports', clientSecret, scopes: ['a', 'b'] },
      { clientId: 'billing', clientSecret, scopes: [] },
    ]);
    expect(config.firstPartyClientId).toBe('tokenward');
  });

  it('refuses malformed scopes, short secrets, a client in both lists and a confidential first-party id', () => {
    const problems = problemsOf({
      clients: [
        { clientId: 'reports', clientSecret, scopes: ['has space'] },
        { clientId: 'short', clientSecret: 'tiny' },
        { clientId: 'billing', clientSecret },
      ],
      introspectionClients: [{ clientId: 'billing', clientSecret }],
      firstPartyClientId: 'short',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('client "reports" needs scopes'),
        expect.stringContaining('client "short" needs a clientSecret'),
        'client "billing" is in both clients and introspectionClients',
        'firstPartyClientId "short" is also a confidential client: a public client has no secret',
      ]),
    );
  });
});

describe('resolveAuthOptions: webauthn', () => {
  it('defaults the relying party to the appUrl host and origin', () => {
    const { config } = resolveAuthOptions({
      secret,
      appUrl: 'https://app.example.com/',
    });
    expect(config.webauthn).toEqual({
      rpId: 'app.example.com',
      rpName: 'Tokenward',
      origins: ['https://app.example.com'],
      challengeTtlSeconds: 300,
      passwordless: false,
    });
  });

  it('takes an rpId with origins on it and its subdomains', () => {
    const { config } = resolveAuthOptions({
      secret,
      webauthn: {
        rpId: 'example.com',
        rpName: 'Example',
        origins: ['https://example.com', 'https://login.example.com:8443'],
        challengeTtlSeconds: 60,
        passwordless: true,
      },
    });
    expect(config.webauthn).toEqual({
      rpId: 'example.com',
      rpName: 'Example',
      origins: ['https://example.com', 'https://login.example.com:8443'],
      challengeTtlSeconds: 60,
      passwordless: true,
    });
  });

  it('refuses an origin off the rpId, an origin with a path, and a URL as rpId', () => {
    const problems = (webauthn: object): string => {
      try {
        resolveAuthOptions({ secret, webauthn });
      } catch (error) {
        expect(error).toBeInstanceOf(TokenwardConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(
      problems({ rpId: 'example.com', origins: ['https://evil.test'] }),
    ).toContain('is not on webauthn.rpId');
    expect(
      problems({ rpId: 'example.com', origins: ['https://example.com/login'] }),
    ).toContain('must be an origin');
    expect(problems({ rpId: 'https://example.com' })).toContain(
      'webauthn.rpId must be',
    );
    expect(problems({ rpId: 'example.com', origins: [] })).toContain(
      'webauthn.origins must be',
    );
    expect(problems({ passwordless: 'yes' })).toContain(
      'webauthn.passwordless must be true or false',
    );
    expect(problems({ challengeTtlSeconds: 5 })).toContain(
      'webauthn.challengeTtlSeconds',
    );
  });
});

describe('resolveAuthOptions: mfa.requireForAdminRoutes', () => {
  it('is off by default and for false; true asks a second factor of any age', () => {
    expect(
      resolveAuthOptions({ secret }).config.adminMfaRequirement,
    ).toBeNull();
    expect(
      resolveAuthOptions({ secret, mfa: { requireForAdminRoutes: false } })
        .config.adminMfaRequirement,
    ).toBeNull();
    expect(
      resolveAuthOptions({ secret, mfa: { requireForAdminRoutes: true } })
        .config.adminMfaRequirement,
    ).toEqual({ maxAgeSeconds: null });
    expect(
      resolveAuthOptions({
        secret,
        mfa: { requireForAdminRoutes: { maxAgeSeconds: 900 } },
      }).config.adminMfaRequirement,
    ).toEqual({ maxAgeSeconds: 900 });
  });

  it('refuses anything else with one clear problem', () => {
    for (const requireForAdminRoutes of [
      'yes',
      1,
      null,
      {},
      { maxAgeSeconds: -1 },
      { maxAgeSeconds: 1.5 },
      { maxAgeSeconds: '900' },
      { maxAgeSeconds: 900, roles: ['admin'] },
    ]) {
      expect(problemsOf({ mfa: { requireForAdminRoutes } })).toEqual([
        'mfa.requireForAdminRoutes must be true, false or { maxAgeSeconds } (a whole number of seconds from 0 to 31622400)',
      ]);
    }
  });
});

describe('resolveAuthOptions: TOTP and the mfa policy', () => {
  it('defaults to optional factors, issuer Tokenward, mfaVerify limited like login', () => {
    const { config } = resolveAuthOptions({ secret });
    expect(config.mfaRequirement).toEqual({
      required: 'optional',
      roles: ['admin'],
    });
    expect(config.totpIssuer).toBe('Tokenward');
    expect(config.rateLimits?.mfa).toEqual({ limit: 20, ttlMs: 60_000 });
  });

  it('takes required roles and an issuer', () => {
    const { config } = resolveAuthOptions({
      secret,
      mfa: { required: 'roles', roles: ['admin', 'ops'] },
      totp: { issuer: 'Acme' },
    });
    expect(config.mfaRequirement).toEqual({
      required: 'roles',
      roles: ['admin', 'ops'],
    });
    expect(config.totpIssuer).toBe('Acme');
  });

  it('refuses an unknown policy, bad role names and an empty issuer', () => {
    const problems = problemsOf({
      secret,
      mfa: { required: 'sometimes', roles: ['Not A Role'] },
      totp: { issuer: '' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'mfa.required must be one of optional, roles, all',
        ),
        expect.stringContaining('mfa.roles must be a list'),
        expect.stringContaining('totp.issuer'),
      ]),
    );
    expect(problemsOf({ secret, mfa: { roles: [] } })).toEqual([
      expect.stringContaining('mfa.roles must be a list'),
    ]);
  });
});
