/** The outcome of revoking every session of a user. */
export class SessionsRevoked {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    /** The user's token version after the bump that cuts off every outstanding access token. */
    readonly newVersion: number,
  ) {}
}
