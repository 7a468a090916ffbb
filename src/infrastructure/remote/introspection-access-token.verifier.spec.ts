import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  sendJson,
  startHttpStub,
  type HttpStub,
  type StubHandler,
} from '../../../test/support/http-stub.js';
import {
  newSigningKey,
  signAccessToken,
  STUB_AUDIENCE,
  STUB_ISSUER,
  type SigningKey,
} from '../../../test/support/jwks-stub.js';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import { ManualClock } from '../clock/manual.clock.js';
import {
  INTROSPECTION_FAIL_FAST_MS,
  IntrospectionAccessTokenVerifier,
  type IntrospectionVerifierSettings,
} from './introspection-access-token.verifier.js';

// Client secret with characters RFC 6749 §2.3.1 form-encodes before the Basic encoding.
const CLIENT_ID = 'billing';
const CLIENT_SECRET = 'p@ss word:+&%/secret!';

/** The auth app's answer for an active token, as `POST /auth/introspect` gives it. */
function activeAnswer(token: string, overrides: Record<string, unknown> = {}) {
  const claims = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as Record<string, unknown>;
  return {
    active: true,
    sub: claims.sub,
    username: 'alice',
    exp: claims.exp,
    iat: claims.iat,
    jti: claims.jti,
    sid: claims.sid,
    iss: claims.iss,
    aud: claims.aud,
    token_type: 'access_token',
    roles: ['billing:read', 'user'],
    user: {
      id: claims.sub,
      username: 'alice',
      email: 'alice@example.test',
      is_active: true,
      roles: ['billing:read', 'user'],
      created_at: '2026-01-01T00:00:00.000Z',
    },
    ...overrides,
  };
}

/** Answers every token as active (the auth app's answer for it). */
const answerActive: StubHandler = (request, response) => {
  const token = new URLSearchParams(request.body).get('token') ?? '';
  sendJson(response, 200, activeAnswer(token));
};

