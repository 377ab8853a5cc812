/**
 * Which table answers what. Session dimensions live on the sessions rollup (and, copied from the
 * session's first event, on every event); page, hostname and event only exist per event.
 */
import { SESSION_DIMENSIONS, type Dimension, type Filter, type StatsQuery } from './model.ts';

export interface QueryPlan {
  /** filters the sessions rollup answers directly */
  sessionFilters: Filter[];
  /** page / hostname / event filters: a session qualifies if one of its events matches them all */
  eventFilters: Filter[];
  /** entry_page / exit_page filters: events do not carry them, so events go through sessions */
  entryExitFilters: Filter[];
  /**
   * the longest [first_ts, last_ts] of any page_visits row of the site (ms), from a store that
   * keeps the rollup: rows crossing a range edge lie within this distance of it
   */
  pageVisitSpanMs?: number;
  /**
   * the longest [start_ts, end_ts] of any session of the site (ms), from a store whose sessions
   * rollup it can vouch for: with it, totals count the events of sessions lying wholly inside
   * the range from the rollup and rebuild only the sessions crossing an edge from events
   */
  sessionSpanMs?: number;
  /**
   * the sessions rollup carries scroll_sum / scroll_pages (its engaged pages' max scroll, summed
   * and counted): with sessionSpanMs, totals take the scroll depth of sessions lying inside the
   * range from there and read page_visits only for the sessions crossing an edge
   */
  sessionScroll?: boolean;
  /**
   * every session of the site starts on the UTC day its visitor id names, the sessions rollup
   * carries first_of flags and the store keeps page_days and session_days: visitors are counted
   * from them rather than de-duplicated where that is exact (sql/daily-visitors.ts), and whole
   * days of sessions are read from session_days (sql/session-days.ts)
   */
  dailyVisitors?: boolean;
}

export function planQuery(q: StatsQuery): QueryPlan {
  return {
    sessionFilters: q.filters.filter((f) => SESSION_DIMENSIONS.has(f.dimension)),
    eventFilters: q.filters.filter((f) => !SESSION_DIMENSIONS.has(f.dimension)),
    entryExitFilters: q.filters.filter((f) => f.dimension === 'entry_page' || f.dimension === 'exit_page'),
  };
}

/** The events column holding a dimension ('event' is the event name). */
export function eventColumn(d: Dimension): string {
  return d === 'event' ? 'name' : d;
}

/** Whether a dimension is grouped from the sessions rollup in a breakdown. */
export function isSessionDimension(d: Dimension): boolean {
  return SESSION_DIMENSIONS.has(d);
}

/** The label the API shows for a direct visit's empty source. */
export const DIRECT_SOURCE = 'Direct / None';
