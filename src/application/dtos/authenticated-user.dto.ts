/** Who a request or a login belongs to. */
export class AuthenticatedUser {
  constructor(
    readonly userId: string,
    /** Empty string on a resource server in JWKS mode: the access token does not carry it. */
    readonly username: string,
    /** Empty string on a resource server in JWKS mode: the access token does not carry it. */
    readonly email: string,
    readonly roles: readonly string[],
  ) {}
}
