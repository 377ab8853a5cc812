import { formatPercent } from '../lib/format.ts';

/**
 * A change against the previous period: colour, arrow and words, so it reads without colour too.
 * `higherIsBetter` is false for bounce rate.
 */
export function Change({ pct, higherIsBetter = true, label = 'vs previous period' }: { pct: number | null; higherIsBetter?: boolean; label?: string }) {
  if (pct === null) {
    return (
      <span className="change flat">
        <span aria-hidden="true">new</span>
        <span className="sr-only">no data in the previous period</span>
      </span>
    );
  }
  const direction = pct > 0 ? 'up' : pct < 0 ? 'down' : 'flat';
  const tone = direction === 'flat' ? 'flat' : (direction === 'up') === higherIsBetter ? 'good' : 'bad';
  const arrow = direction === 'up' ? '↑' : direction === 'down' ? '↓' : '→';
  const words = direction === 'flat' ? `unchanged ${label}` : `${direction} ${formatPercent(Math.abs(pct))} ${label}`;
  return (
    <span className={`change ${tone}`} data-change={direction}>
      <span aria-hidden="true">
        {arrow} {formatPercent(Math.abs(pct))}
      </span>
      <span className="sr-only">{words}</span>
    </span>
  );
}
