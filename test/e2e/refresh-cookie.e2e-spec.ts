// Issue 14, browser clients: `refreshTokenCookie` puts the refresh token in an HttpOnly cookie and
// asks a request authenticated by it for the CSRF proof (double-submit `tokenward_csrf` cookie
// echoed in `X-CSRF-Token`, and an allowed `Origin`). Cookies go through each adapter's plugin.
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  bearer,
  newUser,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, jwtPayload } from '../support/http-assertions.js';
import {
  resolveAuthOptions,
  TokenwardConfigError,
} from '../support/tokenward.js';

const APP_ORIGIN = 'http://localhost:5173';

interface SetCookie {
  value: string;
  attributes: Map<string, string | true>;
}

/** The response's Set-Cookie headers by cookie name (the last one of a name wins). */
function setCookies(res: Response): Map<string, SetCookie> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookies = new Map<string, SetCookie>();
  for (const header of raw ?? []) {
    const [pair = '', ...attrs] = header.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const attributes = new Map<string, string | true>();
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      if (i < 0) attributes.set(attr.toLowerCase(), true);
      else attributes.set(attr.slice(0, i).toLowerCase(), attr.slice(i + 1));
    }
    cookies.set(pair.slice(0, eq), {
      value: decodeURIComponent(pair.slice(eq + 1)),
      attributes,
    });
  }
  return cookies;
}

/** A browser's view of one client: its cookie jar, fed by every answer. */
class Jar {
  readonly cookies = new Map<string, string>();

  take(res: Response): Response {
    for (const [name, cookie] of setCookies(res)) {
      const expires = cookie.attributes.get('expires');
      const gone =
        cookie.value === '' ||
        (typeof expires === 'string' && Date.parse(expires) <= Date.now());
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, cookie.value);
    }
    return res;
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function signIn(f: FixtureApp): Promise<{ jar: Jar; res: Response }> {
  const user = newUser('cookie');
  await f.http.post('/auth/register').send(user).expect(201);
  const jar = new Jar();
  const res = jar.take(
    await f.http
      .post('/auth/login')
      .send({ username: user.username, password: user.password })
      .expect(200),
  );
  return { jar, res };
}

describe.each(ADAPTERS_AND_STORES)(
  'refreshTokenCookie (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      cookies: true,
      options: { refreshTokenCookie: { allowedOrigins: [APP_ORIGIN] } },
    });

    /** A cookie refresh as the app makes it: the cookies, the echoed CSRF token, its Origin. */
    const cookieRefresh = (
      jar: Jar,
      proof: { csrf?: string | null; origin?: string | null } = {},
    ) => {
      const req = f.http.post('/auth/refresh').set('Cookie', jar.header());
      const csrf =
        proof.csrf === undefined
          ? jar.cookies.get('tokenward_csrf')
          : proof.csrf;
      if (csrf !== null && csrf !== undefined) req.set('X-CSRF-Token', csrf);
      const origin = proof.origin === undefined ? APP_ORIGIN : proof.origin;
      if (origin !== null) req.set('Origin', origin);
      return req.send({});
    };

    it('login sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie on the route prefix and leaves it out of the body', async () => {
      const { jar, res } = await signIn(f);

      expect(res.body.refresh_token).toBeUndefined();
      expect(res.body.access_token).toEqual(expect.any(String));
      const cookies = setCookies(res);
      const refresh = cookies.get('tokenward_refresh')!;
      expect(refresh.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(refresh.attributes.get('httponly')).toBe(true);
      expect(refresh.attributes.get('secure')).toBe(true);
      expect(refresh.attributes.get('samesite')).toMatch(/^strict$/i);
      expect(refresh.attributes.get('path')).toBe('/auth');
      expect(
        Date.parse(refresh.attributes.get('expires') as string),
      ).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      const csrf = cookies.get('tokenward_csrf')!;
      expect(csrf.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(csrf.attributes.has('httponly')).toBe(false);
      expect(csrf.attributes.get('path')).toBe('/');
      expect(csrf.attributes.get('samesite')).toMatch(/^strict$/i);
      expect(jar.cookies.size).toBe(2);
    });

    it('refresh reads the cookie with the CSRF proof: a new pair, the refresh token again only in the cookie, the CSRF token kept', async () => {
      const { jar, res: login } = await signIn(f);
      const before = jar.cookies.get('tokenward_refresh');
      const csrf = jar.cookies.get('tokenward_csrf');

      const res = jar.take(await cookieRefresh(jar));

      expect(res.status).toBe(200);
      expect(res.body.refresh_token).toBeUndefined();
      expect(jwtPayload(res.body.access_token).sid).toBe(
        jwtPayload(login.body.access_token).sid,
      );
      expect(jar.cookies.get('tokenward_refresh')).not.toBe(before);
      expect(jar.cookies.get('tokenward_csrf')).toBe(csrf);
      await f.http
        .get('/auth/me')
        .set(...bearer(res.body.access_token))
        .expect(200);
    });

    it('403 csrf_failed without the header, with another token, from another or no Origin', async () => {
      const { jar } = await signIn(f);
      for (const proof of [
        { csrf: null },
        { csrf: 'A'.repeat(43) },
        { csrf: '' },
        { origin: 'https://evil.example' },
        { origin: 'http://localhost:5174' },
        { origin: null },
      ]) {
        expectError(await cookieRefresh(jar, proof), 403, 'csrf_failed');
      }
      // Nothing was rotated by the refused requests: the cookie still refreshes.
      expect((await cookieRefresh(jar)).status).toBe(200);
    });

    it('a refresh token in the body needs no CSRF proof; no token at all is a 400', async () => {
      const { jar } = await signIn(f);
      const token = jar.cookies.get('tokenward_refresh');

      const res = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: token });
      expect(res.status).toBe(200);
      expect(res.body.refresh_token).toBeUndefined();
      expect(setCookies(res).get('tokenward_refresh')?.value).toEqual(
        expect.any(String),
      );
      expectError(
        await f.http.post('/auth/refresh').send({}),
        400,
        'validation_failed',
      );
    });

    it('logout by the cookie (with the proof) ends the session and clears both cookies', async () => {
      const { jar, res: login } = await signIn(f);
      const access = login.body.access_token as string;

      expectError(
        await f.http.post('/auth/logout').set('Cookie', jar.header()).send(),
        403,
        'csrf_failed',
      );
      const res = jar.take(
        await f.http
          .post('/auth/logout')
          .set('Cookie', jar.header())
          .set('X-CSRF-Token', jar.cookies.get('tokenward_csrf')!)
          .set('Origin', APP_ORIGIN)
          .send(),
      );

      expect(res.status).toBe(200);
      expect(jar.cookies.size).toBe(0);
      const cleared = setCookies(res).get('tokenward_refresh')!;
      expect(cleared.attributes.get('path')).toBe('/auth');
      expectError(
        await f.http.get('/auth/me').set(...bearer(access)),
        401,
        'token_revoked',
      );
    });

    it('logout with the bearer token needs no proof and clears the cookies too', async () => {
      const { jar, res: login } = await signIn(f);
      const refreshToken = jar.cookies.get('tokenward_refresh');
      const res = jar.take(
        await f.http
          .post('/auth/logout')
          .set(...bearer(login.body.access_token))
          .expect(200),
      );
      expect(jar.cookies.size).toBe(0);
      expectError(
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: refreshToken }),
        401,
        'token_revoked',
      );
      expect(res.body).toEqual({ message: 'Logged out' });
    });

    it('logout without a token or a cookie is still 401', async () => {
      expectError(
        await f.http.post('/auth/logout').send(),
        401,
        'authentication_required',
      );
    });
  },
);

