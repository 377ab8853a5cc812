/**
 * Freshness: from an event's 202 until the stats query a dashboard runs (the page breakdown,
 * filtered to the paths still missing) returns it. Pageviews with unique paths leave at a steady,
 * moderate rate while one poller asks for every path not yet seen; a path counts as visible at the
 * start of the first poll that returned it (the query's snapshot), so the poll interval bounds the
 * error.
 */
import { randomBytes } from 'node:crypto';
import { DESKTOP_UA } from '../browser.ts';
import { progress } from '../progress.ts';

export const FRESHNESS_PLAN = { events: 100, spacingMs: 200, pollMs: 50, timeoutMs: 60_000 } as const;

export interface FreshnessSample {
  path: string;
  status: number;
  /** ms from sending to the 202 */
  acceptMs: number;
  /** ms from the 202 to the first poll that saw it; null when never seen within the timeout */
  visibleMs: number | null;
}

export interface FreshnessRun {
  samples: FreshnessSample[];
  polls: number;
}

export interface FreshnessTarget {
  /** where POST /api/track goes */
  ingestUrl: string;
  siteId: string;
  /** of these paths, the ones the stats query returns now */
  visible(paths: string[]): Promise<string[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(url: string, siteId: string, path: string): Promise<number> {
  const res = await fetch(`${url}/api/track`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': DESKTOP_UA, 'x-forwarded-for': '81.2.69.161' },
    body: JSON.stringify({ s: siteId, n: 'pageview', u: `https://example.com${path}`, r: '', t: 'Freshness', w: 1440, l: 'en-US' }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The page filter of the stats API for these paths. */
export const pageFilter = (paths: string[]): string => `page==${paths.join('|')}`;

export async function measureFreshness(target: FreshnessTarget, label: string): Promise<FreshnessRun> {
  const prefix = `/bench-fresh/${randomBytes(4).toString('hex')}-`;
  const accepted = new Map<string, { at: number; status: number; acceptMs: number }>();
  const seenAt = new Map<string, number>();
  let sending = true;
  let polls = 0;
  let lastSend = performance.now();

  const poller = (async () => {
    const deadline = () => performance.now() > lastSend + FRESHNESS_PLAN.timeoutMs;
    while (sending || (seenAt.size < accepted.size && !deadline())) {
      const pending = [...accepted.keys()].filter((p) => !seenAt.has(p));
      const t0 = performance.now();
      if (pending.length > 0) {
        polls++;
        for (const path of await target.visible(pending)) if (!seenAt.has(path)) seenAt.set(path, t0);
      }
      const wait = FRESHNESS_PLAN.pollMs - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
    }
  })();

  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < FRESHNESS_PLAN.events; i++) {
    const wait = started + i * FRESHNESS_PLAN.spacingMs - performance.now();
    if (wait > 0) await sleep(wait);
    const path = `${prefix}${i}`;
    const sentAt = performance.now();
    lastSend = sentAt;
    inFlight.push(
      send(target.ingestUrl, target.siteId, path).then(
        (status) => {
          const at = performance.now();
          if (status === 202) accepted.set(path, { at, status, acceptMs: at - sentAt });
        },
        () => undefined,
      ),
    );
  }
  await Promise.all(inFlight);
  sending = false;
  await poller;
  progress('cluster', `${label}: ${seenAt.size} of ${accepted.size} accepted events seen after ${polls} polls`);
  const samples = [...accepted.entries()].map(([path, a]): FreshnessSample => {
    const seen = seenAt.get(path);
    return { path, status: a.status, acceptMs: a.acceptMs, visibleMs: seen === undefined ? null : Math.max(0, seen - a.at) };
  });
  const refused = FRESHNESS_PLAN.events - accepted.size;
  if (refused > 0) progress('cluster', `${label}: ${refused} freshness events were not answered 202`);
  return { samples, polls };
}
