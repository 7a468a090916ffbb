/** One RFC 8936 poll's answer: the SETs by `jti`, oldest first, and whether more are queued. */
export class SsfPollResultView {
  constructor(
    readonly sets: ReadonlyArray<{
      readonly jti: string;
      readonly set: string;
    }>,
    readonly moreAvailable: boolean,
  ) {}
}