describe('refreshTokenCookie options', () => {
  const resolve = (refreshTokenCookie: unknown) => () =>
    resolveAuthOptions({
      secret: 'test-secret-0123456789abcdef-0123456789abcdef',
      refreshTokenCookie: refreshTokenCookie as never,
    });

  it('is off by default, and takes name, domain, path and Secure', () => {
    expect(resolve(undefined)().config.refreshTokenCookie).toBeNull();
    expect(
      resolve({
        name: '__Host-rt',
        path: '/api/auth',
        domain: 'example.com',
        secure: false,
        allowedOrigins: ['https://app.example.com'],
      })().config.refreshTokenCookie,
    ).toEqual({
      name: '__Host-rt',
      path: '/api/auth',
      domain: 'example.com',
      secure: false,
      allowedOrigins: ['https://app.example.com'],
    });
  });

  it('needs at least one origin, each a bare origin', () => {
    for (const bad of [
      true,
      { allowedOrigins: [] },
      { allowedOrigins: ['https://app.example.com/path'] },
      { allowedOrigins: ['app.example.com'] },
      { allowedOrigins: ['ftp://app.example.com'] },
      { allowedOrigins: ['https://ok.example', 'https://app.example.com/x'] },
      { allowedOrigins: ['https://a.example'], name: 'tokenward_csrf' },
      { allowedOrigins: ['https://a.example'], name: 'bad name' },
    ]) {
      expect(resolve(bad)).toThrow(TokenwardConfigError);
    }
  });
});

describe.each(['express', 'fastify'] as const)(
  'refreshTokenCookie with secure: false (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      cookies: true,
      options: {
        refreshTokenCookie: { allowedOrigins: [APP_ORIGIN], secure: false },
      },
    });

    it('sets both cookies without Secure, for plain-HTTP development', async () => {
      const { res } = await signIn(f);
      for (const cookie of setCookies(res).values()) {
        expect(cookie.attributes.has('secure')).toBe(false);
      }
    });
  },
);
