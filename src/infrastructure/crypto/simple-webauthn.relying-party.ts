import { Injectable, Logger } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AuthConfig } from '../../application/auth-config.js';
import {
  WebAuthnRelyingParty,
  type VerifiedWebAuthnAssertion,
  type VerifiedWebAuthnRegistration,
  type WebAuthnCredentialRef,
  type WebAuthnOptionsJson,
} from '../../domain/ports/webauthn-relying-party.js';

const ES256 = -7;
const EDDSA = -8;
const RS256 = -257;

// A string challenge would be taken as UTF-8 text and encoded again: hand over its bytes, so the
// options carry exactly the challenge that was stored.
const bytesOf = (challenge: string) =>
  new Uint8Array(Buffer.from(challenge, 'base64url'));

const transportsOf = (ref: WebAuthnCredentialRef) =>
  ref.transports as AuthenticatorTransportFuture[];

/**
 * `WebAuthnRelyingParty` on @simplewebauthn/server: the relying party is pinned to the configured
 * `webauthn.rpId` and `webauthn.origins`, attestation `none` (a passkey's make is not checked, as
 * for every consumer passkey site). A response that does not verify is null, never an exception
 * with the library's message (which names what failed) on its way to a client.
 */
@Injectable()
export class SimpleWebAuthnRelyingParty extends WebAuthnRelyingParty {
  private readonly logger = new Logger('Tokenward');

  constructor(private readonly config: AuthConfig) {
    super();
  }

  async registrationOptions(input: {
    challenge: string;
    userId: string;
    userName: string;
    exclude: readonly WebAuthnCredentialRef[];
    timeoutMs: number;
  }): Promise<WebAuthnOptionsJson> {
    const { rpId, rpName, passwordless } = this.config.webauthn;
    return generateRegistrationOptions({
      rpName,
      rpID: rpId,
      userName: input.userName,
      userID: new TextEncoder().encode(input.userId),
      challenge: bytesOf(input.challenge),
      timeout: input.timeoutMs,
      attestationType: 'none',
      excludeCredentials: input.exclude.map((ref) => ({
        id: ref.id,
        transports: transportsOf(ref),
      })),
      authenticatorSelection: {
        // Passwordless logins find the credential on the authenticator (discoverable).
        residentKey: passwordless ? 'required' : 'preferred',
        userVerification: 'preferred',
      },
      supportedAlgorithmIDs: [ES256, EDDSA, RS256],
    });
  }

  async verifyRegistration(input: {
    response: unknown;
    expectedChallenge: string;
  }): Promise<VerifiedWebAuthnRegistration | null> {
    const { rpId, origins } = this.config.webauthn;
    try {
      const result = await verifyRegistrationResponse({
        response: input.response as RegistrationResponseJSON,
        expectedChallenge: input.expectedChallenge,
        expectedOrigin: [...origins],
        expectedRPID: rpId,
        requireUserVerification: false,
      });
      if (!result.verified) return null;
      const { credential } = result.registrationInfo;
      return {
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        signCount: credential.counter,
        transports: credential.transports ?? [],
      };
    } catch (error) {
      return this.refused('registration', error);
    }
  }

  async authenticationOptions(input: {
    challenge: string;
    allow: readonly WebAuthnCredentialRef[];
    requireUserVerification: boolean;
    timeoutMs: number;
  }): Promise<WebAuthnOptionsJson> {
    return generateAuthenticationOptions({
      rpID: this.config.webauthn.rpId,
      challenge: bytesOf(input.challenge),
      timeout: input.timeoutMs,
      allowCredentials: input.allow.map((ref) => ({
        id: ref.id,
        transports: transportsOf(ref),
      })),
      userVerification: input.requireUserVerification
        ? 'required'
        : 'preferred',
    });
  }

  async verifyAuthentication(input: {
    response: unknown;
    expectedChallenge: string;
    credential: WebAuthnCredentialRef;
    requireUserVerification: boolean;
  }): Promise<VerifiedWebAuthnAssertion | null> {
    const { rpId, origins } = this.config.webauthn;
    try {
      const result = await verifyAuthenticationResponse({
        response: input.response as AuthenticationResponseJSON,
        expectedChallenge: input.expectedChallenge,
        expectedOrigin: [...origins],
        expectedRPID: rpId,
        credential: {
          id: input.credential.id,
          publicKey: Buffer.from(input.credential.publicKey, 'base64url'),
          counter: input.credential.signCount,
          transports: transportsOf(input.credential),
        },
        requireUserVerification: input.requireUserVerification,
      });
      if (!result.verified) return null;
      const info = result.authenticationInfo;
      return {
        newSignCount: info.newCounter,
        deviceType: info.credentialDeviceType,
        userVerified: info.userVerified,
      };
    } catch (error) {
      return this.refused('authentication', error);
    }
  }

  // The reason is worth a debug line to an operator (wrong origin, counter, signature), never a
  // client: the answer stays the generic one.
  private refused(ceremony: string, error: unknown): null {
    const reason = error instanceof Error ? error.message : 'unknown';
    this.logger.debug(`WebAuthn ${ceremony} refused: ${reason.slice(0, 200)}`);
    return null;
  }
}
