/** Which ceremony a WebAuthn challenge was issued for. */
export type WebAuthnCeremony = 'registration' | 'authentication';

/** Every ceremony, for schemas and checks. */
export const WEBAUTHN_CEREMONIES: readonly WebAuthnCeremony[] = [
  'registration',
  'authentication',
];

/** Everything stored about an issued WebAuthn challenge; the challenge itself only as a hash. */
export interface WebAuthnChallengeProps {
  /** SHA-256 (hex) of the challenge (base64url) the options carried: the look-up key. */
  readonly challengeHash: string;
  readonly ceremony: WebAuthnCeremony;
  /** The user it was issued to; null for a passwordless (discoverable) authentication. */
  readonly userId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** One outstanding challenge: single use, short-lived. */
export class WebAuthnChallenge implements WebAuthnChallengeProps {
  readonly challengeHash: string;
  readonly ceremony: WebAuthnCeremony;
  readonly userId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;

  constructor(props: WebAuthnChallengeProps) {
    this.challengeHash = props.challengeHash;
    this.ceremony = props.ceremony;
    this.userId = props.userId;
    this.createdAt = props.createdAt;
    this.expiresAt = props.expiresAt;
  }
}
