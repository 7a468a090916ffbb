import { ValidationError } from '../../domain/errors/validation.error.js';

/** How deep and how large a page a list query accepts. */
export interface PageBounds {
  /** Deepest `skip` (the store scans what it skips); none: any non-negative integer. */
  readonly maxSkip?: number;
  /** Largest `limit`. */
  readonly maxLimit: number;
}

/**
 * Throws `ValidationError` unless `skip` and `limit` are integers within `bounds`. The list
 * handlers check this themselves, so a query is safe from any caller, not only HTTP.
 */
export function assertPageBounds(
  page: { readonly skip: number; readonly limit: number },
  bounds: PageBounds,
): void {
  const { maxSkip, maxLimit } = bounds;
  if (!isIntegerIn(page.skip, 0, maxSkip ?? Number.POSITIVE_INFINITY)) {
    throw new ValidationError(
      maxSkip === undefined
        ? 'skip must be a non-negative integer'
        : `skip must be an integer from 0 to ${maxSkip}`,
    );
  }
  if (!isIntegerIn(page.limit, 1, maxLimit)) {
    throw new ValidationError(`limit must be an integer from 1 to ${maxLimit}`);
  }
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
