import type { SigningKey } from '../entities/signing-key-ring.entity.js';

/** An RFC 9493 `iss_sub` subject identifier. */
export interface IssSubSubjectId {
  readonly format: 'iss_sub';
  readonly iss: string;
  readonly sub: string;
}

/**
 * RFC 9493 subject identifier of a SET: a user (`iss_sub`); a user's session (`complex` with an
 * `opaque` session id, SSF 1.0 §3.3); a stream (`opaque` stream id, SSF 1.0 §8.1.4.1); or every
 * subject of the issuer (`uri`, the issuer itself).
 */
export type SsfSubjectId =
  | IssSubSubjectId
  | {
      readonly format: 'complex';
      readonly user: IssSubSubjectId;
      readonly session: { readonly format: 'opaque'; readonly id: string };
    }
  | { readonly format: 'opaque'; readonly id: string }
  | { readonly format: 'uri'; readonly uri: string };

/** The claims of one Security Event Token (RFC 8417 §2.2, SSF 1.0 §4). */
export interface SecurityEventClaims {
  readonly iss: string;
  readonly jti: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  readonly aud: string;
  /** Shared by the SETs of one underlying change (SSF 1.0 §4.1.9). */
  readonly txn?: string;
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
