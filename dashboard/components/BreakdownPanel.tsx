'use client';
import { useState } from 'react';
import { api } from '../lib/api.ts';
import { countryFlag, countryName } from '../lib/country.ts';
import { downloadCsv, slug, toCsv } from '../lib/csv.ts';
import { DIMENSION_LABELS } from '../lib/dimensions.ts';
import type { Filter } from '../lib/filters.ts';
import { formatCount, formatDuration, formatPercent } from '../lib/format.ts';
import { statsQuery } from '../lib/query.ts';
import type { RangeParams } from '../lib/range.ts';
import type { BreakdownReply, BreakdownRow, Dimension } from '../lib/types.ts';
import { useApi } from '../lib/use-api.ts';
import { SkeletonRows } from './Skeleton.tsx';
import { Tabs } from './Tabs.tsx';

interface Column {
  label: string;
  value(row: BreakdownRow): string;
}

const visitors: Column = { label: 'Visitors', value: (r) => formatCount(r.visitors) };
const COLUMNS: Partial<Record<Dimension, Column[]>> = {
  page: [
    visitors,
    { label: 'Views', value: (r) => formatCount(r.pageviews) },
    { label: 'Engaged', value: (r) => (r.avg_engaged_s === undefined ? '–' : formatDuration(r.avg_engaged_s)) },
    { label: 'Scroll', value: (r) => (r.avg_scroll_pct === undefined ? '–' : formatPercent(r.avg_scroll_pct)) },
  ],
  entry_page: [visitors, { label: 'Bounce', value: (r) => (r.bounce_rate === undefined ? '–' : formatPercent(r.bounce_rate)) }],
  exit_page: [visitors, { label: 'Visits', value: (r) => formatCount(r.visits) }],
  event: [visitors, { label: 'Events', value: (r) => formatCount(r.events ?? 0) }],
  channel: [visitors, { label: 'Bounce', value: (r) => (r.bounce_rate === undefined ? '–' : formatPercent(r.bounce_rate)) }],
  source: [visitors, { label: 'Bounce', value: (r) => (r.bounce_rate === undefined ? '–' : formatPercent(r.bounce_rate)) }],
};

/** columns a 360 px phone has room for next to the label */
const PHONE_COLUMNS = 2;

const EMPTY_VALUE: Partial<Record<Dimension, string>> = {
  source: 'Direct / none',
  channel: 'Direct',
  referrer: 'Direct / none',
  country: 'Unknown',
};

export function rowLabel(dimension: Dimension, value: string): string {
  if (value === '') return EMPTY_VALUE[dimension] ?? '(none)';
  return dimension === 'country' ? countryName(value) : value;
}

export interface PanelTab {
  dimension: Dimension;
  label: string;
}

interface Props {
  title: string;
  tabs: PanelTab[];
  siteId: string;
  domain: string;
  range: RangeParams;
  filters: Filter[];
  refresh: number;
  onFilter(dimension: Dimension, value: string): void;
}

