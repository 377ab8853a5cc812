/**
 * Text from the browser is untrusted: control characters (NUL included) break logs and some
 * stores, and lone UTF-16 surrogates are not encodable as UTF-8, so both are removed before
 * anything else looks at the payload.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitizeText(value: string): string {
  return value.replace(CONTROL, '').replace(LONE_SURROGATE, '').trim();
}

/**
 * The deepest a valid payload nests: batch array > event > props object > prop value. Anything
 * deeper is invalid anyway, and left as it is so that a body of 30,000 nested brackets cannot
 * exhaust the stack here; the schema then rejects it without descending.
 */
const MAX_DEPTH = 4;

/** Sanitises every string (object keys included) of a parsed JSON value. */
export function sanitizeJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => sanitizeJson(v, depth + 1));
  // fromEntries defines own properties, so a '__proto__' key stays a plain key
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [sanitizeText(k), sanitizeJson(v, depth + 1)]));
}