describe('IntrospectionAccessTokenVerifier', () => {
  let stub: HttpStub;
  let clock: ManualClock;
  let key: SigningKey;

  beforeEach(async () => {
    stub = await startHttpStub(answerActive);
    clock = new ManualClock(new Date());
    key = await newSigningKey();
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await stub.close();
  });

  function verifier(
    settings: Partial<IntrospectionVerifierSettings> = {},
  ): IntrospectionAccessTokenVerifier {
    return new IntrospectionAccessTokenVerifier(
      {
        introspectionUrl: new URL(`${stub.origin}/auth/introspect`),
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        issuer: STUB_ISSUER,
        audience: STUB_AUDIENCE,
        cacheTtlMs: 1000,
        timeoutMs: 500,
        cacheMaxEntries: 100,
        clockToleranceSeconds: 5,
        ...settings,
      },
      clock,
    );
  }

  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  const token = (claims: Record<string, unknown> = {}) =>
    signAccessToken(key, { iat: nowSeconds(), ...claims });

  it('sends an RFC 7662 request with form-encoded HTTP Basic client credentials', async () => {
    const t = await token();

    await verifier().verify(t);

    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/auth/introspect');
    expect(request!.headers['content-type']).toBe(
      'application/x-www-form-urlencoded',
    );
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      token: t,
      token_type_hint: 'access_token',
    });
    const basic = /^Basic (.+)$/.exec(request!.headers.authorization ?? '');
    const [id, secret] = Buffer.from(basic![1]!, 'base64')
      .toString('utf8')
      .split(':');
    // Read back as a form decoder reads it: "+" is a space, then percent-decoding.
    const formDecoded = (value: string) =>
      new URLSearchParams(`v=${value}`).get('v');
    expect(formDecoded(id!)).toBe(CLIENT_ID);
    expect(secret).not.toContain(' ');
    expect(secret).toContain('+');
    expect(secret).not.toMatch(/[:&/!]/);
    expect(formDecoded(secret!)).toBe(CLIENT_SECRET);
  });

  it('returns what the auth app says, with gv/uv from the token it vouched for', async () => {
    const t = await token({ sub: 'u-1', gv: 4, uv: 9 });

    await expect(verifier().verify(t)).resolves.toMatchObject({
      sub: 'u-1',
      gv: 4,
      uv: 9,
      roles: ['billing:read', 'user'],
      username: 'alice',
      email: 'alice@example.test',
    });
  });

  it('reuses an answer for cacheTtlMs, then asks again', async () => {
    const v = verifier({ cacheTtlMs: 1000 });
    const t = await token();

    await v.verify(t);
    clock.advance(999);
    await v.verify(t);
    expect(stub.requests).toHaveLength(1);

    clock.advance(1);
    await v.verify(t);
    expect(stub.requests).toHaveLength(2);
  });

  it('sees a revocation once the cached answer is cacheTtlMs old', async () => {
    const v = verifier({ cacheTtlMs: 500 });
    const t = await token();
    await v.verify(t);
    stub.handler = (_request, response) =>
      sendJson(response, 200, { active: false });

    await expect(v.verify(t)).resolves.toBeDefined();
    clock.advance(500);
    await expect(v.verify(t)).rejects.toThrow(InvalidTokenError);
  });

  it('caches an inactive answer too', async () => {
    stub.handler = (_request, response) =>
      sendJson(response, 200, { active: false });
    const v = verifier();
    const t = await token();

    await expect(v.verify(t)).rejects.toThrow(InvalidTokenError);
    await expect(v.verify(t)).rejects.toThrow(InvalidTokenError);
    expect(stub.requests).toHaveLength(1);
  });

  it('never reuses an answer past the token’s exp', async () => {
    const v = verifier({ cacheTtlMs: 30_000 });
    const t = await token({ exp: nowSeconds() + 2 });
    await v.verify(t);

    clock.advanceSeconds(2 + 5);

    await expect(v.verify(t)).rejects.toThrow(TokenExpiredError);
    expect(stub.requests).toHaveLength(1);
  });

  it('asks every time with cacheTtlMs 0', async () => {
    const v = verifier({ cacheTtlMs: 0 });
    const t = await token();

    await v.verify(t);
    await v.verify(t);

    expect(stub.requests).toHaveLength(2);
  });

  it('concurrent look-ups of one token share one call', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    stub.handler = async (request, response) => {
      await held;
      return answerActive(request, response);
    };
    const v = verifier({ cacheTtlMs: 0 });
    const t = await token();

    const lookups = Array.from({ length: 5 }, () => v.verify(t));
    await expect.poll(() => stub.requests.length).toBe(1);
    release();

    const results = await Promise.all(lookups);
    expect(results.every((r) => r.username === 'alice')).toBe(true);
    expect(stub.requests).toHaveLength(1);
  });

  it.each([
    ['garbage', () => Promise.resolve('garbage')],
    ['a token of another issuer', () => token({ iss: 'https://evil.test' })],
    ['a token for another audience', () => token({ aud: 'other-api' })],
    [
      'an expired token',
      () => token({ iat: nowSeconds() - 900, exp: nowSeconds() - 10 }),
    ],
    ['a token without gv', () => token({ gv: undefined })],
    [
      'a token with a crit header (RFC 7515 §4.1.11)',
      () =>
        signAccessToken(
          key,
          { iat: nowSeconds() },
          { crit: ['b64'], b64: true },
        ),
    ],
  ])('refuses %s without asking', async (_name, make) => {
    await expect(verifier().verify(await make())).rejects.toThrow(
      /Invalid token|Token expired/,
    );
    expect(stub.requests).toHaveLength(0);
  });

  it.each([
    ['token_type other than access_token', { token_type: 'refresh_token' }],
    ['another issuer', { iss: 'https://evil.test' }],
    ['another audience', { aud: 'other-api' }],
  ])(
    'an active answer naming %s is invalid_token',
    async (_name, overrides) => {
      stub.handler = (request, response) =>
        sendJson(
          response,
          200,
          activeAnswer(
            new URLSearchParams(request.body).get('token') ?? '',
            overrides,
          ),
        );

      await expect(verifier().verify(await token())).rejects.toThrow(
        InvalidTokenError,
      );
    },
  );

  describe('when the auth app cannot answer', () => {
    const failures: Array<[string, StubHandler | 'closed']> = [
      ['a refused connection', 'closed'],
      ['a 500', (_q, r) => sendJson(r, 500, { error: 'boom' })],
      ['a 502', (_q, r) => sendJson(r, 502, {})],
      [
        'a redirect (credentials are never sent on)',
        (q, r) => {
          if (q.path !== '/auth/introspect') return answerActive(q, r);
          r.writeHead(307, { location: '/elsewhere' });
          r.end();
        },
      ],
      [
        'a body that is not JSON',
        (_q, r) => {
          r.writeHead(200, { 'content-type': 'text/html' });
          r.end('<html>maintenance</html>');
        },
      ],
      ['JSON without active', (_q, r) => sendJson(r, 200, { ok: true })],
      [
        'an active answer without its claims',
        (_q, r) => sendJson(r, 200, { active: true }),
      ],
      [
        'an answer about another token',
        (q, r) =>
          sendJson(
            r,
            200,
            activeAnswer(new URLSearchParams(q.body).get('token') ?? '', {
              sub: 'someone-else',
            }),
          ),
      ],
      ['no answer within timeoutMs', () => undefined],
    ];

    it.each(failures)(
      '503 auth_service_unavailable for %s, never cached',
      async (_name, failure) => {
        if (failure === 'closed') await stub.close();
        else stub.handler = failure;
        const v = verifier({ timeoutMs: 200 });
        const t = await token();

        const error = await v.verify(t).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(AuthServiceUnavailableError);
        expect((error as AuthServiceUnavailableError).retryAfterSeconds).toBe(
          1,
        );
        if (failure === 'closed') return;
        stub.handler = answerActive;
        clock.advance(INTROSPECTION_FAIL_FAST_MS);
        await expect(v.verify(t)).resolves.toBeDefined();
      },
    );

    it('a 401 (wrong client credentials) is a 503 and says so in the log, without the secret', async () => {
      stub.handler = (_q, r) => sendJson(r, 401, { code: 'invalid_client' });
      const warn = vi.mocked(Logger.prototype.warn);

      await expect(verifier().verify(await token())).rejects.toThrow(
        AuthServiceUnavailableError,
      );

      const logged = warn.mock.calls.map((c) => String(c[0])).join('\n');
      expect(logged).toContain('HTTP 401');
      expect(logged).toContain(`"${CLIENT_ID}"`);
      expect(logged).toContain('clientSecret');
      expect(logged).not.toContain(CLIENT_SECRET);
      expect(logged).not.toContain(encodeURIComponent(CLIENT_SECRET));
    });

    it('fails fast for a second after a failure, then asks again', async () => {
      stub.handler = (_q, r) => sendJson(r, 503, {});
      const v = verifier();
      await expect(v.verify(await token())).rejects.toThrow(
        AuthServiceUnavailableError,
      );
      stub.handler = answerActive;

      await expect(v.verify(await token())).rejects.toThrow(
        AuthServiceUnavailableError,
      );
      expect(stub.requests).toHaveLength(1);

      clock.advance(INTROSPECTION_FAIL_FAST_MS);
      await expect(v.verify(await token())).resolves.toBeDefined();
      expect(stub.requests).toHaveLength(2);
    });
  });
});
