/**
 * Breakdowns, ordered by visitors desc then value asc, `limit` rows:
 * - session dimensions group the session set on the rollup: visitors, visits, pageviews (sum of
 *   the sessions' pageviews), bounce_rate. An empty source shows as 'Direct / None'.
 * - page / hostname group pageview events in range: visitors, visits (distinct sessions),
 *   pageviews; page adds avg_engaged_s (engaged ms of engagement events on the page / pageviews
 *   / 1000) and avg_scroll_pct (mean over sessions of the max scroll on the page).
 * - event groups custom events: visitors, visits, events (count), pageviews 0 (from the
 *   event_visits rollup when the dialect has one, event-visits.ts).
 * Other empty values show as ''.
 */
import type { BreakdownRow, Dimension, StatsQuery } from '../model.ts';
import { DIRECT_SOURCE, isSessionDimension, type QueryPlan } from '../plan.ts';
import { ratio, round1 } from '../round.ts';
import { CUSTOM_EVENT, eventWhere, filterCondition, sessionWhere } from './conditions.ts';
import { toNumber, type Dialect, type Rendered, type Row } from './dialect.ts';
import { eventVisitsAnswer, eventVisitsSql } from './event-visits.ts';
import { pairsFromRollup, pairsSql } from './page-visits.ts';
import { pageDaysTopPagesSql, topPagesSql } from './top-pages.ts';
import { edgeVisitorRowsBounds, sessionGroupKey, sessionVisitorsSql, visitorOfDays, wholeVisitorDays } from './daily-visitors.ts';
import { edgeRanges, sessionDaysOf, sessionDaysRowsWhere } from './session-days.ts';

export const MAX_BREAKDOWN_LIMIT = 1000;

export function renderBreakdown(q: StatsQuery, by: Dimension, limit: number, plan: QueryPlan, D: Dialect): Rendered<BreakdownRow[]> {
  const n = D.lit.num(Math.max(1, Math.min(MAX_BREAKDOWN_LIMIT, Math.floor(limit))));
  if (isSessionDimension(by)) return sessionBreakdown(q, by, n, plan, D);
  if (by === 'event') return eventBreakdown(q, n, plan, D);
  return pageBreakdown(q, by, n, plan, D);
}

const ORDER = 'ORDER BY visitors DESC, value ASC';

function sessionBreakdown(q: StatsQuery, by: Dimension, limit: string, plan: QueryPlan, D: Dialect): Rendered<BreakdownRow[]> {
  const direct = D.lit.str(DIRECT_SOURCE);
  // Sources group on '' for direct visits (a short string groups several times faster than the
  // label), with a literal 'Direct / None' source folded into the same group, and take the label
  // once per group.
  const key = sessionGroupKey(by, direct);
  const visitors = sessionVisitorsSql(q, plan, D, { groupedBy: by });
  const value = by === 'source' ? `CASE WHEN grouped = '' THEN ${direct} ELSE grouped END` : 'grouped';
  // The sum is named views, not pageviews: ClickHouse resolves a name to a SELECT alias before a
  // column, so `sum(pageviews) AS pageviews` would turn the countIf below into an aggregate of one.
  const groups = (where: string) => `SELECT ${key} AS grouped, ${visitors} AS visitors, count(*) AS visits, sum(pageviews) AS views,
          ${D.countIf('pageviews <= 1')} AS bounces
        FROM ${D.sessionsTable} WHERE ${where} GROUP BY grouped`;
  const days = sessionDaysOf(q, plan, D, { allEndInside: false, groupedBy: by });
  // Whole days from session_days (kept under the same grouping key), the edge days from sessions;
  // a value whose sessions all moved away (an exit page) keeps a row of zeros there, left out.
  const grouped = days === null ? groups(sessionWhere(q, plan, D)) : `SELECT grouped, sum(visitors) AS visitors, sum(visits) AS visits,
        sum(views) AS views, sum(bounces) AS bounces FROM (
          ${edgeRanges(q, days).map((edge) => `${groups(sessionWhere(edge, plan, D))} UNION ALL `).join('')}SELECT value AS grouped, visitors, visits, pageviews AS views, bounces
          FROM ${D.sessionDaysTable} WHERE ${sessionDaysRowsWhere(q, days, D, { everyValue: true })}
        ) AS parts GROUP BY grouped HAVING sum(visits) > 0`;
  return {
    sql: `SELECT ${value} AS value, visitors, visits, views, bounces FROM (${grouped}) AS groups ${ORDER} LIMIT ${limit}`,
    shape: (rows) => rows.map((r) => {
      const visits = toNumber(r.visits);
      return { ...base(r), visits, pageviews: toNumber(r.views), bounce_rate: round1(100 * ratio(toNumber(r.bounces), visits)) };
    }),
  };
}

