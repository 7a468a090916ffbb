// What a resource server (TokenwardResourceServerModule, no user data) does whatever its
// verification mode: one suite, run per mode (introspection in resource-server-introspection,
// JWKS with EdDSA and ES256 keys in resource-server-jwks), over both HTTP adapters, against a real
// auth app on loopback, as the repository contract suite runs per store. A mode adds the cases only
// it has; the auth app is stopped last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  startFixtureApp,
  type AdapterName,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtHeader,
  jwtPayload,
} from '../support/http-assertions.js';
import { newSigningKey, signAccessToken } from '../support/jwks-stub.js';
import { mfaLogin } from '../support/mfa-login.js';
import {
  skipStatusProbe,
  startResourceApp,
  type ResourceApp,
} from '../support/resource-app.js';
import type {
  AuthModuleOptions,
  ResourceServerModuleOptions,
} from '../support/tokenward.js';

const ADAPTERS: AdapterName[] = ['express', 'fastify'];

/** Poll options: a documented bound plus generous slack, never a tight timing. */
export interface Bound {
  readonly timeout: number;
  readonly interval: number;
}

/** The two apps of one run, and shorthands for the resource app's guarded route. */
export interface ResourceServerRun {
  readonly auth: FixtureApp;
  readonly resource: ResourceApp;
  /** `GET /orders` on the resource app with `token`. */
  orders(token: string): ReturnType<ResourceApp['http']['get']>;
  /** The status of `orders(token)`, for `expect.poll`. */
  ordersStatus(token: string): () => Promise<number>;
}

/** One verification mode, as the suite runs it. */
export interface ResourceServerMode {
  /** Shown in the suite's name. */
  readonly name: string;
  /** Options of the auth app (e.g. its signing algorithm). */
  readonly authOptions?: Partial<AuthModuleOptions>;
  /** The resource app's `verification`, given the listening auth app. */
  verification(auth: FixtureApp): ResourceServerModuleOptions['verification'];
  /**
   * Whether the resource app knows the user's username and email: introspection asks the auth
   * app; a JWKS-verified token carries them (`preferred_username`, `email`) since issue 17.
   */
  readonly seesUserDetails: boolean;
  /** Within which the resource app notices that the auth app is gone. */
  readonly outageBound: Bound;
  /** Cases only this mode has, on the same two apps (run before the auth app is stopped). */
  cases?(run: () => ResourceServerRun): void;
}

/** Starts an auth app on the wall clock, listening on 127.0.0.1 (a random port). */
export async function startListeningAuthApp(
  adapter: AdapterName,
  options: Partial<AuthModuleOptions> = {},
): Promise<FixtureApp> {
  const auth = await startFixtureApp({ adapter, realClock: true, options });
  await auth.app.listen(0, '127.0.0.1');
  return auth;
}

/** The `kid` header of a token. */
export const kidOf = (token: string): string => jwtHeader(token).kid as string;

