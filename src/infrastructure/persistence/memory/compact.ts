// Helpers that keep what the memory store holds small without changing a single value.

/** Any pattern: what matters is that a regular expression reads the whole string. */
const READS_FLAT = /\0/;

/**
 * `value`, flattened in place. V8 keeps a string built by concatenation (`randomUUID()`'s, a
 * template literal's) as a rope of 32-byte nodes: about 480 bytes for a UUID instead of 56. Its
 * regular-expression engines read flat strings only, so running one over the string makes V8
 * flatten it in place, and the next scavenge drops the nodes. The content, and every other holder
 * of the same string, are unchanged; a string already flat costs a scan of its characters.
 * (Interning through a property name would also share equal strings, but every distinct name
 * leaves a hidden class behind: twice the seeding time and +400 MiB RSS at 1M users.)
 */
export function flat(value: string): string {
  READS_FLAT.test(value);
  return value;
}

/** `flat(value)`, or null. */
export function flatOrNull(value: string | null): string | null {
  return value === null ? null : flat(value);
}

/** `value`, or the first of `candidates` equal to it (then one copy serves both), flattened. */
export function sharedWith(
  value: string,
  ...candidates: ReadonlyArray<string | null>
): string {
  for (const candidate of candidates) if (candidate === value) return candidate;
  return flat(value);
}

/** `value`, or the first of `candidates` equal to it, or null. */
export function sharedOrNull(
  value: string | null,
  ...candidates: ReadonlyArray<string | null>
): string | null {
  return value === null ? null : sharedWith(value, ...candidates);
}

/** `date`, or `same` when both hold the same instant (nothing here mutates a Date). */
export function sameInstant(date: Date, same: Date): Date {
  return date.getTime() === same.getTime() ? same : date;
}
