/**
 * Collects option problems instead of throwing at the first, so a start-up error lists them all.
 * Shared by `resolveAuthOptions` and the resource-server options. Messages name the option and
 * the accepted range, never the value (it may be a secret).
 */
export class OptionChecker {
  constructor(protected readonly problems: string[]) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  int(
    name: string,
    value: number | undefined,
    fallback: number,
    min: number,
    max: number,
  ): number {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  text(name: string, value: string | undefined, fallback: string): string {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value.trim().length === 0) {
      this.problems.push(`${name} must be a non-empty string`);
      return fallback;
    }
    return value;
  }
}
