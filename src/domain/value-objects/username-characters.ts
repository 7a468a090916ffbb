import { USERNAME_PATTERN } from './username.js';

/**
 * Letters and digits whose NFKC form is not exactly one letter, digit, `.`, `_` or `-`: compatibility
 * characters that expand (`ĳ` → `ij`, `ﬁ` → `fi`, `Ⅳ` → `IV`) or leave the set (`ŀ` → `l·`,
 * `½` → `1⁄2`). Derived from the Unicode data (`username-characters.spec.ts` re-derives it);
 * normalisation mappings of assigned characters never change, so the list only grows with new
 * Unicode versions.
 */
/** One character of `USERNAME_PATTERN` (`[\p{L}\p{N}._-]`). */
const USERNAME_CHARACTER = USERNAME_PATTERN.source.replace(/^\^|\+\$$/g, '');

const NFKC_UNSTABLE = [
  '\\u00BC-\\u00BE\\u0132-\\u0133\\u013F-\\u0140\\u0149\\u01C4-\\u01CC\\u01F1-\\u01F3\\u037A\\u0587',
  '\\u0675-\\u0678\\u0958-\\u095F\\u09DC-\\u09DD\\u09DF\\u0A33\\u0A36\\u0A59-\\u0A5B\\u0A5E\\u0B5C-\\u0B5D',
  '\\u0E33\\u0EB3\\u0EDC-\\u0EDD\\u0F43\\u0F4D\\u0F52\\u0F57\\u0F5C\\u0F69\\u1E9A\\u2150-\\u215F',
  '\\u2161-\\u2163\\u2165-\\u2168\\u216A-\\u216B\\u2171-\\u2173\\u2175-\\u2178\\u217A-\\u217B\\u2189',
  '\\u2469-\\u249B\\u309F\\u30FF\\u3220-\\u3229\\u3251-\\u325F\\u32B1-\\u32BF\\uFB00-\\uFB06\\uFB13-\\uFB17',
  '\\uFB1D\\uFB1F\\uFB2A-\\uFB36\\uFB38-\\uFB3C\\uFB3E\\uFB40-\\uFB41\\uFB43-\\uFB44\\uFB46-\\uFB4F\\uFBDD',
  '\\uFBEA-\\uFBFB\\uFC00-\\uFD3D\\uFD50-\\uFD8F\\uFD92-\\uFDC7\\uFDF0-\\uFDFB\\uFE70-\\uFE72\\uFE74',
  '\\uFE76-\\uFE7F\\uFEF5-\\uFEFC\\uFF9E-\\uFF9F',
  // Literal characters, not a `\u{…}` escape: other regex dialects (Python's, which Schemathesis
  // generates with) know no such escape, and only these few are outside the BMP.
  '\u{1F100}-\u{1F10A}',
].join('');

/**
 * A username as typed on the wire: 3 to 32 of the characters `USERNAME_PATTERN` allows, none of them
 * changed by NFKC into anything else than one such character. Such a username keeps its length and
 * its alphabet through the domain's normalisation, so this one pattern (and the length) is the
 * whole rule: what the OpenAPI document states is exactly what registration accepts.
 */
export const TYPED_USERNAME_PATTERN = new RegExp(
  `^(?:(?![${NFKC_UNSTABLE}])${USERNAME_CHARACTER})+$`,
  'u',
);
