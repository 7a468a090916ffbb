import type { ShouldSkipAuthentication } from '../../interface/http/guards/skip-authentication.js';

// Both modules' options are validated the same way: every problem collected (a start-up error
// lists them all), messages that name the option and the accepted range but never the value (it
// may be a secret), and each default and bound written once, in a declarative table.

/** An integer bound or default; a function reads the integers resolved before it in its table. */
export type OptionBound =
  number | ((resolved: Readonly<Record<string, number>>) => number);

/** An integer option: the default and the accepted range, inclusive. */
export interface IntegerOption {
  readonly default: OptionBound;
  readonly min: OptionBound;
  readonly max: OptionBound;
  /** How the README's default column shows a default computed at start-up. */
  readonly shownAs?: string;
}

/** A non-empty string option. */
export interface TextOption {
  readonly default: string;
}

/** true or false. */
export interface FlagOption {
  readonly default: boolean;
}

/** One of a fixed set of strings. */
export interface ChoiceOption<T extends string = string> {
  readonly default: T;
  readonly oneOf: readonly T[];
}

/** A list, taken as given (its items are checked where the list is used). */
export interface ListOption<T = unknown> {
  readonly default: readonly T[];
}

/** One option: its default and what it accepts. */
export type OptionEntry =
  IntegerOption | TextOption | FlagOption | ChoiceOption | ListOption;

/**
 * Options by name, in the order they are read (a bound may depend on an option above it). A dotted
 * name is a path into the options object: `password.minLength` is `options.password?.minLength`.
 */
export type OptionTable = Readonly<Record<string, OptionEntry>>;

/** What `readOptionTable` gives for each entry of `T`. */
export type OptionValues<T extends OptionTable> = {
  readonly [K in keyof T]: T[K] extends IntegerOption
    ? number
    : T[K] extends ChoiceOption<infer C>
      ? C
      : T[K] extends TextOption
        ? string
        : T[K] extends FlagOption
          ? boolean
          : T[K] extends ListOption<infer E>
            ? readonly E[]
            : never;
};

/**
 * Reads every option of `table` from `options`: the default where it is not set, else the value if
 * it is acceptable; each unacceptable value adds a problem (and the default stands in for it, so
 * later bounds still have a number).
 */
export function readOptionTable<T extends OptionTable>(
  table: T,
  options: unknown,
  problems: string[],
): OptionValues<T> {
  const integers: Record<string, number> = {};
  const values: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(table)) {
    const value = valueAt(options, name);
    if ('min' in entry) {
      integers[name] = readInteger(name, entry, value, integers, problems);
      values[name] = integers[name];
    } else if ('oneOf' in entry) {
      const chosen: unknown = value ?? entry.default;
      if (entry.oneOf.includes(chosen as string)) {
        values[name] = chosen;
      } else {
        problems.push(`${name} must be one of ${entry.oneOf.join(', ')}`);
        values[name] = entry.default;
      }
    } else if (typeof entry.default === 'string') {
      values[name] = readText(name, entry.default, value, problems);
    } else if (typeof entry.default === 'boolean') {
      if (value === undefined || typeof value === 'boolean') {
        values[name] = value ?? entry.default;
      } else {
        problems.push(`${name} must be true or false`);
        values[name] = entry.default;
      }
    } else {
      values[name] = value === undefined ? entry.default : value;
    }
  }
  return values as OptionValues<T>;
}

/** The value of a bound, given the integers read so far. */
export function boundValue(
  bound: OptionBound,
  resolved: Readonly<Record<string, number>>,
): number {
  return typeof bound === 'function' ? bound(resolved) : bound;
}

function readInteger(
  name: string,
  entry: IntegerOption,
  value: unknown,
  resolved: Readonly<Record<string, number>>,
  problems: string[],
): number {
  const fallback = boundValue(entry.default, resolved);
  if (value === undefined) return fallback;
  const min = boundValue(entry.min, resolved);
  const max = boundValue(entry.max, resolved);
  if (
    !Number.isInteger(value) ||
    (value as number) < min ||
    (value as number) > max
  ) {
    problems.push(`${name} must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value as number;
}

function readText(
  name: string,
  fallback: string,
  value: unknown,
  problems: string[],
): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim().length === 0) {
    problems.push(`${name} must be a non-empty string`);
    return fallback;
  }
  return value;
}

function valueAt(options: unknown, path: string): unknown {
  let value = options;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Shortest introspection client secret, in UTF-8 bytes (both modules ask it): 256 bits when random,
 * beyond any online guessing the lockout leaves room for.
 */
export const MIN_CLIENT_SECRET_BYTES = 32;

/** What a client id may be made of, as the problems say it. */
export const CLIENT_ID_RULE = '1-128 letters, digits, ".", "_" or "-"';

/** An introspection client id: 1-128 letters, digits, `.`, `_` or `-`. */
export function isClientId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.-]{1,128}$/.test(value);
}

/** An introspection client secret of at least `MIN_CLIENT_SECRET_BYTES` UTF-8 bytes. */
export function isClientSecret(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    Buffer.byteLength(value, 'utf8') >= MIN_CLIENT_SECRET_BYTES
  );
}

/** `shouldSkipAuthentication` as given, or null when unset; a problem when it is no function. */
export function checkSkipFunction(
  value: unknown,
  problems: string[],
): ShouldSkipAuthentication | null {
  if (value === undefined) return null;
  if (typeof value === 'function') return value as ShouldSkipAuthentication;
  problems.push(
    'shouldSkipAuthentication must be a function (method, path) => boolean',
  );
  return null;
}
