/**
 * Text from the browser is untrusted: control characters (NUL included) break logs and some
 * stores, and lone UTF-16 surrogates are not encodable as UTF-8, so both are removed before
 * anything else looks at the payload.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Anything the replacements or trim() could change; nearly all real text has none of it. */
// eslint-disable-next-line no-control-regex
const MAYBE_UNCLEAN = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ud800-\udfff\ufeff]/;

/** A string with no character in MAYBE_UNCLEAN comes back as the same string, unscanned twice. */
export function sanitizeText(value: string): string {
  if (!MAYBE_UNCLEAN.test(value)) return value;
  return value.replace(CONTROL, '').replace(LONE_SURROGATE, '').trim();
}

/**
 * Text `sanitizeText` would leave as it is: no control character, no surrogate (a paired one is
 * kept by the sanitiser but refused here, to keep this one scan), no white space at either end
 * (`\s` is the set trim() removes). True means `sanitizeText(value) === value`; false only means
 * "maybe not".
 */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]|^\s|\s$/;

export function isPlainText(value: string): boolean {
  return !NOT_PLAIN.test(value);
}

/**
 * The deepest a valid payload nests: batch array > event > props object > prop value. Anything
 * deeper is invalid anyway, and left as it is so that a body of 30,000 nested brackets cannot
 * exhaust the stack here; the schema then rejects it without descending.
 */
const MAX_DEPTH = 4;

/**
 * Sanitises every string (object keys included) of a parsed JSON value. Arrays and objects are
 * rebuilt only when something in them changed, so a clean payload costs one scan and no copies.
 */
export function sanitizeJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const clean = sanitizeJson(v, depth + 1);
      if (clean !== v && out === null) out = value.slice(0, i);
      out?.push(clean);
    }
    return out ?? value;
  }
  const entries = Object.entries(value);
  let changed = false;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const key = sanitizeText(entry[0]);
    const clean = sanitizeJson(entry[1], depth + 1);
    if (key !== entry[0] || clean !== entry[1]) {
      changed = true;
      entries[i] = [key, clean];
    }
  }
  // fromEntries defines own properties, so a '__proto__' key stays a plain key
  return changed ? Object.fromEntries(entries) : value;
}
