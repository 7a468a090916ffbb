/** Who a request or a login belongs to. */
export class AuthenticatedUser {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly email: string,
    readonly roles: readonly string[],
  ) {}
}
