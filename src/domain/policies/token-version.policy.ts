import type { GlobalRotationState } from '../entities/global-rotation-state.entity.js';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { TokenVersionRejectedError } from '../errors/token-version-rejected.error.js';
import { UserInactiveError } from '../errors/user-inactive.error.js';

/** Why a token's versions are refused, or null when they are accepted. */
export type TokenVersionRejection = 'global_version' | 'user_version' | null;

/**
 * The version rules shared by access-token validation and refresh: the user version must be at
 * least the user's current one, and the global version must be accepted by the global state
 * (current, or previous inside its grace window).
 */
export function checkTokenVersions(
  token: { readonly gv: number; readonly uv: number },
  globalState: GlobalRotationState,
  currentUserVersion: number,
  now: Date,
): TokenVersionRejection {
  if (token.uv < currentUserVersion) return 'user_version';
  if (!globalState.accepts(token.gv, now)) return 'global_version';
  return null;
}

/** What the acceptance rule needs to know of a user. */
export interface TokenHolderState {
  readonly isActive: boolean;
  readonly tokenVersion: number;
}

/**
 * "The user exists, is active, and the versions are accepted": the one rule an access token (on
 * every request) and a session (on refresh) must pass. Throws `InvalidTokenError` for an unknown
 * user, `UserInactiveError`, or `TokenVersionRejectedError`.
 */
export function assertTokenAccepted<U extends TokenHolderState>(
  token: { readonly gv: number; readonly uv: number },
  user: U | null,
  globalState: GlobalRotationState,
  now: Date,
): asserts user is U {
  if (user === null) throw new InvalidTokenError();
  if (!user.isActive) throw new UserInactiveError();
  if (checkTokenVersions(token, globalState, user.tokenVersion, now) !== null) {
    throw new TokenVersionRejectedError();
  }
}
