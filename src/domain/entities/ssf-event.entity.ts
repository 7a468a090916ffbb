/** A signed SET waiting for its receiver to poll and acknowledge it. */
export class SsfEvent {
  /** The SET's `jti`, what the receiver acknowledges. */
  readonly jti: string;
  readonly streamId: string;
  /** The compact JWS (RFC 8417, `typ` `secevent+jwt`). */
  readonly set: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;

  constructor(props: SsfEvent) {
    this.jti = props.jti;
    this.streamId = props.streamId;
    this.set = props.set;
    this.createdAt = props.createdAt;
    this.expiresAt = props.expiresAt;
  }
}
