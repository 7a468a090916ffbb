import type { VerifiedSecurityEvent } from '../../domain/ports/security-event-verifier.js';
import { SSF_EVENT_TYPES } from './security-event-token.service.js';
import type { SsfReceiverDenyState } from './ssf-receiver-deny-state.js';

/** RISC 1.0 events that end a user's tokens, beyond the ones the transmitter emits. */
const RISC_ACCOUNT_PURGED =
  'https://schemas.openid.net/secevent/risc/event-type/account-purged';
const RISC_CREDENTIAL_COMPROMISE =
  'https://schemas.openid.net/secevent/risc/event-type/credential-compromise';

/** Event types that end (some of) a subject's access tokens: what a receiver asks for. */
export const REVOCATION_EVENT_TYPES: readonly string[] = [
  SSF_EVENT_TYPES.sessionRevoked,
  SSF_EVENT_TYPES.credentialChange,
  SSF_EVENT_TYPES.tokenClaimsChange,
  SSF_EVENT_TYPES.accountDisabled,
  RISC_ACCOUNT_PURGED,
  RISC_CREDENTIAL_COMPROMISE,
];

const USER_WIDE = new Set(REVOCATION_EVENT_TYPES);

/**
 * Applies one verified security event to the deny state; returns whether it changed anything.
 *
 * - CAEP `session-revoked` naming a session: that session's tokens; naming only the user: all
 *   the user's tokens issued up to the event (every session of the user ended).
 * - CAEP `credential-change`, `token-claims-change` (the roles in the token are stale: a new
 *   token carries the current ones), RISC `account-disabled`, `account-purged`,
 *   `credential-compromise`: the user's tokens issued up to the event.
 * - A subject naming the whole issuer (global rotation): every token issued up to the event.
 * - Anything else (verification, `account-enabled`, event types not understood, subjects of other
 *   issuers): nothing, as SSF 1.0 asks of a receiver.
 */
export function applySecurityEvent(
  state: SsfReceiverDenyState,
  event: VerifiedSecurityEvent,
): boolean {
  if (!USER_WIDE.has(event.eventType)) return false;
  const { userId, sessionId, everyone } = event.subject;
  if (
    event.eventType === SSF_EVENT_TYPES.sessionRevoked &&
    sessionId !== null
  ) {
    state.revokeSession(sessionId, event.eventTimestamp);
    return true;
  }
  if (userId !== null) {
    state.denyUserTokensIssuedBefore(userId, event.eventTimestamp);
    return true;
  }
  if (everyone) {
    state.denyAllTokensIssuedBefore(event.eventTimestamp);
    return true;
  }
  return false;
}
