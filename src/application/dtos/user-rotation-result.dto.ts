/** The outcome of a per-user token rotation. */
export class UserRotationResult {
  constructor(
    readonly userId: string,
    readonly previousVersion: number,
    readonly newVersion: number,
  ) {}
}
