'use client';
import { formatExact } from '../lib/format.ts';
import { usePublicStats } from '../lib/public-stats.tsx';
import { Skeleton } from './Skeleton.tsx';

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** Social proof that is never made up: what this server counted, live. */
export function PublicCounters() {
  const { stats, error } = usePublicStats();
  const value = (n: number | undefined) => (n === undefined ? <Skeleton width="4ch" height={34} /> : formatExact(n));
  return (
    <section aria-labelledby="counters-title">
      <h2 id="counters-title" className="section-title">
        Counted by this server, right now
      </h2>
      {error && !stats && <p className="state state-error">The live numbers cannot be loaded right now.</p>}
      <dl className="counters" aria-live="polite">
        <div className="card counter" data-counter="websites">
          <dt>{plural(stats?.websites_today ?? 0, 'website tracked today', 'websites tracked today')}</dt>
          <dd>{value(stats?.websites_today)}</dd>
        </div>
        <div className="card counter" data-counter="events">
          <dt>{plural(stats?.events_last_hour ?? 0, 'event in the last hour', 'events in the last hour')}</dt>
          <dd>{value(stats?.events_last_hour)}</dd>
        </div>
        <div className="card counter" data-counter="people">
          <dt>{plural(stats?.people_now ?? 0, 'person on tracked sites right now', 'people on tracked sites right now')}</dt>
          <dd>
            <span className={`pulse${stats && stats.people_now > 0 ? '' : ' off'}`} aria-hidden="true" />
            {value(stats?.people_now)}
          </dd>
        </div>
      </dl>
    </section>
  );
}
