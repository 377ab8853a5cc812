'use client';
import { formatExact } from '../lib/format.ts';
import { usePublicStats } from '../lib/public-stats.tsx';

const SLOTS = 24;

/**
 * A miniature of the live dashboard, fed by the same public numbers as the counters: each bar is
 * "people on tracked sites" at one 5-second refresh, the newest on the right.
 */
export function LivePreview() {
  const { stats, history } = usePublicStats();
  const max = Math.max(1, ...history);
  const slots = Array.from({ length: SLOTS }, (_, i) => history[history.length - SLOTS + i]);
  return (
    <figure className="card preview" style={{ margin: 0 }} aria-label="Live preview of the Vigil dashboard">
      <div className="preview-bar" aria-hidden="true">
        <i />
        <i />
        <i />
        <span>vigil · all services · live</span>
      </div>
      <div className="preview-body">
        <dl className="preview-stats">
          <div>
            <dt>People now</dt>
            <dd style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <span className={`pulse${stats && stats.people_now > 0 ? '' : ' off'}`} aria-hidden="true" />
              {stats ? formatExact(stats.people_now) : '–'}
            </dd>
          </div>
          <div>
            <dt>Events / hour</dt>
            <dd>{stats ? formatExact(stats.events_last_hour) : '–'}</dd>
          </div>
          <div>
            <dt>Sites today</dt>
            <dd>{stats ? formatExact(stats.websites_today) : '–'}</dd>
          </div>
        </dl>
        <div className="preview-chart" aria-hidden="true">
          {slots.map((v, i) => (
            <span key={i} style={{ height: v === undefined ? '3%' : `${Math.max(3, (v / max) * 100)}%`, opacity: v === undefined ? 0.35 : 1 }} />
          ))}
        </div>
        <figcaption className="preview-note">People on tracked sites, refreshed every 5 seconds from this server.</figcaption>
      </div>
    </figure>
  );
}
