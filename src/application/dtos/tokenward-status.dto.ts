import type { GlobalRotationView } from './global-rotation-view.dto.js';
import type { SigningKeyView } from './signing-key-view.dto.js';

/** An operator's overview of a Tokenward installation (what `tokenward status` prints). */
export class TokenwardStatus {
  constructor(
    readonly globalRotation: GlobalRotationView,
    /** Users whose account is active. */
    readonly activeUsers: number,
    /** Sessions neither expired nor revoked. */
    readonly activeSessions: number,
    /** Active key first; never key material. */
    readonly signingKeys: readonly SigningKeyView[],
    /**
     * Whether this instance's secret opens every sealed (EdDSA/ES256) key not revoked: false
     * when they were sealed under another secret, so a key this instance makes would not open
     * on the instances that made them.
     */
    readonly secretOpensSigningKeys: boolean,
    /** When it was read, by the app's clock (whether a grace window is still open, say). */
    readonly readAt: Date,
  ) {}
}
