import { describe, expect, it } from 'vitest';
import { TokenwardConfigError } from '../shared/tokenward-config.error.js';
import { resolveResourceServerOptions } from './resource-server.options-resolver.js';
import type { ResourceServerModuleOptions } from './resource-server.options.js';

const JWKS: ResourceServerModuleOptions = {
  issuer: 'https://auth.example.test',
  audience: 'example-api',
  verification: {
    mode: 'jwks',
    jwksUrl: 'https://auth.example.test/auth/.well-known/jwks.json',
  },
};

const INTROSPECTION: ResourceServerModuleOptions = {
  issuer: 'https://auth.example.test',
  audience: 'example-api',
  verification: {
    mode: 'introspection',
    introspectionUrl: 'https://auth.example.test/auth/introspect',
    clientId: 'billing',
    clientSecret: 'billing-secret-0123456789abcdef-0123456789',
  },
};

/** The problems listed by the thrown `TokenwardConfigError`. */
function problems(options: unknown): readonly string[] {
  try {
    resolveResourceServerOptions(options as ResourceServerModuleOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenwardConfigError);
    return (error as TokenwardConfigError).problems;
  }
  throw new Error('the options were accepted');
}

describe('resolveResourceServerOptions', () => {
  it('fills in the JWKS defaults', () => {
    const resolved = resolveResourceServerOptions(JWKS);

    expect(resolved.verification).toEqual({
      mode: 'jwks',
      issuer: 'https://auth.example.test',
      audience: 'example-api',
      clockToleranceSeconds: 5,
      jwksUrl: new URL('https://auth.example.test/auth/.well-known/jwks.json'),
      algorithms: ['EdDSA', 'ES256'],
      cacheMaxAgeMs: 60_000,
      cooldownMs: 1000,
      timeoutMs: 2000,
      cacheMaxEntries: 10_000,
    });
    expect(resolved.shouldSkipAuthentication).toBeNull();
    expect(resolved.warnings).toEqual([]);
  });

  it('fills in the introspection defaults', () => {
    const skip = () => false;
    const resolved = resolveResourceServerOptions({
      ...INTROSPECTION,
      shouldSkipAuthentication: skip,
    });

    expect(resolved.verification).toEqual({
      mode: 'introspection',
      issuer: 'https://auth.example.test',
      audience: 'example-api',
      clockToleranceSeconds: 5,
      introspectionUrl: new URL('https://auth.example.test/auth/introspect'),
      clientId: 'billing',
      clientSecret: 'billing-secret-0123456789abcdef-0123456789',
      cacheTtlMs: 1000,
      timeoutMs: 2000,
      cacheMaxEntries: 10_000,
    });
    expect(resolved.shouldSkipAuthentication).toBe(skip);
  });

  it('lists every problem at once', () => {
    const listed = problems({
      issuer: '',
      clockToleranceSeconds: -1,
      shouldSkipAuthentication: '/health',
      verification: {
        mode: 'introspection',
        introspectionUrl: 'ftp://auth.example.test/introspect',
        clientId: 'no spaces allowed',
        clientSecret: 'short',
        cacheTtlMs: 60_000,
        timeoutMs: 0,
      },
    });

    expect(listed).toEqual([
      expect.stringMatching(/^issuer is required/),
      expect.stringMatching(/^audience is required/),
      'clockToleranceSeconds must be an integer from 0 to 300',
      expect.stringMatching(/^shouldSkipAuthentication must be a function/),
      'verification.introspectionUrl must be an absolute http(s) URL',
      expect.stringMatching(/^verification.clientId must be/),
      'verification.clientSecret must be a string of at least 32 bytes (the auth app refuses shorter ones)',
      'verification.cacheTtlMs must be an integer from 0 to 30000',
      'verification.timeoutMs must be an integer from 100 to 60000',
    ]);
    expect(
      new TokenwardConfigError(listed).message.split('\n').length,
    ).toBeGreaterThan(listed.length);
  });

  it.each([
    ['no verification', undefined],
    ['an unknown mode', { mode: 'magic' }],
  ])('requires a verification mode (%s)', (_name, verification) => {
    expect(problems({ ...JWKS, verification })).toEqual([
      expect.stringMatching(/^verification is required: \{ mode: "jwks"/),
    ]);
  });

  it.each([
    ['HS256', ['HS256']],
    ['none', ['none']],
    ['an empty list', []],
    ['duplicates', ['EdDSA', 'EdDSA']],
  ])('refuses algorithms with %s', (_name, algorithms) => {
    expect(
      problems({ ...JWKS, verification: { ...JWKS.verification, algorithms } }),
    ).toEqual([expect.stringMatching(/^verification.algorithms must be/)]);
  });

  it.each([
    ['not a URL', 'auth/introspect', 'must be an absolute http(s) URL'],
    ['not http(s)', 'file:///etc/keys.json', 'must be an absolute http(s) URL'],
    [
      'credentials in the URL',
      'https://user:pw@auth.example.test/jwks.json',
      'must not carry credentials',
    ],
  ])('refuses a jwksUrl that is %s', (_name, jwksUrl, problem) => {
    expect(
      problems({ ...JWKS, verification: { mode: 'jwks', jwksUrl } }),
    ).toEqual([`verification.jwksUrl ${problem}`]);
  });

  it('refuses a cooldown longer than the key cache age', () => {
    expect(
      problems({
        ...JWKS,
        verification: {
          ...JWKS.verification,
          cacheMaxAgeMs: 5000,
          cooldownMs: 10_000,
        },
      }),
    ).toEqual(['verification.cooldownMs must be an integer from 0 to 5000']);
  });

  it('warns (does not refuse) about plain http to another host, not to loopback', () => {
    const remote = resolveResourceServerOptions({
      ...INTROSPECTION,
      verification: {
        ...INTROSPECTION.verification,
        introspectionUrl: 'http://auth.internal:3000/auth/introspect',
      } as ResourceServerModuleOptions['verification'],
    });
    const loopback = resolveResourceServerOptions({
      ...JWKS,
      verification: {
        mode: 'jwks',
        jwksUrl: new URL('http://127.0.0.1:3000/auth/.well-known/jwks.json'),
      },
    });

    expect(remote.warnings).toEqual([
      expect.stringContaining('client credentials travel unprotected'),
    ]);
    expect(loopback.warnings).toEqual([]);
  });

  describe('ssf (the Shared Signals receiver)', () => {
    const SSF = {
      clientId: 'orders',
      clientSecret: 'orders-secret-0123456789abcdef-0123456789',
    };

    it('is off without the option, and fills in its defaults with it', () => {
      expect(resolveResourceServerOptions(JWKS).ssf).toBeNull();
      expect(resolveResourceServerOptions({ ...JWKS, ssf: SSF }).ssf).toEqual({
        ...SSF,
        pollIntervalMs: 1000,
        maxTokenLifetimeSeconds: 900,
        timeoutMs: 2000,
      });
    });

    it('needs JWKS mode, an issuer URL, valid client credentials and ranges', () => {
      expect(
        problems({
          ...INTROSPECTION,
          issuer: 'tokenward',
          ssf: {
            clientId: 'no spaces',
            clientSecret: 'short',
            pollIntervalMs: 10,
            maxTokenLifetimeSeconds: 0,
          },
        }),
      ).toEqual([
        expect.stringMatching(/^ssf needs verification.mode "jwks"/),
        'issuer (with ssf) must be an absolute http(s) URL',
        expect.stringMatching(/^ssf.clientId must be/),
        expect.stringMatching(/^ssf.clientSecret must be a string of at least/),
        'ssf.pollIntervalMs must be an integer from 100 to 60000',
        'ssf.maxTokenLifetimeSeconds must be an integer from 10 to 86400',
      ]);
    });
  });
});
