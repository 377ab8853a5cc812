/**
 * Test helper: a steady stream of pageviews into one ingest, each event on its own page
 * (`/<tag>/<request>/<index>`), so what was stored can be matched event by event against what
 * ingest answered. Every answer is recorded: which pages were answered 202, which were refused
 * (with the status and whether Retry-After came with it), and anything else.
 */
import { Agent, request as httpRequest } from 'node:http';
import { CHROME_UA } from '@vigil/core/test/user-agents';

export interface StreamOptions {
  ingestUrl: string;
  siteId: string;
  /** distinguishes this stream's pages from any other's */
  tag: string;
  workers?: number;
  eventsPerRequest?: number;
  /** pause between one worker's requests */
  pauseMs?: number;
  /** a request not answered within this counts as a network failure (the events are unknown) */
  requestTimeoutMs?: number;
}

export interface StreamTally {
  /** pages of the events answered 202 */
  accepted: Set<string>;
  /** pages of events answered 503 or 429 (Kafka may still hold them: a refused event is not a lost one) */
  refused: Set<string>;
  /** count per status of every answer, e.g. { 202: 410, 503: 12 } */
  statuses: Record<number, number>;
  /** 503/429 answers without a Retry-After header */
  refusedWithoutRetryAfter: number;
  /** requests that got no HTTP answer at all, with the error */
  networkErrors: string[];
  /** pages of requests that got no answer: their fate is unknown to the sender */
  unanswered: Set<string>;
  /** time of the last 202 */
  lastAcceptedAt: number;
}

export interface PageviewStream {
  tally: StreamTally;
  /** stops sending and resolves once every request in flight was answered */
  stop(): Promise<StreamTally>;
}

function post(url: string, body: string, agent: Agent, timeoutMs: number): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent, timeout: timeoutMs, headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function startPageviewStream(opts: StreamOptions): PageviewStream {
  const workers = opts.workers ?? 4;
  const perRequest = opts.eventsPerRequest ?? 5;
  const pauseMs = opts.pauseMs ?? 20;
  const timeoutMs = opts.requestTimeoutMs ?? 15_000;
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const tally: StreamTally = {
    accepted: new Set(),
    refused: new Set(),
    statuses: {},
    refusedWithoutRetryAfter: 0,
    networkErrors: [],
    unanswered: new Set(),
    lastAcceptedAt: 0,
  };
  let stopping = false;
  let requestNo = 0;
  const worker = async () => {
    while (!stopping) {
      const n = requestNo++;
      const pages = Array.from({ length: perRequest }, (_, i) => `/${opts.tag}/${n}/${i}`);
      const body = JSON.stringify(pages.map((page) => ({ s: opts.siteId, n: 'pageview', u: `http://127.0.0.1${page}` })));
      try {
        const { status, retryAfter } = await post(`${opts.ingestUrl}/api/track`, body, agent, timeoutMs);
        tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
        if (status === 202) {
          for (const p of pages) tally.accepted.add(p);
          tally.lastAcceptedAt = Date.now();
        } else if (status === 503 || status === 429) {
          for (const p of pages) tally.refused.add(p);
          if (!retryAfter || !/^\d+$/.test(retryAfter)) tally.refusedWithoutRetryAfter++;
        }
      } catch (error) {
        tally.networkErrors.push(error instanceof Error ? error.message : String(error));
        for (const p of pages) tally.unanswered.add(p);
      }
      // a refusal says come back later; a short pause keeps probing without hammering
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const running = Array.from({ length: workers }, () => worker());
  return {
    tally,
    async stop() {
      stopping = true;
      await Promise.all(running);
      agent.destroy();
      return tally;
    },
  };
}

export function describeTally(t: StreamTally): string {
  const statuses = Object.entries(t.statuses).map(([s, n]) => `${n}x${s}`).join(', ');
  return `${t.accepted.size} events answered 202, ${t.refused.size} refused; requests: ${statuses || 'none'}; ${t.networkErrors.length} without an answer`;
}
