/** A credential as the ceremonies need it: id, COSE public key, counter, transport hints. */
export interface WebAuthnCredentialRef {
  /** Credential id, base64url. */
  readonly id: string;
  /** COSE public key, base64url. */
  readonly publicKey: string;
  readonly signCount: number;
  readonly transports: readonly string[];
}

/** A registration response that verified: the credential to store. */
export interface VerifiedWebAuthnRegistration {
  readonly credentialId: string;
  readonly publicKey: string;
  readonly signCount: number;
  readonly transports: readonly string[];
}

/** An assertion that verified against its stored credential. */
export interface VerifiedWebAuthnAssertion {
  /** The authenticator's counter in this assertion (0 if it keeps none). */
  readonly newSignCount: number;
  /**
   * `singleDevice` (the key cannot leave its authenticator: backup-ineligible) or `multiDevice`
   * (a synced passkey: backup-eligible).
   */
  readonly deviceType: 'singleDevice' | 'multiDevice';
  /** Whether the authenticator verified the user (PIN, biometrics), not only their presence. */
  readonly userVerified: boolean;
}

/**
 * Options for `navigator.credentials.create()` / `.get()` as JSON (WebAuthn L3
 * `PublicKeyCredential*OptionsJSON`), passed to the client untouched.
 */
export interface WebAuthnOptionsJson {
  readonly challenge: string;
}

/**
 * Port: the WebAuthn relying party's cryptography — building ceremony options and verifying what
 * the browser sends back against the configured `rpId` and `origins`. No storage: challenges and
 * credentials are the use cases' business (single use, counters).
 */
export abstract class WebAuthnRelyingParty {
  /** `PublicKeyCredentialCreationOptionsJSON` carrying `challenge`. */
  abstract registrationOptions(input: {
    readonly challenge: string;
    readonly userId: string;
    readonly userName: string;
    readonly exclude: readonly WebAuthnCredentialRef[];
    readonly timeoutMs: number;
  }): Promise<WebAuthnOptionsJson>;

  /** The credential a `RegistrationResponseJSON` proves, or null when it does not verify. */
  abstract verifyRegistration(input: {
    readonly response: unknown;
    readonly expectedChallenge: string;
  }): Promise<VerifiedWebAuthnRegistration | null>;

  /** `PublicKeyCredentialRequestOptionsJSON`; empty `allow` asks for a discoverable credential. */
  abstract authenticationOptions(input: {
    readonly challenge: string;
    readonly allow: readonly WebAuthnCredentialRef[];
    readonly requireUserVerification: boolean;
    readonly timeoutMs: number;
  }): Promise<WebAuthnOptionsJson>;

  /** Verifies an `AuthenticationResponseJSON` against `credential`; null when it does not. */
  abstract verifyAuthentication(input: {
    readonly response: unknown;
    readonly expectedChallenge: string;
    readonly credential: WebAuthnCredentialRef;
    readonly requireUserVerification: boolean;
  }): Promise<VerifiedWebAuthnAssertion | null>;
}
