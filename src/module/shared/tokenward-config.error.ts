/** Thrown at start-up when the module options are unusable; lists every problem at once. */
export class TokenwardConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Tokenward options:\n - ${problems.join('\n - ')}`);
    this.name = 'TokenwardConfigError';
  }
}
