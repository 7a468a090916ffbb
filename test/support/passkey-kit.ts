// The passkey use cases wired by hand over the handler kit (memory stores, real crypto, frozen
// clock), the real @simplewebauthn relying party, and the recorded Chromium fixtures of
// test/fixtures/webauthn/ (scripts/record-webauthn-fixtures.mjs made them).
import { readFileSync } from 'node:fs';
import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import { BeginMfaLoginCommand } from '../../src/application/commands/begin-mfa-login/begin-mfa-login.command.js';
import { BeginMfaLoginHandler } from '../../src/application/commands/begin-mfa-login/begin-mfa-login.handler.js';
import { BeginPasskeyAuthenticationHandler } from '../../src/application/commands/begin-passkey-authentication/begin-passkey-authentication.handler.js';
import { BeginPasskeyRegistrationHandler } from '../../src/application/commands/begin-passkey-registration/begin-passkey-registration.handler.js';
import { CompleteMfaLoginCommand } from '../../src/application/commands/complete-mfa-login/complete-mfa-login.command.js';
import { CompleteMfaLoginHandler } from '../../src/application/commands/complete-mfa-login/complete-mfa-login.handler.js';
import { DeletePasskeyHandler } from '../../src/application/commands/delete-passkey/delete-passkey.handler.js';
import { FinishPasskeyAuthenticationHandler } from '../../src/application/commands/finish-passkey-authentication/finish-passkey-authentication.handler.js';
import { FinishPasskeyRegistrationHandler } from '../../src/application/commands/finish-passkey-registration/finish-passkey-registration.handler.js';
import { GenerateAuthTokensCommand } from '../../src/application/commands/generate-auth-tokens/generate-auth-tokens.command.js';
import { ListPasskeysHandler } from '../../src/application/queries/list-passkeys/list-passkeys.handler.js';
import { ResolveMfaTokenHandler } from '../../src/application/queries/resolve-mfa-token/resolve-mfa-token.handler.js';
import { ResolveMfaTokenQuery } from '../../src/application/queries/resolve-mfa-token/resolve-mfa-token.query.js';
import { AccountTokenService } from '../../src/application/services/account-token.service.js';
import { MfaLoginTokenService } from '../../src/application/services/mfa-login-token.service.js';
import { MfaMethodsService } from '../../src/application/services/mfa-methods.service.js';
import { PasskeyMfaMethodSource } from '../../src/application/services/passkey-mfa-method-source.service.js';
import { WebAuthnChallengeService } from '../../src/application/services/webauthn-challenge.service.js';
import { identityOf, User } from '../../src/domain/entities/user.entity.js';
import { WebAuthnCredential } from '../../src/domain/entities/webauthn-credential.entity.js';
import { WebAuthnChallenge } from '../../src/domain/entities/webauthn-challenge.entity.js';
import { Username } from '../../src/domain/value-objects/username.js';
import { Email } from '../../src/domain/value-objects/email.js';
import { SimpleWebAuthnRelyingParty } from '../../src/infrastructure/crypto/simple-webauthn.relying-party.js';
import { MemoryWebAuthnChallengeRepository } from '../../src/infrastructure/persistence/memory/memory-webauthn-challenge.repository.js';
import { MemoryWebAuthnCredentialRepository } from '../../src/infrastructure/persistence/memory/memory-webauthn-credential.repository.js';
import type { WebAuthnChallengeRepository } from '../../src/domain/ports/webauthn-challenge.repository.js';
import type { AuthModuleOptions } from '../../src/module/auth/auth.options.js';
import { createHandlerKit } from './handler-kit.js';
import { createHash } from 'node:crypto';

/** A `PublicKeyCredential.toJSON()` as Chromium produced it. */
export type CredentialJson = {
  id: string;
  rawId: string;
  type: string;
  response: Record<string, unknown>;
  [key: string]: unknown;
};

/** The recorded ceremonies: one registration, three assertions (counters 2, 3, 4). */
export interface PasskeyFixture {
  rpId: string;
  origin: string;
  userHandle: string;
  challenges: {
    registration: string;
    first: string;
    second: string;
    discoverable: string;
  };
  registration: CredentialJson;
  assertions: {
    first: CredentialJson;
    second: CredentialJson;
    discoverable: CredentialJson;
  };
}

export const FIXTURE: PasskeyFixture = JSON.parse(
  readFileSync(
    new URL('../fixtures/webauthn/chromium-passkey.json', import.meta.url),
    'utf8',
  ),
) as PasskeyFixture;

/** The user id the fixture's credential was created for (its `userHandle`). */
export const FIXTURE_USER_ID = Buffer.from(
  FIXTURE.userHandle,
  'base64url',
).toString('utf8');

/** Stores a recorded challenge in `store` as the options route would have issued it at `now`. */
export async function seedRecordedChallenge(
  store: WebAuthnChallengeRepository,
  now: Date,
  name: keyof PasskeyFixture['challenges'],
  ceremony: 'registration' | 'authentication',
  userId: string | null,
): Promise<void> {
  await store.create(
    new WebAuthnChallenge({
      challengeHash: createHash('sha256')
        .update(FIXTURE.challenges[name])
        .digest('hex'),
      ceremony,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 300_000),
    }),
  );
}

