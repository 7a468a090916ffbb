import unhomoglyph from 'unhomoglyph';
import { ValidationError } from '../errors/validation.error.js';

/** What a username consists of after NFKC normalisation (also its OpenAPI `pattern`). */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]+$/u;

/**
 * Every Latin letter named "LATIN LETTER SMALL CAPITAL <A–Z>" in the Unicode character database
 * (U+1D00, U+0299, U+1D04, U+1D05, U+1D07, U+A730, U+0262, U+029C, U+026A, U+1D0A, U+1D0B,
 * U+029F, U+1D0D, U+0274, U+1D0F, U+1D18, U+A7AF, U+0280, U+A731, U+1D1B, U+1D1C, U+1D20, U+1D21,
 * U+028F, U+1D22; there is no small capital X), as the letter it is a small copy of.
 * confusables.txt has no prototype for most of them (`ᴀdmin` would not collide with `admin`) and
 * maps ᴋ and ᴍ to ĸ and ʍ; folding all 25 alike closes that gap. Not a look-alike table of our
 * own: the letters Unicode itself names so.
 */
const SMALL_CAPITALS: ReadonlyMap<string, string> = new Map(
  [...'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ'].map((capital, i) => [
    capital,
    'abcdefghijklmnopqrstuvwyz'.charAt(i),
  ]),
);

/**
 * Allowed usernames: 3–32 letters, digits, `.`, `_` or `-` after NFKC normalisation. Shown as
 * registered (NFKC form); unique and looked up by `key`, so look-alikes collide.
 */
export class Username {
  static readonly MIN_LENGTH = 3;
  static readonly MAX_LENGTH = 32;

  private constructor(
    /** NFKC form, as the user will see it. */
    readonly value: string,
    /** NFKC + case fold. Still stored (and unique) beside `key`, which is coarser. */
    readonly normalized: string,
    /** The canonical key: uniqueness and look-ups (`Username.keyOf`). Never shown. */
    readonly key: string,
  ) {}

  /** Validates and normalises; throws `ValidationError` without echoing the input. */
  static parse(raw: string): Username {
    const value = raw.normalize('NFKC');
    const length = [...value].length;
    if (length < Username.MIN_LENGTH || length > Username.MAX_LENGTH) {
      throw new ValidationError(
        `username must be ${Username.MIN_LENGTH} to ${Username.MAX_LENGTH} characters long`,
      );
    }
    if (!USERNAME_PATTERN.test(value)) {
      throw new ValidationError(
        'username may contain only letters, digits, dots, underscores and hyphens',
      );
    }
    return new Username(value, caseFolded(value), Username.keyOf(value));
  }

  /**
   * The canonical key of any identifier typed as a username (never throws): NFKC and case folded,
   * Latin small capitals as their letters, then the UTS #39 confusables skeleton (NFD, every
   * character replaced by its prototype from confusables.txt, NFD again) and case folded once
   * more, as some prototypes are capitals. Usernames that look alike get one key: `admin`,
   * `аdmin` (Cyrillic а), `admіn` (Cyrillic і), `admın` (dotless ı), `ᴀdmin`, `ADMIN`, `ａｄｍｉｎ`.
   * Internal only: a skeleton is not meant to be read (`admin` becomes `adrnin`).
   */
  static keyOf(raw: string): string {
    let folded = '';
    for (const char of caseFolded(raw))
      folded += SMALL_CAPITALS.get(char) ?? char;
    return unhomoglyph(folded.normalize('NFD'))
      .normalize('NFD')
      .toLowerCase()
      .normalize('NFD');
  }
}

/** NFKC with the case folded (lower case, then NFKC again: lowering can undo the composition). */
function caseFolded(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().normalize('NFKC');
}
