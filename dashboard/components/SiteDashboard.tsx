'use client';
/**
 * One site's dashboard. The URL holds the view (`?range=7d&filter=country%3D%3DUS`), so it can be
 * shared and reloaded. Every panel loads on its own; live messages move the realtime panel at
 * once, nudge the current-period numbers, and trigger a quiet refetch at most every few seconds.
 */
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { loadSite } from '../lib/site-record.ts';
import { parseFilters, serializeFilters, withFilter, withoutFilter, type Filter } from '../lib/filters.ts';
import { DEFAULT_RANGE, isRangeKey, rangeLabel, rangeParams, type RangeChoice } from '../lib/range.ts';
import { statsQuery } from '../lib/query.ts';
import type { Dimension, LiveUpdate, Realtime, Site, StatsReply, TimeseriesReply, Totals } from '../lib/types.ts';
import { useApi } from '../lib/use-api.ts';
import { useLive } from '../lib/use-live.ts';
import { useTrailingThrottle } from '../lib/use-throttled.ts';
import { dateInZone } from '../lib/zone.ts';
import { BreakdownPanel, type PanelTab } from './BreakdownPanel.tsx';
import { FilterChips } from './FilterChips.tsx';
import { Overview } from './Overview.tsx';
import { RangePicker } from './RangePicker.tsx';
import { RealtimePanel, type FeedEntry } from './RealtimePanel.tsx';
import { Skeleton } from './Skeleton.tsx';

const REFETCH_MS = 4000;
const FEED_SIZE = 40;

const PANELS: { title: string; tabs: PanelTab[] }[] = [
  {
    title: 'Pages',
    tabs: [
      { dimension: 'page', label: 'Top pages' },
      { dimension: 'entry_page', label: 'Entry pages' },
      { dimension: 'exit_page', label: 'Exit pages' },
    ],
  },
  {
    title: 'Sources',
    tabs: [
      { dimension: 'channel', label: 'Channels' },
      { dimension: 'source', label: 'Sources' },
      { dimension: 'referrer', label: 'Referrers' },
      { dimension: 'utm_source', label: 'UTM source' },
      { dimension: 'utm_medium', label: 'UTM medium' },
      { dimension: 'utm_campaign', label: 'UTM campaign' },
      { dimension: 'utm_term', label: 'UTM term' },
      { dimension: 'utm_content', label: 'UTM content' },
    ],
  },
  { title: 'Countries', tabs: [{ dimension: 'country', label: 'Countries' }] },
  {
    title: 'Devices',
    tabs: [
      { dimension: 'browser', label: 'Browsers' },
      { dimension: 'os', label: 'Operating systems' },
      { dimension: 'device', label: 'Devices' },
    ],
  },
  {
    title: 'Screens and languages',
    tabs: [
      { dimension: 'screen', label: 'Screen sizes' },
      { dimension: 'language', label: 'Languages' },
    ],
  },
  { title: 'Custom events', tabs: [{ dimension: 'event', label: 'Events' }] },
];

const ZERO_COUNTS = { pageviews: 0, visits: 0, events: 0 };

function withCounts(totals: Totals, delta: typeof ZERO_COUNTS): Totals {
  if (delta.pageviews + delta.visits + delta.events === 0) return totals;
  const visits = totals.visits + delta.visits;
  const pageviews = totals.pageviews + delta.pageviews;
  return {
    ...totals,
    visits,
    pageviews,
    events: totals.events + delta.events,
    // a new visit may be a returning visitor's: visitors wait for the quiet refetch's exact count
    views_per_visit: visits > 0 ? Math.round((pageviews / visits) * 100) / 100 : totals.views_per_visit,
  };
}

