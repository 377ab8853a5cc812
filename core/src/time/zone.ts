/**
 * Time zone arithmetic with Intl only: offsets, local midnights, bucket starts and ISO formatting.
 *
 * Every function is pure. "Local" values are expressed as "local epoch ms": the wall-clock time
 * read as if it were UTC, so `local = instant + offset`.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type BucketInterval = 'hour' | 'day';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock time of an instant in a zone, as local epoch ms (whole seconds). */
function localEpochMs(instant: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  // Intl drops the era, so years before 1 CE would be wrong; analytics never goes there.
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** Offset of the zone from UTC at an instant, in ms (Berlin in winter: +3_600_000). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return localEpochMs(whole, timeZone) - whole;
}

/** 'YYYY-MM-DD' of the local day containing the instant. */
export function localDate(instant: number, timeZone: string): string {
  return new Date(instant + zoneOffsetMs(timeZone, instant)).toISOString().slice(0, 10);
}

/** Adds whole days to a 'YYYY-MM-DD' date (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The first instant of a local wall-clock time (as local epoch ms). When the wall-clock time
 * happens twice (autumn), the earlier instant; when it does not exist (a spring gap at that
 * time), the transition instant, which is the first instant at or after it.
 */
export function instantOfLocal(local: number, timeZone: string): number {
  const before = zoneOffsetMs(timeZone, local - DAY_MS);
  const after = zoneOffsetMs(timeZone, local + DAY_MS);
  const candidates = [local - before, local - after].filter((t) => zoneOffsetMs(timeZone, t) === local - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return local - before;
}

/** Local midnight of a 'YYYY-MM-DD' date in a zone (the day's first instant when midnight is skipped). */
export function localMidnight(date: string, timeZone: string): number {
  const local = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(local)) throw new RangeError(`not a date: ${JSON.stringify(date)}`);
  return instantOfLocal(local, timeZone);
}

/** Start of the local day containing the instant. */
export function startOfLocalDay(instant: number, timeZone: string): number {
  return localMidnight(localDate(instant, timeZone), timeZone);
}

/** Start of the local hour containing the instant (offsets such as +05:45 shift hours off UTC's). */
export function startOfLocalHour(instant: number, timeZone: string): number {
  const offset = zoneOffsetMs(timeZone, instant);
  return Math.floor((instant + offset) / HOUR_MS) * HOUR_MS - offset;
}

/** Start of the bucket containing the instant. */
export function bucketStart(instant: number, interval: BucketInterval, timeZone: string): number {
  return interval === 'day' ? startOfLocalDay(instant, timeZone) : startOfLocalHour(instant, timeZone);
}

/** Every bucket start covering [from, to), in order, with no holes (23- and 25-hour days included). */
export function bucketStarts(from: number, to: number, interval: BucketInterval, timeZone: string): number[] {
  const starts: number[] = [];
  if (!(from < to)) return starts;
  let start = bucketStart(from, interval, timeZone);
  while (start < to) {
    starts.push(start);
    start = nextBucketStart(start, interval, timeZone);
  }
  return starts;
}

function nextBucketStart(start: number, interval: BucketInterval, timeZone: string): number {
  if (interval === 'day') return localMidnight(addDays(localDate(start, timeZone), 1), timeZone);
  const next = startOfLocalHour(start + HOUR_MS, timeZone);
  // A change of the sub-hour offset (Lord Howe's 30-minute DST) may round back: never go backwards.
  return next > start ? next : start + HOUR_MS;
}

/** '2026-03-29T00:00:00+01:00': the instant as local time with the zone's offset at that instant. */
export function formatInZone(instant: number, timeZone: string): string {
  const offset = zoneOffsetMs(timeZone, instant);
  const local = new Date(instant + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

export interface OffsetSpan {
  /** first instant the offset applies (the range start for the first span) */
  from: number;
  offset: number;
}

/**
 * The zone's offsets over [from, to): one span per offset in effect, so SQL can turn UTC into
 * local time with a short CASE instead of a zone database. Assumes at most one transition per
 * 12 hours, which holds for every zone in the IANA database.
 */
export function offsetSpans(from: number, to: number, timeZone: string): OffsetSpan[] {
  const spans: OffsetSpan[] = [{ from, offset: zoneOffsetMs(timeZone, from) }];
  const step = 12 * HOUR_MS;
  let t = from;
  let current = spans[0]!.offset;
  while (t < to) {
    const next = Math.min(t + step, to);
    const offset = zoneOffsetMs(timeZone, next);
    if (offset !== current) {
      spans.push({ from: findTransition(t, next, timeZone, current), offset });
      current = offset;
    }
    t = next;
  }
  return spans.filter((s) => s.from < to || s === spans[0]);
}

/** First instant in (lo, hi] whose offset differs from `offset`, to the second. */
function findTransition(lo: number, hi: number, timeZone: string, offset: number): number {
  let a = Math.floor(lo / 1000) * 1000;
  let b = Math.ceil(hi / 1000) * 1000;
  while (b - a > 1000) {
    const mid = a + Math.floor((b - a) / 2000) * 1000;
    if (mid <= a) break;
    if (zoneOffsetMs(timeZone, mid) === offset) a = mid;
    else b = mid;
  }
  return b;
}
