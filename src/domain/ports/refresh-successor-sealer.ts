/**
 * Port: seals a session's new refresh token under the token it replaced, so that only a holder of
 * that previous token can open it again (idempotent refresh inside the reuse interval) and storage
 * holds nothing usable.
 */
export abstract class RefreshSuccessorSealer {
  /** `successor` sealed under a key derived from `presented`, bound to `sessionId`. */
  abstract seal(
    successor: string,
    presented: string,
    sessionId: string,
  ): string;
  /** The successor, or null when `sealed` does not open with `presented` for `sessionId`. */
  abstract open(
    sealed: string,
    presented: string,
    sessionId: string,
  ): string | null;
}
