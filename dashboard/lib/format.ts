/** How numbers read on the dashboard. */

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');

export function formatCount(n: number): string {
  return Math.abs(n) >= 10_000 ? compact.format(n) : whole.format(n);
}

export function formatExact(n: number): string {
  return whole.format(n);
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatPercent(n: number): string {
  return `${Math.round(n * 10) / 10}%`;
}

export function formatDecimal(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

/** Percent change from `previous` to `current`; null when there was nothing before. */
export function changePct(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

export function formatTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone }).format(ms);
}
