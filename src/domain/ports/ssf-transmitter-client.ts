/** An RFC 8936 `setErrs` entry: why a SET was not applied. */
export interface SsfSetError {
  readonly err: string;
  readonly description: string;
}

/** One RFC 8936 poll: acknowledgements and errors for earlier SETs, and how many new ones. */
export interface SsfPollRequest {
  readonly ack: readonly string[];
  readonly setErrs: Readonly<Record<string, SsfSetError>>;
  readonly maxEvents: number;
}

/** What a poll returned: `jti` -> SET (compact JWS), and whether more are queued. */
export interface SsfPollAnswer {
  readonly sets: Readonly<Record<string, string>>;
  readonly moreAvailable: boolean;
}

/** The transmitter could not be reached or answered unusably; `reason` holds no secret. */
export class SsfTransmitterUnavailableError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`SSF transmitter unavailable (${reason})`, options);
    this.name = 'SsfTransmitterUnavailableError';
  }
}

/**
 * Port of an SSF receiver: its poll stream at the transmitter. The adapter subscribes as needed
 * (client-credentials token, transmitter configuration, creating or reusing the stream) and
 * throws `SsfTransmitterUnavailableError` when it cannot.
 */
export abstract class SsfTransmitterClient {
  abstract poll(request: SsfPollRequest): Promise<SsfPollAnswer>;
}
