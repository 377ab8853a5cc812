'use client';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { useLive } from '../lib/use-live.ts';
import { useTrailingThrottle } from '../lib/use-throttled.ts';
import type { LiveUpdate, Site, SiteSummary } from '../lib/types.ts';
import { DeleteSiteDialog } from './DeleteSiteDialog.tsx';
import { InstallPanel } from './InstallPanel.tsx';
import { ServiceCard } from './ServiceCard.tsx';
import { SiteFormDialog } from './SiteFormDialog.tsx';
import { Skeleton } from './Skeleton.tsx';

const REFETCH_MS = 3000;

function hasActivity(u: LiveUpdate): boolean {
  return u.active_visitors > 0 || u.feed.length > 0 || u.counts.pageviews + u.counts.events + u.counts.visits > 0;
}

export function ServicesPage() {
  const [sites, setSites] = useState<Site[] | null>(null);
  const [summaries, setSummaries] = useState<SiteSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Site | null>(null);
  const [deleting, setDeleting] = useState<SiteSummary | null>(null);
  const [installing, setInstalling] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    try {
      const [s, sum] = await Promise.all([api<{ sites: Site[] }>('/api/sites'), api<{ sites: SiteSummary[] }>('/api/sites/summary')]);
      setSites(s.sites);
      setSummaries(sum.sites);
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const refetch = useTrailingThrottle(() => void load(), REFETCH_MS);
  const siteIds = (sites ?? []).map((s) => s.id).sort().join(',');

  const live = useLive('*', (u) => {
    setSummaries((list) =>
      list?.map((s) =>
        s.id === u.site
          ? {
              ...s,
              live_visitors: u.active_visitors,
              pageviews_today: s.pageviews_today + u.counts.pageviews,
              has_events: s.has_events || hasActivity(u),
            }
          : s,
      ) ?? list,
    );
    if (hasActivity(u)) refetch();
  }, siteIds);

  const siteOf = (id: string) => sites?.find((s) => s.id === id);
  const installSite = installing ? siteOf(installing) : undefined;
  const installSummary = installing ? summaries?.find((s) => s.id === installing) : undefined;

  return (
    <>
      <div className="page-title">
        <h1>Services</h1>
        <span className="live-badge" title={live === 'open' ? 'Live updates on' : 'Connecting for live updates'}>
          <span className={`pulse${live === 'open' ? '' : ' off'}`} aria-hidden="true" />
          {live === 'open' ? 'Live' : 'Connecting…'}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          <span aria-hidden="true">+</span> Add service
        </button>
      </div>
      <p className="sr-only" role="status">
        {notice}
      </p>
      {error && (
        <p className="form-error" role="alert">
          Services could not be loaded: {error}{' '}
          <button type="button" className="btn btn-small" onClick={() => void load()}>
            Retry
          </button>
        </p>
      )}
      {installSite && <InstallPanel site={installSite} received={installSummary?.has_events ?? false} onClose={() => setInstalling(null)} />}
      {summaries === null && !error ? (
        <div className="services" aria-busy="true" aria-label="Loading services">
          {[0, 1, 2].map((i) => (
            <div key={i} className="card service">
              <Skeleton width="55%" height={20} />
              <Skeleton height={44} />
              <Skeleton height={40} />
            </div>
          ))}
        </div>
      ) : summaries && summaries.length === 0 ? (
        <div className="card state" style={{ padding: '3rem 1rem' }}>
          <h2 style={{ fontSize: '1.1rem', color: 'var(--text)', marginBottom: '0.5rem' }}>No services yet</h2>
          <p style={{ margin: '0 0 1rem' }}>Add your first website to get its tracking snippet.</p>
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            <span aria-hidden="true">+</span> Add service
          </button>
        </div>
      ) : (
        <div className="services">
          {summaries?.map((s) => (
            <ServiceCard
              key={s.id}
              summary={s}
              onEdit={() => setEditing(siteOf(s.id) ?? null)}
              onDelete={() => setDeleting(s)}
              onInstall={() => setInstalling(s.id)}
            />
          ))}
        </div>
      )}
      <SiteFormDialog
        open={adding || editing !== null}
        site={editing ?? undefined}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        onSaved={(site) => {
          const added = !editing;
          setAdding(false);
          setEditing(null);
          setSites((list) => [...(list ?? []).filter((s) => s.id !== site.id), site]);
          if (added) {
            setInstalling(site.id);
            setNotice(`${site.domain} added. The tracking snippet is shown above the list.`);
          } else {
            setNotice(`${site.domain} saved.`);
          }
          void load();
        }}
      />
      <DeleteSiteDialog
        site={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(id) => {
          setDeleting(null);
          setSummaries((list) => list?.filter((s) => s.id !== id) ?? list);
          setSites((list) => list?.filter((s) => s.id !== id) ?? list);
          if (installing === id) setInstalling(null);
          setNotice('Service deleted with its events.');
          void load();
        }}
      />
    </>
  );
}
