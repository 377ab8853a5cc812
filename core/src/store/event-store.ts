/**
 * Where events live. Embedded mode: DuckDB, a file in the data directory. Cluster mode: ClickHouse.
 *
 * The interface is narrow on purpose: write a batch, run one stats query of the shared query
 * model, and the few housekeeping calls. Both stores pass the same contract suite.
 */
import type { StoredEvent } from '../event/stored.ts';
import type { StatsQuery, Totals, TimeseriesPoint, BreakdownRow, Realtime, Interval, Dimension } from '../stats/model.ts';

/** A site's events of any kind and distinct visitors in a window. */
export interface SiteActivity {
  site_id: string;
  events: number;
  visitors: number;
}

export interface EventStore {
  /** Creates or upgrades tables. Idempotent. */
  migrate(): Promise<void>;
  /** Writes a batch of events and updates the rollups. Re-inserting an event id is a no-op. */
  insert(batch: StoredEvent[]): Promise<void>;

  totals(q: StatsQuery): Promise<Totals>;
  timeseries(q: StatsQuery, interval: Interval): Promise<TimeseriesPoint[]>;
  breakdown(q: StatsQuery, by: Dimension, limit: number): Promise<BreakdownRow[]>;
  /** Active visitors in [now - windowMs, now]. */
  realtime(siteId: string, now: number, windowMs: number): Promise<Realtime>;
  /** Events of any kind for a site in [from, to): the social-proof and "first event" checks use it. */
  countEvents(siteId: string | null, from: number, to: number): Promise<number>;
  /** Every site with an event in [from, to), ordered by site id: one query for all sites at once. */
  activity(from: number, to: number): Promise<SiteActivity[]>;

  deleteSite(siteId: string): Promise<void>;
  close(): Promise<void>;
}
