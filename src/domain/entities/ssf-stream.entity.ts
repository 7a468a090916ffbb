/** RFC 8936 poll delivery, the one delivery method the transmitter speaks. */
export const SSF_POLL_DELIVERY = 'urn:ietf:rfc:8936';

/** SSF 1.0 stream status. */
export type SsfStreamStatus = 'enabled' | 'paused' | 'disabled';

/** An SSF stream: one receiver (a client id) and the events it asked for. */
export class SsfStream {
  readonly id: string;
  /** The receiver's client id; also the SETs' `aud`. */
  readonly clientId: string;
  readonly eventsRequested: readonly string[];
  readonly status: SsfStreamStatus;
  /** Why the status was last set (SSF 1.0 §8.1.2 `reason`), or null. */
  readonly statusReason: string | null;
  readonly description: string | null;
  readonly createdAt: Date;
  /** Forgotten after this instant unless the receiver polls or updates it again. */
  readonly expiresAt: Date;

  constructor(props: SsfStream) {
    this.id = props.id;
    this.clientId = props.clientId;
    this.eventsRequested = [...props.eventsRequested];
    this.status = props.status;
    this.statusReason = props.statusReason;
    this.description = props.description;
    this.createdAt = props.createdAt;
    this.expiresAt = props.expiresAt;
  }
}
