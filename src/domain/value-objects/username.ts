import unhomoglyph from 'unhomoglyph';
import { ValidationError } from '../errors/validation.error.js';

const USERNAME_PATTERN = /^[\p{L}\p{N}._-]+$/u;

/**
 * Every Latin letter named "LATIN LETTER SMALL CAPITAL <A–Z>" in the Unicode character database,
 * as the letter it is a small copy of. confusables.txt has no prototype for most of them (ᴀ, ʀ, ᴛ,
 * …: `ᴀdmin` would not collide with `admin`) and maps ᴋ and ᴍ to ĸ and ʍ; folding all 25 the same
 * way closes that gap. Not a look-alike table: the 25 letters Unicode itself names so.
 */
const SMALL_CAPITALS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ᴀ: 'a', // U+1D00
    ʙ: 'b', // U+0299
    ᴄ: 'c', // U+1D04
    ᴅ: 'd', // U+1D05
    ᴇ: 'e', // U+1D07
    ꜰ: 'f', // U+A730
    ɢ: 'g', // U+0262
    ʜ: 'h', // U+029C
    ɪ: 'i', // U+026A
    ᴊ: 'j', // U+1D0A
    ᴋ: 'k', // U+1D0B
    ʟ: 'l', // U+029F
    ᴍ: 'm', // U+1D0D
    ɴ: 'n', // U+0274
    ᴏ: 'o', // U+1D0F
    ᴘ: 'p', // U+1D18
    ꞯ: 'q', // U+A7AF
    ʀ: 'r', // U+0280
    ꜱ: 's', // U+A731
    ᴛ: 't', // U+1D1B
    ᴜ: 'u', // U+1D1C
    ᴠ: 'v', // U+1D20
    ᴡ: 'w', // U+1D21
    ʏ: 'y', // U+028F
    ᴢ: 'z', // U+1D22
  }),
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
