import { describe, expect, it } from 'vitest';
import { TYPED_USERNAME_PATTERN } from './username-characters.js';
import { USERNAME_PATTERN, Username } from './username.js';

/** Every code point (surrogates are no characters) as a one-character string. */
function* everyCharacter(): Generator<string> {
  for (let cp = 0; cp <= 0x10ffff; cp += 1) {
    if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
  }
}

describe('TYPED_USERNAME_PATTERN', () => {
  it('admits exactly the username characters NFKC maps to one username character', () => {
    const wronglyAdmitted: string[] = [];
    const wronglyRefused: string[] = [];
    for (const c of everyCharacter()) {
      if (!USERNAME_PATTERN.test(c)) {
        if (TYPED_USERNAME_PATTERN.test(c)) wronglyAdmitted.push(c);
        continue;
      }
      const nfkc = c.normalize('NFKC');
      const stable = [...nfkc].length === 1 && USERNAME_PATTERN.test(nfkc);
      if (TYPED_USERNAME_PATTERN.test(c) && !stable) wronglyAdmitted.push(c);
      if (!TYPED_USERNAME_PATTERN.test(c) && stable) wronglyRefused.push(c);
    }
    expect(wronglyAdmitted).toEqual([]);
    expect(wronglyRefused).toEqual([]);
  });

  it('a name it admits keeps its length through the domain, which accepts it', () => {
    for (const name of ['alice', 'Åsa_ĸ-09', 'Ωmega.x', 'łódź', '山田太郎']) {
      expect(TYPED_USERNAME_PATTERN.test(name), name).toBe(true);
      expect(Username.parse(name).value).toHaveLength([...name].length);
    }
    for (const name of ['ŀa', 'ﬁsh', 'ĳzer', 'x½y', 'a b', 'a@b']) {
      expect(TYPED_USERNAME_PATTERN.test(name), name).toBe(false);
    }
  });
});
