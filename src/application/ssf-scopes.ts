/**
 * OAuth scopes of the SSF transmitter's routes, carried by client-credentials access tokens.
 * `ssf.manage`: create, update, replace and delete streams, set their status, ask for a
 * verification event, and everything `ssf.read` allows. `ssf.read`: read streams and their status,
 * poll (and acknowledge) the SETs of one's own streams.
 */
export const SSF_SCOPES = {
  manage: 'ssf.manage',
  read: 'ssf.read',
} as const;

/** One of the SSF scopes. */
export type SsfScope = (typeof SSF_SCOPES)[keyof typeof SSF_SCOPES];

/** Whether `granted` allows a route that needs `needed` (`ssf.manage` includes `ssf.read`). */
export function ssfScopeAllows(
  granted: readonly string[],
  needed: SsfScope,
): boolean {
  return (
    granted.includes(needed) ||
    (needed === SSF_SCOPES.read && granted.includes(SSF_SCOPES.manage))
  );
}
