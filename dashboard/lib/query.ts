/** Builds the stats API's query strings from the dashboard's state. */
import { serializeFilters, type Filter } from './filters.ts';
import type { RangeParams } from './range.ts';

export function statsQuery(site: string, range: RangeParams, filters: Filter[], extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ site, from: range.from });
  if (range.to) q.set('to', range.to);
  const filter = serializeFilters(filters);
  if (filter) q.set('filter', filter);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}
