'use client';
import { countryName } from '../lib/country.ts';
import { formatExact, formatTime } from '../lib/format.ts';
import type { LiveStatus } from '../lib/live.ts';
import type { FeedItem, Realtime } from '../lib/types.ts';
import { Skeleton } from './Skeleton.tsx';

export interface FeedEntry extends FeedItem {
  key: string;
  fresh: boolean;
}

function describeEvent(item: FeedItem): string {
  return item.name === 'pageview' ? item.page : `${item.name} on ${item.page}`;
}

/** Visitors now, the pages they are on, and every event as it arrives (pushed, never polled). */
export function RealtimePanel({ realtime, feed, status, timeZone }: { realtime: Realtime | null; feed: FeedEntry[]; status: LiveStatus; timeZone: string }) {
  return (
    <section className="realtime" aria-label="Realtime">
      <div className="card panel">
        <div className="panel-head">
          <h2>Visitors now</h2>
          <span className="spacer" />
          <span className="live-badge">
            <span className={`pulse${status === 'open' ? '' : ' off'}`} aria-hidden="true" />
            {status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
        </div>
        <div className="big-number" data-testid="active-visitors" aria-live="polite" aria-atomic="true">
          {realtime ? formatExact(realtime.active_visitors) : <Skeleton width="3ch" height={40} />}
          <span className="sr-only"> visitors in the last 5 minutes</span>
        </div>
        <p className="muted" style={{ margin: '0.2rem 0 0.9rem', fontSize: '0.85rem' }}>
          active in the last 5 minutes
        </p>
        {realtime && realtime.pages.length > 0 ? (
          <>
            <div className="list-head" style={{ ['--cols' as string]: 1 }} aria-hidden="true">
              <span>Active page</span>
              <span>Now</span>
            </div>
            <ul className="list" aria-label="Active pages">
              {realtime.pages.slice(0, 8).map((p) => (
                <li key={p.value} className="list-row" style={{ ['--cols' as string]: 1, cursor: 'default' }}>
                  <span className="row-label" title={p.value}>
                    {p.value}
                  </span>
                  <span className="num">{formatExact(p.active_visitors)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          realtime && <p className="state" style={{ padding: '0.5rem 0', textAlign: 'left' }}>Nobody on the site right now.</p>
        )}
      </div>
      <div className="card panel">
        <div className="panel-head">
          <h2 id="feed-title">Live feed</h2>
          <span className="spacer" />
          <span className="muted" style={{ fontSize: '0.8rem' }}>
            newest first
          </span>
        </div>
        {feed.length === 0 ? (
          <p className="state">Events appear here the moment they arrive.</p>
        ) : (
          <ol className="feed" aria-labelledby="feed-title" data-testid="live-feed">
            {feed.map((item) => (
              <li key={item.key} className={item.fresh ? 'feed-new' : undefined}>
                <time className="time" dateTime={new Date(item.ts).toISOString()}>
                  {formatTime(item.ts, timeZone)}
                </time>
                <span className="what" title={describeEvent(item)}>
                  {describeEvent(item)}
                </span>
                <span className="meta">
                  {[
                    item.source || 'Direct',
                    item.country ? countryName(item.country) : '',
                    item.device,
                    item.browser,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
