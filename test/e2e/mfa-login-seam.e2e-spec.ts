// Issue 16, the seam factor stores plug into: a login whose user has a second factor answers
// `mfa_required` and no tokens; a verified factor completes it through CompleteMfaLoginCommand.
// Over both HTTP adapters and both stores; the factor store here is a host provider, the way the
// TOTP and passkey stores register.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { CompleteMfaLoginCommand } from '../../src/application/commands/complete-mfa-login/complete-mfa-login.command.js';
import { MfaMethodsService } from '../../src/application/services/mfa-methods.service.js';
import { InvalidMfaTokenError } from '../../src/domain/errors/invalid-mfa-token.error.js';
import {
  ADAPTERS_AND_STORES,
  bearer,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import { expectError, jwtPayload } from '../support/http-assertions.js';

const WITH_FACTOR = new Set<string>();

@Injectable()
class TestFactorStore implements OnModuleInit {
  constructor(private readonly methods: MfaMethodsService) {}

  onModuleInit(): void {
    this.methods.register({
      methodsOf: async (userId) =>
        WITH_FACTOR.has(userId) ? ['totp', 'recovery_code'] : [],
    });
  }
}

describe.each(ADAPTERS_AND_STORES)(
  'MFA login seam (%s, %s)',
  (adapter, storage) => {
    const f = useFixtureApp({ adapter, storage, providers: [TestFactorStore] });

    it('gives a user without a factor tokens at once, with amr ["pwd"] and auth_time', async () => {
      const user = await registerAndLogin(f);
      const claims = jwtPayload(user.accessToken);
      expect(claims.amr).toEqual(['pwd']);
      expect(claims.auth_time).toBe(claims.iat);
    });

    it('answers a user with a factor mfa_required and no tokens; the token completes one login only', async () => {
      const user = await registerAndLogin(f);
      const { sub } = jwtPayload(user.accessToken) as { sub: string };
      WITH_FACTOR.add(sub);
      const login = () =>
        f.http.post('/auth/login').send({
          username: user.credentials.username,
          password: user.credentials.password,
        });

      // Before the password is right, the answer is the one every account gets.
      const wrong = await f.http.post('/auth/login').send({
        username: user.credentials.username,
        password: 'Wrong-password-1',
      });
      expectError(wrong, 401, 'invalid_credentials');

      const challenge = await login().expect(200);
      expect(Object.keys(challenge.body).sort()).toEqual(
        ['expires_in', 'methods', 'mfa_required', 'mfa_token'].sort(),
      );
      expect(challenge.body.mfa_required).toBe(true);
      expect(challenge.body.methods).toEqual(['totp', 'recovery_code']);
      expect(challenge.body.expires_in).toBe(300);
      const mfaToken = challenge.body.mfa_token as string;

      // Useless as any other token.
      expectError(
        await f.http.get('/auth/me').set(...bearer(mfaToken)),
        401,
        'invalid_token',
      );
      expect(
        (await f.http.post('/auth/refresh').send({ refresh_token: mfaToken }))
          .status,
      ).toBe(401);

      const done = await f.commands.execute(
        new CompleteMfaLoginCommand(mfaToken, ['otp']),
      );
      expect(done.userId).toBe(sub);
      const claims = jwtPayload(done.tokens.accessToken);
      expect(claims.sub).toBe(sub);
      expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
      await f.http
        .get('/auth/me')
        .set(...bearer(done.tokens.accessToken))
        .expect(200);

      await expect(
        f.commands.execute(new CompleteMfaLoginCommand(mfaToken, ['otp'])),
      ).rejects.toBeInstanceOf(InvalidMfaTokenError);
      WITH_FACTOR.delete(sub);
    });

    it("keeps the login's amr and auth_time on tokens from /auth/refresh and the /auth/token refresh grant", async () => {
      const user = await registerAndLogin(f);
      const { sub } = jwtPayload(user.accessToken) as { sub: string };
      WITH_FACTOR.add(sub);
      const challenge = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      const done = await f.commands.execute(
        new CompleteMfaLoginCommand(challenge.body.mfa_token as string, [
          'otp',
        ]),
      );
      WITH_FACTOR.delete(sub);
      const login = jwtPayload(done.tokens.accessToken);
      expect(login.amr).toEqual(['pwd', 'otp', 'mfa']);

      f.clock.advanceSeconds(120);
      const refreshed = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: done.tokens.refreshToken })
        .expect(200);
      const afterRefresh = jwtPayload(refreshed.body.access_token as string);
      expect(afterRefresh.amr).toEqual(['pwd', 'otp', 'mfa']);
      expect(afterRefresh.auth_time).toBe(login.auth_time);
      expect(afterRefresh.iat).toBe((login.iat as number) + 120);

      f.clock.advanceSeconds(120);
      const granted = await f.http
        .post('/auth/token')
        .type('form')
        .send({
          grant_type: 'refresh_token',
          refresh_token: refreshed.body.refresh_token as string,
          client_id: 'tokenward',
        })
        .expect(200);
      const afterGrant = jwtPayload(granted.body.access_token as string);
      expect(afterGrant.amr).toEqual(['pwd', 'otp', 'mfa']);
      expect(afterGrant.auth_time).toBe(login.auth_time);

      // A password login's refresh stays a password login's.
      f.clock.advanceSeconds(60);
      const plain = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(200);
      const plainClaims = jwtPayload(plain.body.access_token as string);
      expect(plainClaims.amr).toEqual(['pwd']);
      expect(plainClaims.auth_time).toBe(
        jwtPayload(user.accessToken).auth_time,
      );
    });
  },
);
