/** Test helper: seeded random strings full of what breaks quoting and encodings. */
import { seededRandom } from '@vigil/core/test/seeded-random';

/** a seeded PRNG, so a failing case can be replayed */
export const rng = seededRandom;

export const HOSTILE = [`'`, `''`, `\\`, `\\'`, `"`, '\0', '\n', '\r', '\t', '\b', '\f', '\x1a', '\x1f', '\x7f', ';', '--', '/*', '*/', '?', '{', '}', '%', '_', '\\N', 'ü', '€', '中', '😀', '𝔘', '\u2028', '\ufeff'];

export function randomString(next: () => number): string {
  const length = Math.floor(next() * 24);
  let s = '';
  for (let i = 0; i < length; i++) {
    const pick = next();
    if (pick < 0.5) s += HOSTILE[Math.floor(next() * HOSTILE.length)]!;
    else if (pick < 0.7) s += String.fromCharCode(32 + Math.floor(next() * 95));
    else if (pick < 0.9) {
      // any BMP code point outside the surrogate range
      let c = Math.floor(next() * 0xffff);
      if (c >= 0xd800 && c <= 0xdfff) c -= 0x800;
      s += String.fromCodePoint(c);
    } else s += String.fromCodePoint(0x10000 + Math.floor(next() * 0xfffff));
  }
  return s;
}
