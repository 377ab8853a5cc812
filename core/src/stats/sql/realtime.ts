/**
 * Realtime: distinct visitors with any event in [now - windowMs, now]; pages: distinct visitors
 * per page from pageview and engagement events in the window, top 10.
 */
import type { Realtime } from '../model.ts';
import { toNumber, type Dialect, type Rendered } from './dialect.ts';

export const REALTIME_TOP_PAGES = 10;

export function renderRealtime(siteId: string, now: number, windowMs: number, D: Dialect): Rendered<Realtime> {
  const where = `site_id = ${D.lit.str(siteId)} AND ts >= ${D.lit.tsMs(now - windowMs)} AND ts <= ${D.lit.tsMs(now)}`;
  const active = `SELECT '' AS value, ${D.uniq('visitor_id')} AS visitors, 0 AS kind FROM ${D.eventsTable} WHERE ${where}`;
  const pages = `SELECT value, visitors, 1 AS kind FROM (
      SELECT page AS value, ${D.uniq('visitor_id')} AS visitors FROM ${D.eventsTable}
      WHERE ${where} AND name IN ('pageview', 'engagement') GROUP BY page ORDER BY visitors DESC, value ASC LIMIT ${REALTIME_TOP_PAGES}
    ) AS top`;
  return {
    sql: `${active} UNION ALL ${pages}`,
    shape(rows) {
      const pageRows = rows.filter((r) => toNumber(r.kind) === 1)
        .map((r) => ({ value: String(r.value ?? ''), active_visitors: toNumber(r.visitors) }))
        .sort((a, b) => b.active_visitors - a.active_visitors || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      return { active_visitors: toNumber(rows.find((r) => toNumber(r.kind) === 0)?.visitors), pages: pageRows };
    },
  };
}

export function renderCountEvents(siteId: string | null, from: number, to: number, D: Dialect): Rendered<number> {
  const site = siteId === null ? '' : `site_id = ${D.lit.str(siteId)} AND `;
  return {
    sql: `SELECT count(*) AS n FROM ${D.eventsTable} WHERE ${site}ts >= ${D.lit.tsMs(from)} AND ts < ${D.lit.tsMs(to)}`,
    shape: (rows) => toNumber(rows[0]?.n),
  };
}