/** Runs the resource-server cases for `mode` over both HTTP adapters. */
export function describeResourceServerContract(mode: ResourceServerMode): void {
  describe.each(ADAPTERS)(`resource server, ${mode.name} (%s)`, (adapter) => {
    let run: ResourceServerRun;

    beforeAll(async () => {
      const auth = await startListeningAuthApp(adapter, mode.authOptions);
      const resource = await startResourceApp(adapter, {
        issuer: 'tokenward',
        audience: 'tokenward',
        verification: mode.verification(auth),
        shouldSkipAuthentication: skipStatusProbe,
      });
      const orders = (token: string) =>
        resource.http.get('/orders').set(...bearer(token));
      run = {
        auth,
        resource,
        orders,
        ordersStatus: (token) => async () => (await orders(token)).status,
      };
    });

    afterAll(async () => {
      await run?.resource.close();
      await run?.auth.close();
    });

    it('a token of the auth app opens a guarded route, with the user as the resource app knows it', async () => {
      const s = await registerAndLogin(run.auth);
      const claims = jwtPayload(s.accessToken);

      const res = await run.orders(s.accessToken);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user_id: s.userId,
        username: mode.seesUserDetails ? s.credentials.username : '',
        email: mode.seesUserDetails ? s.credentials.email : '',
        roles: ['user'],
        session_id: claims.sid,
        token_id: claims.jti,
        global_version: claims.gv,
        user_version: claims.uv,
        expires_at: claims.exp,
      });
    });

    it('@Roles on the resource app: 403 for a user, 200 for an admin of the auth app', async () => {
      const user = await registerAndLogin(run.auth);
      const admin = await adminLogin(run.auth);

      expectError(
        await run.resource.http
          .get('/orders/admin')
          .set(...bearer(user.accessToken)),
        403,
        'insufficient_role',
      );
      await run.resource.http
        .get('/orders/admin')
        .set(...bearer(admin.accessToken))
        .expect(200, { ok: true });
    });

    it('@RequireMfa on the resource app: 401 mfa_required (RFC 9470 challenge) for a password token, 200 for an MFA login of the auth app', async () => {
      const password = await registerAndLogin(run.auth);
      const mfa = await mfaLogin(run.auth);
      const refused = await run.resource.http
        .get('/orders/step-up')
        .set(...bearer(password.accessToken));
      expectError(refused, 401, 'mfa_required');
      expect(refused.headers['www-authenticate']).toBe(
        'Bearer realm="tokenward", error="insufficient_user_authentication", error_description="A more recent login with a second factor is required", max_age="300"',
      );
      await run.resource.http
        .get('/orders/step-up')
        .set(...bearer(mfa.accessToken))
        .expect(200, { ok: true });
    });

    it('no token: 401 authentication_required; a forged, tampered or foreign token: 401 invalid_token', async () => {
      const s = await registerAndLogin(run.auth);
      const [h, p, sig] = s.accessToken.split('.');
      const elevated = Buffer.from(
        JSON.stringify({ ...jwtPayload(s.accessToken), roles: ['admin'] }),
      ).toString('base64url');
      // Signed with a key the auth app never had, under its active kid.
      const impostor = await signAccessToken(
        await newSigningKey('EdDSA', kidOf(s.accessToken)),
        { iss: 'tokenward', aud: 'tokenward', roles: ['admin'] },
      );

      expectUnauthorized(
        await run.resource.http.get('/orders'),
        'authentication_required',
      );
      expectUnauthorized(
        await run.orders(`${h}.${p}.${'A'.repeat(43)}`),
        'invalid_token',
      );
      expectUnauthorized(
        await run.orders(`${h}.${elevated}.${sig}`),
        'invalid_token',
      );
      expectUnauthorized(await run.orders('garbage'), 'invalid_token');
      expectUnauthorized(
        await run.resource.http.get('/orders/admin').set(...bearer(impostor)),
        'invalid_token',
      );
      await run.orders(s.accessToken).expect(200);
    });

    it('shouldSkipAuthentication lets GET /status through without a token, query string or not; @Public() routes need none', async () => {
      await run.resource.http.get('/status').expect(200, { ok: true });
      await run.resource.http
        .get('/status?verbose=1')
        .expect(200, { ok: true });
      await run.resource.http.get('/open').expect(200, { ok: true });
      expectUnauthorized(
        await run.resource.http.post('/status'),
        'authentication_required',
      );
      expectUnauthorized(
        await run.resource.http.get('/orders'),
        'authentication_required',
      );
    });

    mode.cases?.(() => run);

    it('auth app stopped: once it is needed, 503 auth_service_unavailable with Retry-After; open routes still answer', async () => {
      const s = await registerAndLogin(run.auth);
      await run.orders(s.accessToken).expect(200);

      await run.auth.close();

      await expect
        .poll(run.ordersStatus(s.accessToken), mode.outageBound)
        .toBe(503);
      const res = await run.orders(s.accessToken);
      expectError(res, 503, 'auth_service_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.headers['www-authenticate']).toBeUndefined();
      await run.resource.http.get('/status').expect(200);
      await run.resource.http.get('/open').expect(200);
    });
  });
}
