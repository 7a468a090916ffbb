import {
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import {
  SecurityEventVerifier,
  SetRejectedError,
} from '../../domain/ports/security-event-verifier.js';
import {
  SsfTransmitterClient,
  SsfTransmitterUnavailableError,
  type SsfSetError,
} from '../../domain/ports/ssf-transmitter-client.js';
import { applySecurityEvent } from './ssf-event-applier.js';
import { Poller } from './poller.js';
import type { SsfReceiverDenyState } from './ssf-receiver-deny-state.js';

/** Settings of the receiver's poll loop (validated by the module's options). */
export interface SsfReceiverSettings {
  readonly pollIntervalMs: number;
  /** SETs asked for per poll (RFC 8936 `maxEvents`). */
  readonly maxEvents: number;
}

/** A SET whose key is unknown is retried over this many polls before it is reported. */
const UNKNOWN_KEY_ATTEMPTS = 3;
/** Polls in a row while the transmitter says `moreAvailable`, before waiting for the timer. */
const MAX_POLLS_PER_RUN = 10;

/**
 * The SSF receiver of a resource server: polls its stream every `pollIntervalMs` (RFC 8936,
 * acknowledging what it applied and reporting in `setErrs` what it refused), verifies each SET,
 * and applies it to the deny state the guard checks. Starts with the application (the first poll
 * at once, without holding the start-up), stops at shutdown.
 *
 * Fail-safe: while the transmitter or its keys cannot be reached, nothing is acknowledged (the
 * SETs stay queued at the transmitter), the deny state keeps what it knows, requests are served
 * as in plain JWKS mode, and one warning is logged at the start of the outage and one line at its
 * end, with no token, secret or body.
 */
export class SsfReceiverService
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Tokenward');
  private readonly poller: Poller;
  private ack: string[] = [];
  private setErrs: Record<string, SsfSetError> = {};
  private readonly unknownKeyAttempts = new Map<string, number>();
  private down = false;

  constructor(
    private readonly settings: SsfReceiverSettings,
    private readonly transmitter: SsfTransmitterClient,
    private readonly verifier: SecurityEventVerifier,
    private readonly denyState: SsfReceiverDenyState,
  ) {
    this.poller = new Poller(
      () => this.pollOnce(),
      (error) => this.failed(error),
    );
  }

  onApplicationBootstrap(): void {
    this.poller.start(this.settings.pollIntervalMs);
    this.poller.run().catch((error: unknown) => this.failed(error));
  }

  onApplicationShutdown(): void {
    this.poller.stop();
  }

  /** One run: poll (again while more are queued), verify, apply; acknowledgements ride the next poll. */
  async pollOnce(): Promise<void> {
    for (let polls = 0; polls < MAX_POLLS_PER_RUN; polls += 1) {
      const answer = await this.transmitter.poll({
        ack: this.ack,
        setErrs: this.setErrs,
        maxEvents: this.settings.maxEvents,
      });
      this.ack = [];
      this.setErrs = {};
      const keysDown = await this.receive(answer.sets);
      this.recovered();
      if (keysDown || !answer.moreAvailable) break;
    }
    // Send the acknowledgements of this run now rather than one interval later.
    if (this.ack.length > 0 || Object.keys(this.setErrs).length > 0) {
      await this.transmitter.poll({
        ack: this.ack,
        setErrs: this.setErrs,
        maxEvents: 0,
      });
      this.ack = [];
      this.setErrs = {};
    }
    this.denyState.prune();
  }

  /** Verifies and applies each SET; returns true when the keys could not be fetched. */
  private async receive(sets: Readonly<Record<string, string>>) {
    for (const [jti, set] of Object.entries(sets)) {
      try {
        applySecurityEvent(
          this.denyState,
          await this.verifier.verify(jti, set),
        );
        this.ack.push(jti);
        this.unknownKeyAttempts.delete(jti);
      } catch (error) {
        if (error instanceof AuthServiceUnavailableError) return true;
        if (!(error instanceof SetRejectedError)) throw error;
        const attempts = (this.unknownKeyAttempts.get(jti) ?? 0) + 1;
        if (error.retryable && attempts < UNKNOWN_KEY_ATTEMPTS) {
          this.unknownKeyAttempts.set(jti, attempts);
          continue;
        }
        this.unknownKeyAttempts.delete(jti);
        this.setErrs[jti] = { err: error.err, description: error.description };
        this.logger.warn(
          `SSF: refused a security event (${error.err}: ${error.description}); reported to the transmitter`,
        );
      }
    }
    return false;
  }

  private failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    const reason =
      error instanceof SsfTransmitterUnavailableError
        ? error.reason
        : error instanceof Error
          ? error.name
          : 'unknown error';
    this.logger.warn(
      `SSF transmitter unavailable (${reason}); logouts and rotations are not seen until it answers again`,
    );
  }

  private recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log('SSF transmitter answers again');
  }
}
