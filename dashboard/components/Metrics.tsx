'use client';
import { changePct, formatCount, formatDecimal, formatDuration, formatPercent } from '../lib/format.ts';
import type { Totals } from '../lib/types.ts';
import { Change } from './Change.tsx';
import { Skeleton } from './Skeleton.tsx';

interface MetricDef {
  key: keyof Totals;
  label: string;
  format(n: number): string;
  higherIsBetter: boolean;
}

const METRICS: MetricDef[] = [
  { key: 'visitors', label: 'Visitors', format: formatCount, higherIsBetter: true },
  { key: 'visits', label: 'Visits', format: formatCount, higherIsBetter: true },
  { key: 'pageviews', label: 'Pageviews', format: formatCount, higherIsBetter: true },
  { key: 'views_per_visit', label: 'Views per visit', format: formatDecimal, higherIsBetter: true },
  { key: 'bounce_rate', label: 'Bounce rate', format: formatPercent, higherIsBetter: false },
  { key: 'avg_visit_duration_s', label: 'Visit duration', format: formatDuration, higherIsBetter: true },
  { key: 'avg_engaged_s', label: 'Engaged time', format: formatDuration, higherIsBetter: true },
  { key: 'avg_scroll_pct', label: 'Scroll depth', format: formatPercent, higherIsBetter: true },
];

export function Metrics({ totals, previous }: { totals: Totals | null; previous: Totals | null }) {
  return (
    <dl className="metrics" aria-label="Key metrics">
      {METRICS.map((m) => (
        <div className="metric" key={m.key} data-metric={m.key}>
          <dt>{m.label}</dt>
          <dd>
            {totals ? (
              <>
                <span className="metric-value">{m.format(totals[m.key])}</span>
                {previous && <Change pct={changePct(totals[m.key], previous[m.key])} higherIsBetter={m.higherIsBetter} />}
              </>
            ) : (
              <Skeleton width="5ch" height={30} />
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
