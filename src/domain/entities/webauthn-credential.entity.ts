/** Everything stored about one passkey (a WebAuthn public-key credential) of a user. */
export interface WebAuthnCredentialProps {
  /** The credential id the authenticator chose (base64url); unique over all users. */
  readonly id: string;
  readonly userId: string;
  /** The COSE public key (base64url); public by nature, never a secret. */
  readonly publicKey: string;
  /** The authenticator's signature counter at the last accepted use; 0 if it keeps none. */
  readonly signCount: number;
  /** Transports the authenticator reported (`internal`, `usb`, `hybrid`, ...), as hints. */
  readonly transports: readonly string[];
  /** The owner's label for it. */
  readonly name: string;
  readonly createdAt: Date;
  /** When it last completed a login; null until it has. */
  readonly lastUsedAt: Date | null;
}

/** A user's registered passkey. Immutable: a use is a new value from the repository. */
export class WebAuthnCredential implements WebAuthnCredentialProps {
  readonly id: string;
  readonly userId: string;
  readonly publicKey: string;
  readonly signCount: number;
  readonly transports: readonly string[];
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;

  constructor(props: WebAuthnCredentialProps) {
    this.id = props.id;
    this.userId = props.userId;
    this.publicKey = props.publicKey;
    this.signCount = props.signCount;
    this.transports = [...props.transports];
    this.name = props.name;
    this.createdAt = props.createdAt;
    this.lastUsedAt = props.lastUsedAt;
  }
}
