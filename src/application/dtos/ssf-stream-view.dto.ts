import type { SsfStreamStatus } from '../../domain/entities/ssf-stream.entity.js';

/** An SSF stream as its receiver sees it (SSF 1.0 §8.1.1), before the edge adds URLs. */
export class SsfStreamView {
  constructor(
    readonly streamId: string,
    /** The transmitter's issuer, the SETs' `iss`. */
    readonly iss: string,
    /** The receiver's client id, the SETs' `aud`. */
    readonly aud: string,
    readonly eventsSupported: readonly string[],
    readonly eventsRequested: readonly string[],
    /** `events_requested` ∩ `events_supported`: what the stream carries. */
    readonly eventsDelivered: readonly string[],
    readonly description: string | null,
    readonly status: SsfStreamStatus,
    readonly statusReason: string | null,
    /** Seconds of receiver inactivity (no poll, no management call) before the stream is forgotten. */
    readonly inactivityTimeout: number,
  ) {}
}
