'use client';
import Link from 'next/link';
import { formatCount } from '../lib/format.ts';
import type { SiteSummary } from '../lib/types.ts';
import { Change } from './Change.tsx';
import { Sparkline } from './Sparkline.tsx';

export function ServiceCard({ summary, onEdit, onDelete, onInstall }: { summary: SiteSummary; onEdit(): void; onDelete(): void; onInstall(): void }) {
  const title = summary.name || summary.domain;
  return (
    <article className="card service" data-site={summary.id} aria-labelledby={`svc-${summary.id}`}>
      <div className="service-head">
        <div style={{ minWidth: 0 }}>
          <h2 id={`svc-${summary.id}`}>
            <Link href={`/services/${encodeURIComponent(summary.id)}`}>{title}</Link>
          </h2>
          {title !== summary.domain && <div className="service-domain">{summary.domain}</div>}
        </div>
        <span className="spacer" />
        <div className="menu-actions">
          <button type="button" className="btn btn-ghost btn-small" onClick={onEdit} aria-label={`Edit ${title}`}>
            Edit
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={onDelete} aria-label={`Delete ${title}`}>
            Delete
          </button>
        </div>
      </div>
      <dl className="service-stats">
        <div>
          <dt>Visitors today</dt>
          <dd data-stat="visitors_today">{formatCount(summary.visitors_today)}</dd>
        </div>
        <div>
          <dt>Pageviews</dt>
          <dd data-stat="pageviews_today">{formatCount(summary.pageviews_today)}</dd>
        </div>
        <div>
          <dt>Now</dt>
          <dd data-stat="live_visitors" aria-live="polite">
            <span className={`pulse${summary.live_visitors > 0 ? '' : ' off'}`} aria-hidden="true" />
            {formatCount(summary.live_visitors)}
          </dd>
        </div>
      </dl>
      {summary.has_events ? (
        <div className="service-foot">
          <Sparkline points={summary.sparkline} />
          <Change pct={summary.change_pct} label="vs the 7 days before" />
        </div>
      ) : (
        <div className="waiting" data-testid="waiting">
          <span className="pulse off" aria-hidden="true" />
          <span style={{ flex: 1 }}>
            Waiting for the first event<span className="dots" aria-hidden="true" />
          </span>
          <button type="button" className="btn btn-small" onClick={onInstall}>
            Show snippet
          </button>
        </div>
      )}
    </article>
  );
}
