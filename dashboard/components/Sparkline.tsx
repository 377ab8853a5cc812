import { formatExact } from '../lib/format.ts';

const W = 190;
const H = 40;

/** Seven days of visitors as a tiny inline SVG (no chart library for a card). */
export function Sparkline({ points }: { points: { t: string; visitors: number }[] }) {
  const values = points.map((p) => p.visitors);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? W / (values.length - 1) : W;
  const xy = values.map((v, i) => [i * step, H - 3 - (v / max) * (H - 6)] as const);
  const line = xy.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const area = xy.length ? `${line} L${W},${H} L0,${H} Z` : '';
  const label = `Visitors over the last ${values.length} days: ${values.map(formatExact).join(', ')}`;
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {xy.length > 0 && (
        <>
          <path d={area} fill="currentColor" opacity="0.12" />
          <path d={line} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        </>
      )}
    </svg>
  );
}
