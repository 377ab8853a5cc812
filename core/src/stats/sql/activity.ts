/**
 * Activity per site in [from, to): every site with an event in the window, its event count and
 * distinct visitors, in one pass over all sites (the services list and the public numbers ask
 * this for every site at once).
 */
import type { SiteActivity } from '../../store/event-store.ts';
import { toNumber, type Dialect, type Rendered } from './dialect.ts';

export function renderActivity(from: number, to: number, D: Dialect): Rendered<SiteActivity[]> {
  return {
    sql: `SELECT site_id, count(*) AS events, ${D.uniq('visitor_id')} AS visitors FROM ${D.eventsTable}
      WHERE ts >= ${D.lit.tsMs(from)} AND ts < ${D.lit.tsMs(to)} GROUP BY site_id ORDER BY site_id`,
    shape: (rows) => rows.map((r) => ({ site_id: String(r.site_id), events: toNumber(r.events), visitors: toNumber(r.visitors) })),
  };
}
