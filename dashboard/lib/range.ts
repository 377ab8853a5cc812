/**
 * The date ranges the dashboard offers, turned into the API's `from`/`to`/`interval`, always in
 * the site's time zone (date-only bounds are local midnights there; a date `to` is inclusive).
 */
import type { Interval } from './types.ts';
import { addDays, addMonths, dateInZone, isDate } from './zone.ts';

export const RANGES = [
  { key: 'today', label: 'Today' },
  { key: '24h', label: 'Last 24 hours' },
  { key: '7d', label: 'Last 7 days' },
  { key: '30d', label: 'Last 30 days' },
  { key: '12mo', label: 'Last 12 months' },
  { key: 'custom', label: 'Custom range' },
] as const;
export type RangeKey = (typeof RANGES)[number]['key'];

export const DEFAULT_RANGE: RangeKey = '7d';

export interface RangeChoice {
  key: RangeKey;
  /** custom only: inclusive local dates */
  from?: string;
  to?: string;
}

export interface RangeParams {
  from: string;
  to?: string;
  interval: Interval;
  /** the range runs up to now, so live counts belong in it */
  live: boolean;
}

export function isRangeKey(text: string | null): text is RangeKey {
  return RANGES.some((r) => r.key === text);
}

export function rangeParams(choice: RangeChoice, timeZone: string, now: number): RangeParams {
  const today = dateInZone(now, timeZone);
  switch (choice.key) {
    case 'today':
      return { from: today, interval: 'hour', live: true };
    case '24h':
      return { from: new Date(now - 24 * 3600 * 1000).toISOString(), interval: 'hour', live: true };
    case '30d':
      return { from: addDays(today, -29), interval: 'day', live: true };
    case '12mo':
      return { from: addDays(addMonths(today, -12), 1), interval: 'day', live: true };
    case 'custom': {
      const from = isDate(choice.from ?? null) ? choice.from! : addDays(today, -6);
      const to = isDate(choice.to ?? null) && choice.to! >= from ? choice.to! : today;
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
      return { from, to, interval: days <= 2 ? 'hour' : 'day', live: to >= today };
    }
    case '7d':
    default:
      return { from: addDays(today, -6), interval: 'day', live: true };
  }
}

export function rangeLabel(choice: RangeChoice): string {
  if (choice.key === 'custom' && choice.from && choice.to) return `${choice.from} – ${choice.to}`;
  return RANGES.find((r) => r.key === choice.key)?.label ?? '';
}
