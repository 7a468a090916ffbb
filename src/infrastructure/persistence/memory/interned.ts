/**
 * `value` as V8's internalized string: flat, and one copy shared with every equal string already
 * interned. A string built by concatenation (`randomUUID()`'s, a template literal's) is otherwise
 * kept as a rope of 32-byte nodes (about 480 bytes for a UUID instead of 56), and equal strings
 * that reach the store from different places (a username and its key, a user's id and its
 * sessions' `userId`, one browser's `User-Agent` on many sessions) as one copy each. Property names
 * are interned, hence the object literal. The string table holds its entries weakly: an interned
 * string dies with the last record that holds it. Content never changes.
 */
export function interned(value: string): string {
  return Object.keys({ [value]: 0 })[0] as string;
}

/** `interned(value)`, or null. */
export function internedOrNull(value: string | null): string | null {
  return value === null ? null : interned(value);
}

/** `date`, or `same` when both hold the same instant (Dates are never mutated here). */
export function sameInstant(date: Date, same: Date): Date {
  return date.getTime() === same.getTime() ? same : date;
}
