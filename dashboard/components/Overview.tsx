'use client';
import { downloadCsv, slug, toCsv } from '../lib/csv.ts';
import type { Interval, Site, TimeseriesPoint, Totals } from '../lib/types.ts';
import { Metrics } from './Metrics.tsx';
import { Skeleton } from './Skeleton.tsx';
import { SnippetBox } from './SnippetBox.tsx';
import { TimeseriesChart } from './TimeseriesChart.tsx';

interface Props {
  site: Site;
  rangeLabel: string;
  totals: Totals | null;
  previous: Totals | null;
  statsError: string | null;
  retryStats(): void;
  updating: boolean;
  points: TimeseriesPoint[] | null;
  interval: Interval;
  seriesError: string | null;
  seriesLoading: boolean;
  retrySeries(): void;
  empty: boolean;
}

/** The top of the dashboard: key metrics with their change, and visitors over time. */
export function Overview(p: Props) {
  const exportSeries = () => {
    if (!p.points) return;
    const csv = toCsv(['time', 'visitors', 'visits', 'pageviews'], p.points.map((pt) => [pt.t, pt.visitors, pt.visits, pt.pageviews]));
    downloadCsv(`vigil-${slug(p.site.domain)}-timeseries-${p.interval}.csv`, csv);
  };
  return (
    <section className="card overview" aria-label="Overview">
      {p.statsError ? (
        <div className="state state-error" role="alert">
          <p style={{ margin: '0 0 0.5rem' }}>The totals could not be loaded: {p.statsError}</p>
          <button type="button" className="btn btn-small" onClick={p.retryStats}>
            Retry
          </button>
        </div>
      ) : (
        <Metrics totals={p.totals} previous={p.previous} />
      )}
      <div className="chart-wrap">
        <div className="chart-head">
          <h2 style={{ fontSize: '0.95rem' }}>
            Visitors and pageviews <span className="muted" style={{ fontWeight: 500 }}>· {p.rangeLabel}</span>
          </h2>
          {p.updating && (
            <span className="updating" role="status">
              <span className="spinner" aria-hidden="true" /> Updating
            </span>
          )}
          <span className="spacer" />
          <span className="legend" aria-hidden="true">
            <span>
              <i style={{ background: 'var(--chart-line)' }} />
              Visitors
            </span>
            <span>
              <i style={{ background: 'var(--chart-bar)' }} />
              Pageviews
            </span>
          </span>
          <button type="button" className="btn btn-ghost btn-small" onClick={exportSeries} disabled={!p.points?.length} aria-label="Export the time series as CSV">
            CSV
          </button>
        </div>
        {p.empty ? (
          <div className="state" style={{ textAlign: 'left', padding: '1.25rem 0.6rem' }} data-testid="empty-state">
            <h3 style={{ color: 'var(--text)', fontSize: '1rem', marginBottom: '0.35rem' }}>No visits in this period yet</h3>
            <p style={{ margin: '0 0 0.9rem' }}>
              Once this snippet is in the <code>&lt;head&gt;</code> of {p.site.domain}, visits show up here within a second.
            </p>
            <SnippetBox snippet={p.site.snippet} />
          </div>
        ) : p.seriesError ? (
          <div className="state state-error" role="alert">
            <p style={{ margin: '0 0 0.5rem' }}>The chart could not be loaded: {p.seriesError}</p>
            <button type="button" className="btn btn-small" onClick={p.retrySeries}>
              Retry
            </button>
          </div>
        ) : p.seriesLoading || !p.points ? (
          <Skeleton height={280} style={{ margin: '0.5rem 0.6rem', width: 'calc(100% - 1.2rem)' }} />
        ) : (
          <TimeseriesChart points={p.points} interval={p.interval} />
        )}
      </div>
    </section>
  );
}