/** One breakdown card: tabs over dimensions, rows that filter the dashboard, CSV export. */
export function BreakdownPanel({ title, tabs, siteId, domain, range, filters, refresh, onFilter }: Props) {
  const [dimension, setDimension] = useState<Dimension>(tabs[0]!.dimension);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const query = statsQuery(siteId, range, filters, { by: dimension, limit: '10' });
  // after the headline numbers and the chart, which the page leads with
  const { data, error, loading, updating, retry } = useApi<BreakdownReply>(`/api/stats/breakdown?${query}`, refresh, { yieldFirst: true });
  // after a tab switch the previous tab's rows are not this tab's: show the skeleton instead
  const rows = data && data.by === dimension ? data.rows : null;
  const columns = COLUMNS[dimension] ?? [visitors];
  const measure = (r: BreakdownRow) => (dimension === 'event' ? (r.events ?? 0) : r.visitors);
  const max = Math.max(1, ...(rows ?? []).map(measure));
  const idPrefix = `bd-${slug(title)}`;
  const active = tabs.find((t) => t.dimension === dimension)!;
  const filtered = new Set(filters.filter((f) => f.dimension === dimension && f.op === 'is').flatMap((f) => f.values));

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const all = await api<BreakdownReply>(`/api/stats/breakdown?${statsQuery(siteId, range, filters, { by: dimension, limit: '1000' })}`);
      const extra = (['events', 'avg_engaged_s', 'avg_scroll_pct', 'bounce_rate'] as const).filter((k) => all.rows.some((r) => r[k] !== undefined));
      const csv = toCsv(
        [dimension, 'visitors', 'visits', 'pageviews', ...extra],
        all.rows.map((r) => [r.value, r.visitors, r.visits, r.pageviews, ...extra.map((k) => r[k])]),
      );
      downloadCsv(`vigil-${slug(domain)}-${dimension}-${range.from.slice(0, 10)}.csv`, csv);
    } catch (err) {
      setExportError((err as Error).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="card panel" aria-labelledby={`${idPrefix}-title`} data-panel={slug(title)}>
      <div className="panel-head">
        <h2 id={`${idPrefix}-title`}>{title}</h2>
        {updating && (
          <span className="updating" role="status">
            <span className="spinner" aria-hidden="true" /> Updating
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="btn btn-ghost btn-small" onClick={exportCsv} disabled={exporting || !rows?.length} aria-label={`Export ${active.label} as CSV`}>
          {exporting ? 'Exporting…' : 'CSV'}
        </button>
      </div>
      <Tabs<Dimension> tabs={tabs.map((t) => ({ key: t.dimension, label: t.label }))} value={dimension} onChange={setDimension} label={`${title} by`} idPrefix={idPrefix} />
      <div
        id={`${idPrefix}-panel`}
        role={tabs.length > 1 ? 'tabpanel' : undefined}
        aria-labelledby={tabs.length > 1 ? `${idPrefix}-tab-${dimension}` : undefined}
        aria-busy={loading || updating}
        style={{ marginTop: tabs.length > 1 ? '0.6rem' : 0, opacity: updating ? 0.6 : 1, transition: 'opacity 150ms' }}
      >
        {exportError && (
          <p className="state state-error" role="alert">
            Export failed: {exportError}
          </p>
        )}
        {error ? (
          <div className="state state-error" role="alert">
            <p style={{ margin: '0 0 0.5rem' }}>{active.label} could not be loaded: {error}</p>
            <button type="button" className="btn btn-small" onClick={retry}>
              Retry
            </button>
          </div>
        ) : loading || rows === null ? (
          <SkeletonRows rows={5} />
        ) : rows.length === 0 ? (
          <p className="state">No data for this period.</p>
        ) : (
          <>
            <div className="list-head" style={{ ['--cols' as string]: columns.length, ['--cols-sm' as string]: Math.min(columns.length, PHONE_COLUMNS) }} aria-hidden="true">
              <span>{DIMENSION_LABELS[dimension]}</span>
              {columns.map((c, i) => (
                <span key={c.label} className={i >= PHONE_COLUMNS ? 'extra' : undefined}>
                  {c.label}
                </span>
              ))}
            </div>
            <ul className="list" aria-label={`${active.label}: top ${rows.length}`}>
              {rows.map((r) => {
                const label = rowLabel(dimension, r.value);
                const canFilter = r.value !== '' && !filtered.has(r.value);
                return (
                  <li key={r.value}>
                    <button
                      type="button"
                      className="list-row"
                      style={{ ['--cols' as string]: columns.length, ['--cols-sm' as string]: Math.min(columns.length, PHONE_COLUMNS) }}
                      onClick={() => canFilter && onFilter(dimension, r.value)}
                      aria-disabled={canFilter ? undefined : true}
                      data-value={r.value}
                    >
                      <span className="bar" style={{ width: `${(measure(r) / max) * 100}%` }} aria-hidden="true" />
                      <span className="row-label" title={r.value}>
                        {dimension === 'country' && (
                          <span className="row-flag" aria-hidden="true">
                            {countryFlag(r.value)}
                          </span>
                        )}
                        {canFilter && <span className="sr-only">Filter by {DIMENSION_LABELS[dimension]}: </span>}
                        {label}
                      </span>
                      {columns.map((c, i) => (
                        <span className={i >= PHONE_COLUMNS ? 'num extra' : 'num'} key={c.label}>
                          <span className="sr-only">{c.label} </span>
                          {c.value(r)}
                        </span>
                      ))}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
