/** The outcome of an admin reset of a user's second factors. */
export class MfaReset {
  constructor(
    readonly userId: string,
    /** How many of the user's sessions the reset revoked. */
    readonly revokedSessions: number,
  ) {}
}
