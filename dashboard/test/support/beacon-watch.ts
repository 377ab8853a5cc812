/**
 * Watches a browser context's requests to the tracking endpoint (sendBeacon and fetch alike), so
 * a test knows when everything the tracker sent has reached the server before it reads the stats.
 *
 * A beacon sent while its page unloads is reported by the browser as aborted (the page is gone)
 * although the browser still delivers it; so arrival is judged by the server's own count of the
 * events it took in (accepted or dropped), not by what the page saw.
 */
import type { BrowserContext, Request } from 'playwright-core';

export class BeaconWatch {
  private readonly statusSet = new Set<number>();
  private readonly unexpected: string[] = [];
  private lastSentAt = Date.now();
  /** requests sent, and the events they carried */
  requests = 0;
  events = 0;

  constructor(context: BrowserContext, endpoint: string) {
    const mine = (r: Request) => r.method() === 'POST' && r.url() === endpoint;
    context.on('request', (r) => {
      if (!mine(r)) return;
      this.requests++;
      this.events += eventCount(r.postData());
      this.lastSentAt = Date.now();
    });
    context.on('requestfinished', async (r) => {
      if (!mine(r)) return;
      const response = await r.response().catch(() => null);
      if (response) this.statusSet.add(response.status());
    });
    context.on('requestfailed', (r) => {
      const error = r.failure()?.errorText ?? 'failed';
      if (mine(r) && error !== 'net::ERR_ABORTED') this.unexpected.push(error);
    });
  }

  /** The distinct HTTP statuses the endpoint answered with, sorted. */
  statuses(): number[] {
    return [...this.statusSet].sort((a, b) => a - b);
  }

  /**
   * Resolves once nothing new was sent for `quietMs` and the server has taken in (accepted or
   * dropped) at least as many events as were sent; `serverEvents` reads the server's counter.
   */
  async settled(serverEvents: () => Promise<number>, quietMs = 300, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.unexpected.length > 0) throw new Error(`tracking requests failed: ${this.unexpected.join(', ')}`);
      const quiet = Date.now() - this.lastSentAt >= quietMs;
      const taken = await serverEvents();
      if (quiet && taken >= this.events) return;
      if (Date.now() > deadline) throw new Error(`the server took in ${taken} of the ${this.events} events sent within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** A body is one event or an array of events; anything else counts as one. */
function eventCount(body: string | null): number {
  if (!body) return 0;
  try {
    const json: unknown = JSON.parse(body);
    return Array.isArray(json) ? json.length : 1;
  } catch {
    return 1;
  }
}
