/** The session a refresh token (current or already rotated out) belongs to. */
export class RefreshTokenSession {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
  ) {}
}
