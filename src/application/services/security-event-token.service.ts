import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SsfStream } from '../../domain/entities/ssf-stream.entity.js';
import { Clock } from '../../domain/ports/clock.js';
import {
  SecurityEventSigner,
  type SsfSubjectId,
} from '../../domain/ports/security-event-signer.js';
import { AuthConfig } from '../auth-config.js';
import { SigningKeyRingService } from './signing-key-ring.service.js';
import { timeOrderedId } from './time-ordered-id.js';

/** CAEP 1.0 and RISC 1.0 event type URIs the transmitter emits, and SSF's verification event. */
export const SSF_EVENT_TYPES = {
  sessionRevoked:
    'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
  credentialChange:
    'https://schemas.openid.net/secevent/caep/event-type/credential-change',
  tokenClaimsChange:
    'https://schemas.openid.net/secevent/caep/event-type/token-claims-change',
  accountDisabled:
    'https://schemas.openid.net/secevent/risc/event-type/account-disabled',
  accountEnabled:
    'https://schemas.openid.net/secevent/risc/event-type/account-enabled',
  verification:
    'https://schemas.openid.net/secevent/ssf/event-type/verification',
} as const;

/** What happened, to whom (and in which session, where there is one). */
export interface SecurityEventInput {
  readonly eventType: string;
  readonly userId: string;
  readonly sessionId?: string;
  readonly payload?: Readonly<Record<string, unknown>>;
  /** Shared by the SETs of one underlying change (`txn`); a fresh one when absent. */
  readonly txn?: string;
}

/** An event about something else than one user: a stream, or every subject of the issuer. */
export interface SubjectEventInput {
  readonly eventType: string;
  readonly subject: SsfSubjectId;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly txn?: string;
}

/** A signed SET with the `jti` a receiver acknowledges it by. */
export interface SignedSecurityEvent {
  readonly jti: string;
  readonly set: string;
}

/**
 * Builds and signs RFC 8417 SETs for one stream: `iss` the configured issuer, `aud` the stream's
 * receiver, `sub_id` per RFC 9493 (`iss_sub`, or `complex` with an `opaque` session id where the
 * event concerns one session), `txn`, `events` with one CAEP/RISC event, signed with the active key
 * of the ring (which must be asymmetric) so the JWKS verifies it.
 */
@Injectable()
export class SecurityEventTokenService {
  constructor(
    private readonly config: AuthConfig,
    private readonly clock: Clock,
    private readonly keys: SigningKeyRingService,
    private readonly signer: SecurityEventSigner,
  ) {}

  async sign(
    stream: Pick<SsfStream, 'clientId'>,
    input: SecurityEventInput,
  ): Promise<SignedSecurityEvent> {
    const user = {
      format: 'iss_sub',
      iss: this.config.issuer,
      sub: input.userId,
    } as const;
    const subject: SsfSubjectId =
      input.sessionId === undefined
        ? user
        : {
            format: 'complex',
            user,
            session: { format: 'opaque', id: input.sessionId },
          };
    return this.signFor(stream, { ...input, subject });
  }

  /** Signs an event whose subject is given as it is (a stream's verification, the issuer). */
  async signFor(
    stream: Pick<SsfStream, 'clientId'>,
    input: SubjectEventInput,
  ): Promise<SignedSecurityEvent> {
    const now = this.clock.now();
    // Time-ordered (UUIDv7 with a counter): SETs of one millisecond still poll in the order made.
    const jti = timeOrderedId(now);
    const seconds = Math.floor(now.getTime() / 1000);
    const set = await this.signer.sign(
      {
        iss: this.config.issuer,
        jti,
        iat: seconds,
        aud: stream.clientId,
        txn: input.txn ?? randomUUID(),
        sub_id: input.subject,
        events: {
          [input.eventType]: { event_timestamp: seconds, ...input.payload },
        },
      },
      await this.keys.active(),
    );
    return { jti, set };
  }
}