export function SiteDashboard({ siteId }: { siteId: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [site, setSite] = useState<Site | null>(null);
  const [siteError, setSiteError] = useState<{ status: number; message: string } | null>(null);

  useEffect(() => {
    loadSite(siteId)
      .then(setSite)
      .catch((err: Error) => setSiteError({ status: err instanceof ApiError ? err.status : 0, message: err.message }));
  }, [siteId]);

  const filters = useMemo(() => parseFilters(params.get('filter')), [params]);
  const rawRange = params.get('range');
  const choice: RangeChoice = useMemo(
    () => ({
      key: isRangeKey(rawRange) ? rawRange : DEFAULT_RANGE,
      from: params.get('from') ?? undefined,
      to: params.get('to') ?? undefined,
    }),
    [rawRange, params],
  );

  const navigate = useCallback(
    (next: { choice?: RangeChoice; filters?: Filter[] }) => {
      const q = new URLSearchParams(params.toString());
      if (next.choice) {
        q.set('range', next.choice.key);
        q.delete('from');
        q.delete('to');
        if (next.choice.key === 'custom' && next.choice.from && next.choice.to) {
          q.set('from', next.choice.from);
          q.set('to', next.choice.to);
        }
      }
      if (next.filters) {
        const text = serializeFilters(next.filters);
        if (text) q.set('filter', text);
        else q.delete('filter');
      }
      router.push(`${pathname}?${q.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );

  if (siteError) {
    return (
      <div className="card state" style={{ marginTop: '2rem', padding: '3rem 1rem' }} role="alert">
        <h1 style={{ fontSize: '1.2rem', color: 'var(--text)', marginBottom: '0.5rem' }}>
          {siteError.status === 404 ? 'This service does not exist' : 'This service could not be loaded'}
        </h1>
        <p>{siteError.status === 404 ? 'It may have been deleted.' : siteError.message}</p>
        <Link href="/services" className="btn">
          Back to services
        </Link>
      </div>
    );
  }
  if (!site) {
    return (
      <div aria-busy="true" aria-label="Loading the dashboard" style={{ marginTop: '1.5rem' }}>
        <Skeleton width="40%" height={28} style={{ marginBottom: 16 }} />
        <Skeleton height={360} style={{ borderRadius: 12 }} />
      </div>
    );
  }
  return <Loaded site={site} choice={choice} filters={filters} navigate={navigate} />;
}

function Loaded({
  site,
  choice,
  filters,
  navigate,
}: {
  site: Site;
  choice: RangeChoice;
  filters: Filter[];
  navigate(next: { choice?: RangeChoice; filters?: Filter[] }): void;
}) {
  // "now" is fixed per view so every panel asks for the same range
  const now = useMemo(() => Date.now(), [choice]); // eslint-disable-line react-hooks/exhaustive-deps
  const [refresh, setRefresh] = useState(0);
  const [delta, setDelta] = useState(ZERO_COUNTS);
  const [realtime, setRealtime] = useState<Realtime | null>(null);
  const [feed, setFeed] = useState<FeedEntry[]>([]);

  const range = useMemo(() => rangeParams(choice, site.timezone, now), [choice, site.timezone, now]);
  const today = dateInZone(now, site.timezone);
  const base = statsQuery(site.id, range, filters);
  const stats = useApi<StatsReply>(`/api/stats?${base}`, refresh);
  const series = useApi<TimeseriesReply>(`/api/stats/timeseries?${base}&interval=${range.interval}`, refresh);

  // a fresh answer already holds what the live counts added
  useEffect(() => setDelta(ZERO_COUNTS), [stats.data]);

  useEffect(() => {
    api<Realtime>(`/api/stats/realtime?site=${encodeURIComponent(site.id)}`)
      .then(setRealtime)
      .catch(() => setRealtime({ active_visitors: 0, pages: [] }));
  }, [site.id]);

  // the range's start stays put (a moving "last 24 hours" start would re-key every panel);
  // its end is the server's "now", so a quiet refetch picks up what arrived
  const refetch = useTrailingThrottle(() => setRefresh((n) => n + 1), REFETCH_MS);

  const status = useLive(site.id, (u: LiveUpdate) => {
    if (u.site !== site.id) return;
    setRealtime({ active_visitors: u.active_visitors, pages: u.pages });
    if (u.feed.length > 0) {
      setFeed((old) => {
        const seen = new Set(old.map((e) => e.key));
        const fresh = u.feed
          .map((item) => ({ ...item, key: `${item.ts}|${item.name}|${item.page}|${item.source}|${item.country}|${item.device}|${item.browser}`, fresh: true }))
          .filter((e) => !seen.has(e.key))
          .reverse();
        return [...fresh, ...old.map((e) => (e.fresh ? { ...e, fresh: false } : e))].slice(0, FEED_SIZE);
      });
    }
    const arrived = u.counts.pageviews + u.counts.visits + u.counts.events;
    if (arrived > 0 && range.live) {
      if (filters.length === 0) {
        setDelta((d) => ({ pageviews: d.pageviews + u.counts.pageviews, visits: d.visits + u.counts.visits, events: d.events + u.counts.events }));
      }
      refetch();
    }
  });

  const totals = stats.data ? withCounts(stats.data.totals, filters.length === 0 && range.live ? delta : ZERO_COUNTS) : null;
  const points = useMemo(() => {
    const pts = series.data?.points;
    if (!pts || pts.length === 0 || !range.live || filters.length > 0 || delta.pageviews + delta.visits === 0) return pts ?? null;
    const last = pts[pts.length - 1]!;
    return [...pts.slice(0, -1), { ...last, pageviews: last.pageviews + delta.pageviews, visits: last.visits + delta.visits }];
  }, [series.data, range.live, filters.length, delta]);

  const onFilter = useCallback((dimension: Dimension, value: string) => navigate({ filters: withFilter(filters, dimension, value) }), [filters, navigate]);
  const empty = !!totals && filters.length === 0 && totals.pageviews === 0 && totals.events === 0 && totals.visits === 0 && (realtime?.active_visitors ?? 0) === 0;

  return (
    <>
      <div className="dash-toolbar">
        <h1>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{site.name || site.domain}</span>
        </h1>
        <span className="live-badge" data-testid="live-now">
          <span className={`pulse${realtime && realtime.active_visitors > 0 ? '' : ' off'}`} aria-hidden="true" />
          {realtime ? `${realtime.active_visitors} now` : '…'}
        </span>
        <span className="spacer" />
        <RangePicker value={choice} today={today} onChange={(c) => navigate({ choice: c })} />
      </div>
      <FilterChips filters={filters} onRemove={(i) => navigate({ filters: withoutFilter(filters, i) })} onClear={() => navigate({ filters: [] })} />
      <Overview
        site={site}
        rangeLabel={rangeLabel(choice)}
        totals={totals}
        previous={stats.data?.previous ?? null}
        statsError={stats.error}
        retryStats={stats.retry}
        updating={stats.updating || series.updating}
        points={points}
        interval={series.data?.interval ?? range.interval}
        seriesError={series.error}
        seriesLoading={series.loading}
        retrySeries={series.retry}
        empty={empty}
      />
      <RealtimePanel realtime={realtime} feed={feed} status={status} timeZone={site.timezone} />
      <div className="grid-2" style={{ marginTop: '1rem' }}>
        {PANELS.map((p) => (
          <BreakdownPanel key={p.title} title={p.title} tabs={p.tabs} siteId={site.id} domain={site.domain} range={range} filters={filters} refresh={refresh} onFilter={onFilter} />
        ))}
      </div>
    </>
  );
}
