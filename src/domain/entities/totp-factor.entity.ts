/** Everything stored about a user's TOTP factor (RFC 6238) and its recovery codes. */
export interface TotpFactorProps {
  /** One factor per user: the user's id is its key. */
  readonly userId: string;
  /** The shared secret, sealed (AES-256-GCM under a key derived from the master secret). */
  readonly sealedSecret: string;
  /** When a first code confirmed it; null while enrolment is pending (it completes no login). */
  readonly confirmedAt: Date | null;
  /** The last time step (`floor(unix seconds / 30)`) a code was accepted for: never again. */
  readonly lastStep: number;
  /** SHA-256 (hex) of each unused recovery code; a used one is removed. */
  readonly recoveryCodeHashes: readonly string[];
  readonly createdAt: Date;
}

/** A user's TOTP factor. Immutable: every change is a new value from the repository. */
export class TotpFactor implements TotpFactorProps {
  readonly userId: string;
  readonly sealedSecret: string;
  readonly confirmedAt: Date | null;
  readonly lastStep: number;
  readonly recoveryCodeHashes: readonly string[];
  readonly createdAt: Date;

  constructor(props: TotpFactorProps) {
    this.userId = props.userId;
    this.sealedSecret = props.sealedSecret;
    this.confirmedAt = props.confirmedAt;
    this.lastStep = props.lastStep;
    this.recoveryCodeHashes = [...props.recoveryCodeHashes];
    this.createdAt = props.createdAt;
  }

  /** Confirmed: it completes logins and lists `totp` and `recovery_code` as methods. */
  get isConfirmed(): boolean {
    return this.confirmedAt !== null;
  }
}
