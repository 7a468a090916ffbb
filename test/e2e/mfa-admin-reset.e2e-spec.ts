// Issue 16, the admin reset: POST /auth/admin/users/:id/mfa/reset removes every second factor of
// the user from every factor store (MfaMethodSource.reset) and revokes every session of the user,
// audited as `mfa_reset`. The factor store is the test one of support/mfa-login.ts (the seam the
// TOTP and passkey stores plug into). Over both HTTP adapters and both stores.
import { describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  adminLogin,
  bearer,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import { expectError, jwtPayload } from '../support/http-assertions.js';
import { hasTestFactor, mfaLogin } from '../support/mfa-login.js';

describe.each(ADAPTERS_AND_STORES)(
  'admin MFA reset (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({ adapter, storage });
    const resetMfa = (token: string, userId: string) =>
      f.http
        .post(`/auth/admin/users/${userId}/mfa/reset`)
        .set(...bearer(token));

    it('removes the factors and revokes every session; the next login is the password alone', async () => {
      const admin = await adminLogin(f);
      const user = await mfaLogin(f);
      const bystander = await mfaLogin(f);
      // A second session of the same user, also MFA.
      const second = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      expect(second.body.mfa_required).toBe(true);

      const res = await resetMfa(admin.accessToken, user.userId)
        .send({ reason: 'lost phone' })
        .expect(200);
      expect(res.body).toEqual({
        message: 'Second factors reset',
        revoked_sessions: 1,
      });
      expect(hasTestFactor(user.userId)).toBe(false);
      expect(hasTestFactor(bystander.userId)).toBe(true);

      expectError(
        await f.http.get('/auth/me').set(...bearer(user.accessToken)),
        401,
        'token_version_rejected',
      );
      expectError(
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: user.refreshToken }),
        401,
        'token_revoked',
      );
      const login = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      expect(login.body.mfa_required).toBeUndefined();
      expect(jwtPayload(login.body.access_token as string).amr).toEqual([
        'pwd',
      ]);
      await f.http
        .get('/auth/me')
        .set(...bearer(bystander.accessToken))
        .expect(200);

      const audit = await f.http
        .get('/auth/admin/audit?limit=5')
        .set(...bearer(admin.accessToken))
        .expect(200);
      const record = (audit.body.items as Array<Record<string, unknown>>).find(
        (item) => item.action === 'mfa_reset',
      );
      expect(record).toMatchObject({
        action: 'mfa_reset',
        actor_id: admin.userId,
        subject_id: user.userId,
        reason: 'lost phone',
        details: { revoked_sessions: 1 },
      });
    });

    it('works without a body; 404 for an unknown or malformed id, 400 for a bad reason, 403 for a non-admin', async () => {
      const admin = await adminLogin(f);
      const user = await mfaLogin(f);
      await resetMfa(admin.accessToken, user.userId).expect(200, {
        message: 'Second factors reset',
        revoked_sessions: 1,
      });
      // Again: nothing left to remove, nothing to revoke, still fine.
      await resetMfa(admin.accessToken, user.userId).expect(200, {
        message: 'Second factors reset',
        revoked_sessions: 0,
      });
      expectError(
        await resetMfa(
          admin.accessToken,
          '0b6a4d3e-6f1c-4c8e-9f55-3c1f6a3e9d21',
        ),
        404,
        'user_not_found',
      );
      expectError(await resetMfa(admin.accessToken, 'not-a-uuid'), 404, [
        'not_found',
        'user_not_found',
      ]);
      expectError(
        await resetMfa(admin.accessToken, user.userId).send({ reason: 42 }),
        400,
        'validation_failed',
      );
      expectError(
        await resetMfa(admin.accessToken, user.userId).send({
          reason: 'x',
          extra: true,
        }),
        400,
        'validation_failed',
      );
      const plain = await registerAndLogin(f);
      expectError(
        await resetMfa(plain.accessToken, user.userId),
        403,
        'insufficient_role',
      );
      expectError(
        await f.http.post(`/auth/admin/users/${user.userId}/mfa/reset`),
        401,
        'authentication_required',
      );
    });
  },
);
