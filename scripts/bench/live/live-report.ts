/** The live section of the report. */
import { percentile } from '../percentiles.ts';
import { ms, num, table, verdict } from '../markdown.ts';
import type { LiveResult, LiveSample } from './live-section.ts';

export const LIVE_GOAL_P95_MS = 1_000;

interface Leg {
  name: string;
  values: number[];
}

function leg(name: string, samples: LiveSample[], from: (s: LiveSample) => number | null, to: (s: LiveSample) => number | null): Leg {
  const values: number[] = [];
  for (const s of samples) {
    const a = from(s);
    const b = to(s);
    if (a !== null && b !== null) values.push(b - a);
  }
  return { name, values };
}

const row = (l: Leg) =>
  l.values.length === 0 ? [l.name, '–', '–', '–', '0'] : [l.name, ms(percentile(l.values, 50)), ms(percentile(l.values, 95)), ms(Math.max(...l.values)), num(l.values.length)];

export function liveReport(r: LiveResult): string {
  const accepted = r.samples.filter((s) => s.status === 202);
  const shown = leg('sent → path in the DOM (**shown**)', accepted, (s) => s.sentAt, (s) => s.domAt);
  const legs = [
    leg('sent → 202 (ingest answered)', accepted, (s) => s.sentAt, (s) => s.acceptedAt),
    leg('sent → WebSocket message in the page (transport baseline)', accepted, (s) => s.sentAt, (s) => s.wsAt),
    shown,
    leg('sent → next animation frame after the DOM change (painted)', accepted, (s) => s.sentAt, (s) => s.paintedAt),
    leg('WebSocket message → DOM (rendering: React state, feed list)', accepted, (s) => s.wsAt, (s) => s.domAt),
  ];
  const missing = accepted.filter((s) => s.domAt === null).length;
  const ws = legs[1]!.values;
  const p95Shown = shown.values.length > 0 ? percentile(shown.values, 95) : Infinity;
  const renderShare = shown.values.length > 0 && ws.length > 0 ? 1 - percentile(ws, 50) / percentile(shown.values, 50) : null;
  const otherStatuses = r.samples.length - accepted.length;
  return [
    '### Live: tracker → dashboard in Chromium',
    '',
    `${num(r.plan.events)} pageviews, each with a unique path, POSTed to \`/api/track\` as track.js sends them, ${r.plan.spacingMs} ms apart, to the real server (embedded mode) while Chromium ` +
      'shows the site\'s dashboard page (`/services/<id>`, signed in as the admin). The page records, for each path, when the live WebSocket message carrying it arrived and when it was ' +
      'inserted into the DOM (a MutationObserver installed before the page\'s scripts; it shows in the realtime panel\'s live feed), then the next animation frame. Page times are converted to ' +
      `the sender's clock with an offset measured over the shortest of 7 round trips (${r.clock.offsetMs.toFixed(1)} ms, ± ${(r.clock.roundTripMs / 2).toFixed(1)} ms).`,
    '',
    table(['leg', 'p50', 'p95', 'max', 'events'], legs.map(row)),
    '',
    table(['goal', 'measured', 'result'], [[`shown within ${num(LIVE_GOAL_P95_MS)} ms at p95`, Number.isFinite(p95Shown) ? ms(p95Shown) : 'nothing shown', verdict(p95Shown < LIVE_GOAL_P95_MS && missing === 0)]]),
    '',
    `Accepted (202): ${num(accepted.length)} of ${num(r.samples.length)}${otherStatuses > 0 ? ` (${num(otherStatuses)} answered otherwise)` : ''}; never shown within ${r.plan.settleMs / 1000} s of the last send: ${num(missing)}. ` +
      (renderShare === null ? '' : `At the median, ${Math.round(Math.max(0, renderShare) * 100)}% of the time to shown is spent after the WebSocket message arrived; the rest is ingest and the live hub, which coalesces updates to 4 a second (up to 250 ms of waiting by design).`),
  ].join('\n');
}
