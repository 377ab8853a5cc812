/**
 * From the stage into events and the sessions rollup, in one transaction.
 *
 * De-duplication: ids already stored are dropped from the stage first. Replays only ever carry
 * recent events, so the lookup reads only events inside the batch's own ts range, which the
 * zone maps on ts narrow to the newest row groups instead of the whole table.
 *
 * Sessions: the batch is aggregated per session first (DuckDB rejects ON CONFLICT when one
 * statement touches a key twice), then upserted. Every merged column is order-independent:
 * min/max of timestamps, sums of counts, the entry (exit) page of the earliest (latest)
 * pageview with ties broken by page, and the dimensions of the earliest event.
 */
import { STORED_EVENT_COLUMNS } from '../../event/stored.ts';
import { KEY_COLUMNS, SESSION_DIMENSION_COLUMNS, idKeySql } from './schema.ts';
import { tsMs } from './duckdb-literal.ts';

const CUSTOM = `name NOT IN ('pageview', 'engagement', 'click')`;

export function dropKnownIdsSql(minTs: number, maxTs: number): string {
  return `DELETE FROM stage WHERE id IN (SELECT id FROM events WHERE ts >= ${tsMs(minTs)} AND ts <= ${tsMs(maxTs)})`;
}

export const INSERT_EVENTS_SQL = `INSERT INTO events SELECT ${STORED_EVENT_COLUMNS.map((c) => (KEY_COLUMNS.has(c) ? idKeySql(c) : c)).join(', ')}
  FROM stage ORDER BY ts`;

const SESSION_COLUMNS = [
  'site_id', 'session_id', 'visitor_id', 'start_ts', 'end_ts', 'pageviews', 'events', 'engaged_ms',
  'entry_page', 'entry_ts', 'exit_page', 'exit_ts', ...SESSION_DIMENSION_COLUMNS,
];

const earlier = (col: string) => `CASE WHEN excluded.start_ts < sessions.start_ts THEN excluded.${col} ELSE sessions.${col} END`;

export const UPSERT_SESSIONS_SQL = `
INSERT INTO sessions (${SESSION_COLUMNS.join(', ')})
SELECT site_id, ${idKeySql('session_id')}, arg_min(${idKeySql('visitor_id')}, ts), min(ts), max(ts),
  count_if(name = 'pageview'), count_if(${CUSTOM}),
  coalesce(sum(engaged_ms) FILTER (WHERE name = 'engagement'), 0),
  coalesce(arg_min(page, (ts, page)) FILTER (WHERE name = 'pageview'), ''), min(ts) FILTER (WHERE name = 'pageview'),
  coalesce(arg_max(page, (ts, page)) FILTER (WHERE name = 'pageview'), ''), max(ts) FILTER (WHERE name = 'pageview'),
  ${SESSION_DIMENSION_COLUMNS.map((c) => `arg_min(${c}, ts)`).join(', ')}
FROM stage GROUP BY site_id, session_id
ON CONFLICT (site_id, session_id) DO UPDATE SET
  visitor_id = ${earlier('visitor_id')},
  start_ts = least(sessions.start_ts, excluded.start_ts),
  end_ts = greatest(sessions.end_ts, excluded.end_ts),
  pageviews = sessions.pageviews + excluded.pageviews,
  events = sessions.events + excluded.events,
  engaged_ms = sessions.engaged_ms + excluded.engaged_ms,
  entry_page = CASE WHEN sessions.entry_ts IS NULL OR excluded.entry_ts < sessions.entry_ts
      OR (excluded.entry_ts = sessions.entry_ts AND excluded.entry_page < sessions.entry_page)
    THEN excluded.entry_page ELSE sessions.entry_page END,
  entry_ts = least(sessions.entry_ts, excluded.entry_ts),
  exit_page = CASE WHEN sessions.exit_ts IS NULL OR excluded.exit_ts > sessions.exit_ts
      OR (excluded.exit_ts = sessions.exit_ts AND excluded.exit_page > sessions.exit_page)
    THEN excluded.exit_page ELSE sessions.exit_page END,
  exit_ts = greatest(sessions.exit_ts, excluded.exit_ts),
  ${SESSION_DIMENSION_COLUMNS.map((c) => `${c} = ${earlier(c)}`).join(',\n  ')}`;
