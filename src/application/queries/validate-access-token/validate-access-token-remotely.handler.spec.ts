import { describe, expect, it } from 'vitest';
import { AuthServiceUnavailableError } from '../../../domain/errors/auth-service-unavailable.error.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import {
  RemoteAccessTokenVerifier,
  type RemotelyVerifiedToken,
} from '../../../domain/ports/remote-access-token-verifier.js';
import { AuthenticatedUser } from '../../dtos/authenticated-user.dto.js';
import { VerifiedAccessToken } from '../../dtos/verified-access-token.dto.js';
import { ManualClock } from '../../../infrastructure/clock/manual.clock.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { SsfReceiverDenyState } from '../../services/ssf-receiver-deny-state.js';
import { ValidateAccessTokenRemotelyHandler } from './validate-access-token-remotely.handler.js';
import { ValidateAccessTokenQuery } from './validate-access-token.query.js';

/** Knows one token; anything else is invalid; `down` makes it the unreachable auth service. */
class FakeRemoteVerifier extends RemoteAccessTokenVerifier {
  down = false;
  readonly asked: string[] = [];

  constructor(
    private readonly known: string,
    private readonly answer: RemotelyVerifiedToken,
  ) {
    super();
  }

  verify(token: string): Promise<RemotelyVerifiedToken> {
    this.asked.push(token);
    if (this.down) return Promise.reject(new AuthServiceUnavailableError());
    if (token !== this.known) return Promise.reject(new InvalidTokenError());
    return Promise.resolve(this.answer);
  }
}

const FACTS = {
  sub: 'user-1',
  sid: 'session-1',
  jti: 'token-1',
  iat: 1_800_000_000,
  exp: 1_800_000_900,
  gv: 2,
  uv: 5,
  roles: ['admin'],
};

describe('ValidateAccessTokenRemotelyHandler', () => {
  const validate = (verifier: RemoteAccessTokenVerifier, token: string) =>
    new ValidateAccessTokenRemotelyHandler(verifier).execute(
      new ValidateAccessTokenQuery(token),
    );

  it('gives the guard what the auth service said (introspection: username and email)', async () => {
    const verifier = new FakeRemoteVerifier('t', {
      ...FACTS,
      username: 'alice',
      email: 'alice@example.test',
    });

    await expect(validate(verifier, 't')).resolves.toEqual(
      new VerifiedAccessToken(
        new AuthenticatedUser('user-1', 'alice', 'alice@example.test', [
          'admin',
        ]),
        'session-1',
        'token-1',
        1_800_000_000,
        1_800_000_900,
        2,
        5,
      ),
    );
    expect(verifier.asked).toEqual(['t']);
  });

  it('leaves username and email empty when the auth service did not say (JWKS)', async () => {
    const verifier = new FakeRemoteVerifier('t', {
      ...FACTS,
      username: null,
      email: null,
    });

    const verified = await validate(verifier, 't');

    expect(verified.user).toEqual(
      new AuthenticatedUser('user-1', '', '', ['admin']),
    );
  });

  it('passes refusals and outages through as they are', async () => {
    const verifier = new FakeRemoteVerifier('t', {
      ...FACTS,
      username: null,
      email: null,
    });

    await expect(validate(verifier, 'other')).rejects.toThrow(
      InvalidTokenError,
    );
    verifier.down = true;
    await expect(validate(verifier, 't')).rejects.toThrow(
      AuthServiceUnavailableError,
    );
  });

  it('refuses a verified token the SSF deny state revoked, and only that one', async () => {
    const clock = new ManualClock(new Date(1_800_000_100_000));
    const denyState = new SsfReceiverDenyState(
      { maxTokenLifetimeSeconds: 900, clockToleranceSeconds: 5 },
      clock,
    );
    const handler = (answer: RemotelyVerifiedToken) =>
      new ValidateAccessTokenRemotelyHandler(
        new FakeRemoteVerifier('t', answer),
        denyState,
      ).execute(new ValidateAccessTokenQuery('t'));
    const alice = { ...FACTS, username: null, email: null };
    const bob = { ...alice, sub: 'user-2', sid: 'session-2' };

    await expect(handler(alice)).resolves.toBeInstanceOf(VerifiedAccessToken);
    denyState.revokeSession('session-1', 1_800_000_050);
    await expect(handler(alice)).rejects.toThrow(TokenRevokedError);
    await expect(handler(bob)).resolves.toBeInstanceOf(VerifiedAccessToken);
    denyState.denyUserTokensIssuedBefore('user-2', 1_800_000_050);
    await expect(handler(bob)).rejects.toThrow(TokenVersionRejectedError);
  });
});
