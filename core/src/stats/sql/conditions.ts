/**
 * The WHERE clauses every stats query shares.
 *
 * - The session set ("visits"): sessions of the site that started in [from, to), matching the
 *   session-dimension filters, and, when there are event-level filters (page, hostname, event),
 *   having at least one event in [from, to) that matches all of them at once.
 * - The counted events: events of the site with ts in [from, to), matching the session-dimension
 *   filters (events carry the session's values), restricted to the qualifying sessions when there
 *   are event-level filters, and then to events matching the page/hostname filters.
 * 'is' is "any of the values", 'is_not' is its negation.
 */
import type { Filter, StatsQuery } from '../model.ts';
import { DIRECT_SOURCE, eventColumn, type QueryPlan } from '../plan.ts';
import type { Dialect } from './dialect.ts';

export function filterCondition(f: Filter, column: string, D: Dialect): string {
  // Breakdowns show a direct visit's empty source as 'Direct / None', so filtering on it works too.
  const values = f.dimension === 'source' ? f.values.map((v) => (v === DIRECT_SOURCE ? '' : v)) : f.values;
  return `${column} ${f.op === 'is' ? 'IN' : 'NOT IN'} ${D.lit.strList(values)}`;
}

function all(conds: string[]): string {
  return conds.join(' AND ');
}

export function siteAndRange(column: string, siteId: string, from: number, to: number, D: Dialect): string[] {
  return [`site_id = ${D.lit.str(siteId)}`, `${column} >= ${D.lit.tsMs(from)}`, `${column} < ${D.lit.tsMs(to)}`];
}

/** Session filters applied to the events table (entry/exit pages are not on events). */
export function sessionFiltersOnEvents(plan: QueryPlan, D: Dialect): string[] {
  return plan.sessionFilters
    .filter((f) => f.dimension !== 'entry_page' && f.dimension !== 'exit_page')
    .map((f) => filterCondition(f, f.dimension, D));
}

/** Sessions with at least one event in range matching every event-level filter. */
function matchingSessionIds(q: StatsQuery, plan: QueryPlan, D: Dialect): string {
  const conds = [
    ...siteAndRange('ts', q.siteId, q.from, q.to, D),
    ...sessionFiltersOnEvents(plan, D),
    ...plan.eventFilters.map((f) => filterCondition(f, eventColumn(f.dimension), D)),
  ];
  return `SELECT session_id FROM ${D.eventsTable} WHERE ${all(conds)}`;
}

/** WHERE for the sessions rollup: the session set of the query. */
export function sessionWhere(q: StatsQuery, plan: QueryPlan, D: Dialect): string {
  const conds = [...siteAndRange('start_ts', q.siteId, q.from, q.to, D), ...plan.sessionFilters.map((f) => filterCondition(f, f.dimension, D))];
  if (plan.eventFilters.length > 0) conds.push(`session_id IN (${matchingSessionIds(q, plan, D)})`);
  return all(conds);
}

/** WHERE for the events counted by the query (pageviews, custom events, scroll, page rows). */
export function eventWhere(q: StatsQuery, plan: QueryPlan, D: Dialect, range: { from: number; to: number } = q): string {
  const conds = [...siteAndRange('ts', q.siteId, range.from, range.to, D), ...sessionFiltersOnEvents(plan, D)];
  if (plan.entryExitFilters.length > 0) {
    const entryExit = plan.entryExitFilters.map((f) => filterCondition(f, f.dimension, D));
    conds.push(`session_id IN (SELECT session_id FROM ${D.sessionsTable} WHERE site_id = ${D.lit.str(q.siteId)} AND ${all(entryExit)})`);
  }
  if (plan.eventFilters.length > 0) {
    conds.push(`session_id IN (${matchingSessionIds(q, plan, D)})`);
    for (const f of plan.eventFilters) if (f.dimension !== 'event') conds.push(filterCondition(f, eventColumn(f.dimension), D));
  }
  return all(conds);
}

/** SQL for isCustomEvent(name): custom events and outbound clicks. */
export const CUSTOM_EVENT = `name NOT IN ('pageview', 'engagement', 'click')`;
