import type { GlobalRotationState } from '../entities/global-rotation-state.entity.js';

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
