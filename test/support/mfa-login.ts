import { expect } from 'vitest';
import { newUser, type FixtureApp } from './fixture-app.js';
import {
  CompleteMfaLoginCommand,
  MfaMethodsService,
  RegisterUserCommand,
} from './tokenward.js';

/** Users given a (test) second factor by `mfaLogin`, across every fixture app of the run. */
const WITH_FACTOR = new Set<string>();
const registered = new WeakSet<MfaMethodsService>();

/** A logged-in user, as `registerAndLogin` answers, and the `amr` its access token carries. */
export interface MfaSession {
  accessToken: string;
  refreshToken: string;
  userId: string;
  credentials: ReturnType<typeof newUser>;
}

/**
 * Gives the app a test factor store (the seam TOTP and passkeys plug into, see
 * docs/architecture/mfa.md) once, registers a user with `roles` holding a factor there, and logs it
 * in through the seam: `POST /auth/login` answers `mfa_required`, `CompleteMfaLoginCommand` with
 * the factor's `amr` (as a TOTP store would after checking a code) gives the tokens.
 */
export async function mfaLogin(
  fixture: FixtureApp,
  {
    roles,
    factorAmr = ['otp'],
  }: { roles?: string[]; factorAmr?: string[] } = {},
): Promise<MfaSession> {
  const methods = fixture.app.get(MfaMethodsService);
  if (!registered.has(methods)) {
    registered.add(methods);
    methods.register({
      methodsOf: async (userId) => (WITH_FACTOR.has(userId) ? ['totp'] : []),
      reset: async (userId) => {
        WITH_FACTOR.delete(userId);
      },
    });
  }
  const credentials = newUser(roles?.includes('admin') ? 'admin' : 'mfa');
  const user = await fixture.commands.execute(
    new RegisterUserCommand(
      credentials.username,
      credentials.email,
      credentials.password,
      roles,
    ),
  );
  WITH_FACTOR.add(user.id);
  const challenge = await fixture.http
    .post(`${fixture.prefix}/login`)
    .send({ username: credentials.username, password: credentials.password })
    .expect(200);
  expect(challenge.body.mfa_required).toBe(true);
  const done = await fixture.commands.execute(
    new CompleteMfaLoginCommand(challenge.body.mfa_token as string, factorAmr),
  );
  return {
    accessToken: done.tokens.accessToken,
    refreshToken: done.tokens.refreshToken,
    userId: user.id,
    credentials,
  };
}

/** Whether `userId` still has the test factor `mfaLogin` gave it (an admin reset removes it). */
export function hasTestFactor(userId: string): boolean {
  return WITH_FACTOR.has(userId);
}