/** A deep copy, to tamper with. */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Handler kit + passkey handlers, relying party pinned to the fixture's origin unless told. */
export function createPasskeyKit(options: Partial<AuthModuleOptions> = {}) {
  const kit = createHandlerKit({
    webauthn: { rpId: 'localhost', origins: [FIXTURE.origin] },
    ...options,
  });
  const credentials = new MemoryWebAuthnCredentialRepository();
  const challengeStore = new MemoryWebAuthnChallengeRepository();
  const challenges = new WebAuthnChallengeService(
    challengeStore,
    kit.config,
    kit.clock,
  );
  const relyingParty = new SimpleWebAuthnRelyingParty(kit.config);
  const methods = new MfaMethodsService();
  const source = new PasskeyMfaMethodSource(credentials, methods);
  source.onModuleInit();
  const mfaTokens = new MfaLoginTokenService(
    new AccountTokenService(kit.config, kit.accountTokens),
  );
  const resolveMfaToken = new ResolveMfaTokenHandler(
    mfaTokens,
    methods,
    kit.clock,
  );
  const queries = {
    execute: (query: unknown) =>
      query instanceof ResolveMfaTokenQuery
        ? resolveMfaToken.execute(query)
        : Promise.reject(new Error('unrouted query')),
  } as unknown as QueryBus;
  const completed: CompleteMfaLoginCommand[] = [];
  const commands = {
    execute: (command: unknown) => {
      if (command instanceof CompleteMfaLoginCommand) {
        completed.push(command);
        return completeMfaLogin.execute(command);
      }
      if (command instanceof GenerateAuthTokensCommand)
        return kit.handlers.generateAuthTokens.execute(command);
      return Promise.reject(new Error('unrouted command'));
    },
  } as unknown as CommandBus;
  const completeMfaLogin = new CompleteMfaLoginHandler(
    mfaTokens,
    commands,
    kit.clock,
  );
  const bus = kit.events as never;
  const handlers = {
    beginRegistration: new BeginPasskeyRegistrationHandler(
      kit.users,
      credentials,
      challenges,
      relyingParty,
    ),
    finishRegistration: new FinishPasskeyRegistrationHandler(
      credentials,
      challenges,
      relyingParty,
      kit.audit,
      kit.clock,
    ),
    beginAuthentication: new BeginPasskeyAuthenticationHandler(
      kit.config,
      queries,
      credentials,
      challenges,
      relyingParty,
    ),
    finishAuthentication: new FinishPasskeyAuthenticationHandler(
      kit.config,
      queries,
      commands,
      kit.users,
      credentials,
      challenges,
      relyingParty,
      kit.attempts,
      bus,
      kit.clock,
    ),
    listPasskeys: new ListPasskeysHandler(credentials),
    deletePasskey: new DeletePasskeyHandler(credentials, kit.audit, kit.clock),
    beginMfaLogin: new BeginMfaLoginHandler(
      kit.config,
      kit.users,
      methods,
      mfaTokens,
      kit.clock,
    ),
  };

  return {
    ...kit,
    credentials,
    challengeStore,
    challenges,
    source,
    methods,
    completed,
    passkeyHandlers: handlers,

    /** Stores a challenge as if the Begin use case had issued this (recorded) one. */
    async seedChallenge(
      challenge: string,
      ceremony: 'registration' | 'authentication',
      userId: string | null,
      ttlSeconds = 300,
    ): Promise<void> {
      const now = kit.clock.now();
      await challengeStore.create(
        new WebAuthnChallenge({
          challengeHash: createHash('sha256').update(challenge).digest('hex'),
          ceremony,
          userId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
        }),
      );
    },

    /** The user the fixture's credential names (id from its `userHandle`). */
    async createFixtureUser(): Promise<User> {
      const now = kit.clock.now();
      const username = Username.parse(`passkey${Date.now() % 100000}`);
      const email = Email.parse(`${username.value}@example.test`);
      return kit.users.create(
        new User({
          id: FIXTURE_USER_ID,
          ...identityOf(username, email),
          emailVerified: true,
          passwordHash: await kit.hasher.hash('Fixture-password-1'),
          isActive: true,
          roles: ['user'],
          tokenVersion: 1,
          passwordVersion: 1,
          createdAt: now,
          updatedAt: now,
          stateChangedAt: now,
        }),
      );
    },

    /** An `mfa_token` for a login of `userId` whose password was right. */
    async mfaTokenFor(userId: string): Promise<string> {
      const challenge = await handlers.beginMfaLogin.execute(
        new BeginMfaLoginCommand(userId),
      );
      if (challenge === null) throw new Error('the user has no factor');
      return challenge.mfaToken;
    },
  };
}

export type PasskeyKit = ReturnType<typeof createPasskeyKit>;

/** A stored passkey of `userId` (not a verifiable one: its public key is a stub), named `id`. */
export const storedPasskey = (id: string, userId: string, at: Date) =>
  new WebAuthnCredential({
    id,
    userId,
    publicKey: 'pQECAyYgAQ',
    signCount: 0,
    transports: ['usb'],
    name: id,
    createdAt: at,
    lastUsedAt: null,
  });

/**
 * A passkey kit with two users: alice with passkeys `a1` and `a2` (a second later), bob with
 * `b1` (the handler specs of listing and removing passkeys, which must keep them apart).
 */
export async function createTwoPasskeyUsers() {
  const kit = createPasskeyKit();
  const { user: alice } = await kit.registerUser();
  const { user: bob } = await kit.registerUser();
  await kit.credentials.create(storedPasskey('a1', alice.id, kit.clock.now()));
  kit.clock.advanceSeconds(1);
  await kit.credentials.create(storedPasskey('a2', alice.id, kit.clock.now()));
  await kit.credentials.create(storedPasskey('b1', bob.id, kit.clock.now()));
  return { kit, alice: alice.id, bob: bob.id };
}
