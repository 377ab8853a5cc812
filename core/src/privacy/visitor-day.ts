/**
 * A visitor id names the UTC day of the salt it was hashed under: 16 hex digits, the first 4 the
 * day number (days since 1970-01-01, good until 2149) and the other 12 the keyed hash.
 *
 * Why the day is in the id: a visitor id lives one day (a visit running past midnight keeps it,
 * see the session step), so every session of a visitor starts on the day its id names. A store
 * that checks this of every session it keeps can count the distinct visitors of whole days by
 * counting each visitor's first session, instead of de-duplicating millions of ids per query
 * (core/src/stats/sql/daily-visitors.ts). The day adds nothing an event's own timestamp does not
 * already tell; 48 bits of hash keep ids apart (two of a million visitors of one site on one day
 * share an id with odds of about 1 in 560).
 */
export const DAY_MS = 86_400_000;

const MAX_DAY = 0xffff;

/** Days since 1970-01-01 of the UTC day containing `ms`. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The id of day `day` from a keyed hash in hex (its first 12 digits are used). */
export function visitorIdOfDay(day: number, hashHex: string): string {
  if (!Number.isInteger(day) || day < 0 || day > MAX_DAY) throw new RangeError(`visitor id day out of range: ${day}`);
  if (!/^[0-9a-f]{12}/.test(hashHex)) throw new TypeError('visitorIdOfDay needs at least 12 lowercase hex digits');
  return day.toString(16).padStart(4, '0') + hashHex.slice(0, 12);
}

/** The day number an id names, or null for an id of another shape. */
export function dayOfVisitorId(id: string): number | null {
  return /^[0-9a-f]{16}$/.test(id) ? Number.parseInt(id.slice(0, 4), 16) : null;
}