function pageBreakdown(q: StatsQuery, by: Dimension, limit: string, plan: QueryPlan, D: Dialect): Rendered<BreakdownRow[]> {
  const where = eventWhere(q, plan, D);
  if (by !== 'page') {
    return {
      sql: `SELECT ${by} AS value, ${D.uniq('visitor_id')} AS visitors, ${D.uniq('session_id')} AS visits, count(*) AS pageviews
        FROM ${D.eventsTable} WHERE ${where} AND name = 'pageview' GROUP BY value ${ORDER} LIMIT ${limit}`,
      shape: (rows) => rows.map(base),
    };
  }
  // Per (session, page) first, then per page (page-visits.ts). A session has one visitor, so
  // visitors per page are the distinct visitors of its sessions.
  return {
    sql: pageRowsSql(q, limit, plan, D),
    shape: (rows) => rows.map((r) => ({
      ...base(r),
      avg_engaged_s: round1(ratio(toNumber(r.engaged_ms), toNumber(r.pageviews)) / 1000),
      avg_scroll_pct: round1(toNumber(r.avg_scroll)),
    })),
  };
}

/**
 * SELECT value, visitors, visits, pageviews, engaged_ms, avg_scroll: from page_days and the edge
 * visitors' pairs where the store has daily visitors (daily-visitors.ts), else from page_visits
 * pairs with visitors counted only for pages that can place, else from pairs grouped from events.
 */
function pageRowsSql(q: StatsQuery, limit: string, plan: QueryPlan, D: Dialect): string {
  const days = pairsFromRollup(plan, D) && D.pageDaysTable !== undefined ? wholeVisitorDays(q, plan, D) : null;
  if (days !== null) {
    const site = `site_id = ${D.lit.str(q.siteId)}`;
    const pageConds = plan.eventFilters.map((f) => filterCondition(f, 'page', D));
    const wholeDays = `SELECT page, visitors, visits, pageviews, engaged_ms, scroll_sum, scroll_pairs FROM ${D.pageDaysTable}
      WHERE ${[site, `day >= ${D.lit.num(days.first)}`, `day < ${D.lit.num(days.end)}`, ...pageConds].join(' AND ')}`;
    const edge = pairsSql(q, plan, D, { edgeVisitors: { visitor: `NOT (${visitorOfDays(days, 'visitor_id', D)})`, ...edgeVisitorRowsBounds(days, plan) } });
    return pageDaysTopPagesSql(wholeDays, edge, limit, D);
  }
  const pairs = pairsSql(q, plan, D);
  return pairsFromRollup(plan, D) ? topPagesSql(pairs, limit, D) : `SELECT page AS value, ${D.uniq(`CASE WHEN views > 0 THEN visitor END`)} AS visitors, ${D.countIf('views > 0')} AS visits,
        sum(views) AS pageviews, sum(engaged) AS engaged_ms, avg(CASE WHEN reports > 0 THEN max_scroll END) AS avg_scroll
      FROM (${pairs}) AS pairs GROUP BY page HAVING sum(views) > 0 ${ORDER} LIMIT ${limit}`;
}

function eventBreakdown(q: StatsQuery, limit: string, plan: QueryPlan, D: Dialect): Rendered<BreakdownRow[]> {
  const shape = (rows: Row[]) => rows.map((r) => ({ ...base(r), pageviews: 0, events: toNumber(r.events) }));
  if (eventVisitsAnswer(plan, D)) {
    return {
      sql: `SELECT name AS value, ${D.uniq('visitor_id')} AS visitors, ${D.uniq('session_id')} AS visits, sum(n) AS events
        FROM (${eventVisitsSql(q, plan, D)}) AS event_rows GROUP BY name ${ORDER} LIMIT ${limit}`,
      shape,
    };
  }
  return {
    sql: `SELECT name AS value, ${D.uniq('visitor_id')} AS visitors, ${D.uniq('session_id')} AS visits, count(*) AS events
      FROM ${D.eventsTable} WHERE ${eventWhere(q, plan, D)} AND ${CUSTOM_EVENT} GROUP BY value ${ORDER} LIMIT ${limit}`,
    shape,
  };
}

function base(r: Row): BreakdownRow {
  return { value: String(r.value ?? ''), visitors: toNumber(r.visitors), visits: toNumber(r.visits), pageviews: toNumber(r.pageviews) };
}
