// Issue 16, step-up: `@RequireMfa({ maxAgeSeconds? })` on host routes (guard per route and global
// guard) and `mfa.requireForAdminRoutes` on the module's admin routes refuse a token without a
// second factor (or too old) with 401 `mfa_required` and an RFC 9470 challenge, which a real OAuth
// client library (oauth4webapi) reads. MFA logins go through the seam (docs/architecture/mfa.md):
// a test factor store plus CompleteMfaLoginCommand. Over both HTTP adapters.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  useFixtureApp,
  type AdapterName,
} from '../support/fixture-app.js';
import { expectError, jwtPayload } from '../support/http-assertions.js';
import { mfaLogin } from '../support/mfa-login.js';
import { originOf } from '../support/resource-app.js';

const ADAPTERS: AdapterName[] = ['express', 'fastify'];
const CHALLENGE_ANY_AGE =
  'Bearer realm="tokenward", error="insufficient_user_authentication", error_description="A login with a second factor is required"';
const CHALLENGE_300 =
  'Bearer realm="tokenward", error="insufficient_user_authentication", error_description="A more recent login with a second factor is required", max_age="300"';

describe.each(ADAPTERS)('step-up with @RequireMfa (%s)', (adapter) => {
  const f = useFixtureApp({ adapter, globalGuards: true });

  it('refuses a password token with 401 mfa_required and the RFC 9470 challenge; an MFA token passes', async () => {
    const password = await registerAndLogin(f);
    const mfa = await mfaLogin(f);
    expect(jwtPayload(mfa.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);

    const refused = await f.http
      .get('/step-up')
      .set(...bearer(password.accessToken));
    expectError(refused, 401, 'mfa_required');
    expect(refused.headers['www-authenticate']).toBe(CHALLENGE_ANY_AGE);
    await f.http
      .get('/step-up')
      .set(...bearer(mfa.accessToken))
      .expect(200, { ok: true });
    // The same password token still opens routes that ask no second factor.
    await f.http
      .get('/hello')
      .set(...bearer(password.accessToken))
      .expect(200);
    // No token at all is the usual 401, not a step-up.
    const none = await f.http.get('/step-up');
    expectError(none, 401, 'authentication_required');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="tokenward"');
  });

  it('maxAgeSeconds: a second-factor login older than the limit is refused with max_age, a refresh does not renew it, a new MFA login does', async () => {
    const mfa = await mfaLogin(f);
    await f.http
      .get('/step-up/recent')
      .set(...bearer(mfa.accessToken))
      .expect(200);
    f.clock.advanceSeconds(300);
    await f.http
      .get('/step-up/recent')
      .set(...bearer(mfa.accessToken))
      .expect(200);
    f.clock.advanceSeconds(1);
    const stale = await f.http
      .get('/step-up/recent')
      .set(...bearer(mfa.accessToken));
    expectError(stale, 401, 'mfa_required');
    expect(stale.headers['www-authenticate']).toBe(CHALLENGE_300);
    // Still a valid token, and still MFA: routes with no age limit take it.
    await f.http
      .get('/step-up')
      .set(...bearer(mfa.accessToken))
      .expect(200);

    const refreshed = await f.http
      .post('/auth/refresh')
      .send({ refresh_token: mfa.refreshToken })
      .expect(200);
    const token = refreshed.body.access_token as string;
    expect(jwtPayload(token).auth_time).toBe(
      jwtPayload(mfa.accessToken).auth_time,
    );
    expectError(
      await f.http.get('/step-up/recent').set(...bearer(token)),
      401,
      'mfa_required',
    );

    const again = await mfaLogin(f);
    await f.http
      .get('/step-up/recent')
      .set(...bearer(again.accessToken))
      .expect(200);
  });

  it('is honoured by the global guard (APP_GUARD) on an unguarded host route', async () => {
    const password = await registerAndLogin(f);
    const refused = await f.http
      .get('/global/step-up')
      .set(...bearer(password.accessToken));
    expectError(refused, 401, 'mfa_required');
    expect(refused.headers['www-authenticate']).toBe(CHALLENGE_300);
    const mfa = await mfaLogin(f);
    await f.http
      .get('/global/step-up')
      .set(...bearer(mfa.accessToken))
      .expect(200, { ok: true });
    await f.http
      .get('/global/hello')
      .set(...bearer(password.accessToken))
      .expect(200);
  });

  it('an OAuth client library reads the challenge: insufficient_user_authentication with max_age', async () => {
    await f.app.listen(0, '127.0.0.1');
    const password = await registerAndLogin(f);
    const error = await oauth
      .protectedResourceRequest(
        password.accessToken,
        'GET',
        new URL('/step-up/recent', originOf(f.app)),
        undefined,
        undefined,
        { [oauth.allowInsecureRequests]: true },
      )
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const [challenge] = (error as oauth.WWWAuthenticateChallengeError).cause;
    expect(challenge.scheme).toBe('bearer');
    expect(challenge.parameters).toMatchObject({
      realm: 'tokenward',
      error: 'insufficient_user_authentication',
      max_age: '300',
    });
  });

  it('leaves the admin routes to the admin role by default', async () => {
    const admin = await adminLogin(f);
    await f.http
      .get('/auth/admin/users')
      .set(...bearer(admin.accessToken))
      .expect(200);
  });
});

describe.each(ADAPTERS)('mfa.requireForAdminRoutes (%s)', (adapter) => {
  const f = useFixtureApp({
    adapter,
    options: { mfa: { requireForAdminRoutes: { maxAgeSeconds: 600 } } },
  });

  it('refuses an admin without a second factor, lets one with it through, and keeps the role check', async () => {
    const password = await adminLogin(f);
    for (const path of ['/auth/admin/users', '/auth/admin/rotations/keys']) {
      const refused = await f.http
        .get(path)
        .set(...bearer(password.accessToken));
      expectError(refused, 401, 'mfa_required');
      expect(refused.headers['www-authenticate']).toMatch(
        /^Bearer realm="tokenward", error="insufficient_user_authentication", .*max_age="600"$/,
      );
    }
    const admin = await mfaLogin(f, { roles: ['admin'] });
    await f.http
      .get('/auth/admin/users')
      .set(...bearer(admin.accessToken))
      .expect(200);
    await f.http
      .get('/auth/admin/rotations/keys')
      .set(...bearer(admin.accessToken))
      .expect(200);
    const user = await mfaLogin(f);
    expectError(
      await f.http.get('/auth/admin/users').set(...bearer(user.accessToken)),
      403,
      'insufficient_role',
    );
    // Only the admin routes: the rest of the module does not ask.
    await f.http
      .get('/auth/me')
      .set(...bearer(password.accessToken))
      .expect(200);

    f.clock.advanceSeconds(601);
    expectError(
      await f.http.get('/auth/admin/users').set(...bearer(admin.accessToken)),
      401,
      'mfa_required',
    );
  });
});
