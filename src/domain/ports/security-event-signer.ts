import type { SigningKey } from '../entities/signing-key-ring.entity.js';

/** RFC 9493 subject identifier of a SET (`iss_sub`, or `complex` with the session). */
export type SsfSubjectId =
  | { readonly format: 'iss_sub'; readonly iss: string; readonly sub: string }
  | {
      readonly format: 'complex';
      readonly user: {
        readonly format: 'iss_sub';
        readonly iss: string;
        readonly sub: string;
      };
      readonly session: { readonly format: 'opaque'; readonly id: string };
    };

/** The claims of one Security Event Token (RFC 8417 §2.2, SSF 1.0 §4). */
export interface SecurityEventClaims {
  readonly iss: string;
  readonly jti: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  readonly aud: string;
  readonly sub_id: SsfSubjectId;
  /** Event type URI -> event payload; one event per SET (SSF 1.0 §4.1.6). */
  readonly events: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * Port: signs a SET as a compact JWS (`typ` `secevent+jwt`, `kid` in the header) with an
 * asymmetric key of the ring, so receivers verify it through the JWKS.
 */
export abstract class SecurityEventSigner {
  abstract sign(claims: SecurityEventClaims, key: SigningKey): Promise<string>;
}
