/**
 * Sits in front of LiveBus.publish: turns a stream of stored events into at most one update per
 * site per interval (default 250 ms, so 4 per second), whatever the event rate. An update counts
 * every event it covers by name and keeps only the latest few as feed items, so 10,000 events/s
 * cost subscribers four small messages a second per site.
 */
import type { StoredEvent } from '../event/stored.ts';
import type { LiveBus } from './live-bus.ts';
import { liveItemOf, type LiveItem, type LiveUpdate } from './live-update.ts';

export interface LiveCoalescerOptions {
  /** minimum time between two updates of one site; default 250 ms */
  intervalMs?: number;
  /** feed items per update (the latest ones); default 20 */
  maxItems?: number;
  /** distinct event names counted per update; further names count in `total` only; default 100 */
  maxNames?: number;
}

interface PendingSite {
  from: number;
  to: number;
  total: number;
  visits: number;
  counts: Map<string, number>;
  /** ring of the latest events (made feed items only when published); `next` is where the next one goes */
  ring: StoredEvent[];
  next: number;
}

export class LiveCoalescer {
  private readonly bus: LiveBus;
  private readonly intervalMs: number;
  private readonly maxItems: number;
  private readonly maxNames: number;
  private pending = new Map<string, PendingSite>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(bus: LiveBus, opts: LiveCoalescerOptions = {}) {
    this.bus = bus;
    this.intervalMs = positiveInt('intervalMs', opts.intervalMs ?? 250);
    this.maxItems = positiveInt('maxItems', opts.maxItems ?? 20);
    this.maxNames = positiveInt('maxNames', opts.maxNames ?? 100);
  }

  /**
   * Takes events just accepted, and those of them that opened a visit (a subset); they reach
   * subscribers with their site's next update.
   */
  add(events: readonly StoredEvent[], opensVisit: readonly StoredEvent[] = []): void {
    if (this.closed) return;
    for (const e of events) this.addOne(e);
    for (const e of opensVisit) this.site(e).visits++;
    if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Publishes what is pending now (close does this too). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    const publishes = [...batch].map(([siteId, p]) => this.bus.publish(siteId, toUpdate(siteId, p)).catch(() => undefined));
    this.inFlight = Promise.all([this.inFlight, ...publishes]).then(() => undefined);
    return this.inFlight;
  }

  /** Publishes what is pending, then takes no more events. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private site(e: StoredEvent): PendingSite {
    let p = this.pending.get(e.site_id);
    if (!p) {
      p = { from: e.ts, to: e.ts, total: 0, visits: 0, counts: new Map(), ring: [], next: 0 };
      this.pending.set(e.site_id, p);
    }
    return p;
  }

  private addOne(e: StoredEvent): void {
    const p = this.site(e);
    p.total++;
    if (e.ts < p.from) p.from = e.ts;
    if (e.ts > p.to) p.to = e.ts;
    const count = p.counts.get(e.name);
    if (count !== undefined) p.counts.set(e.name, count + 1);
    else if (p.counts.size < this.maxNames) p.counts.set(e.name, 1);
    if (p.ring.length < this.maxItems) p.ring.push(e);
    else p.ring[p.next] = e;
    p.next = (p.next + 1) % this.maxItems;
  }
}

function toUpdate(siteId: string, p: PendingSite): LiveUpdate {
  // unroll the ring, oldest first (until the ring fills, `next` is its length and this is a copy)
  const items: LiveItem[] = [...p.ring.slice(p.next), ...p.ring.slice(0, p.next)].map(liveItemOf);
  return { site_id: siteId, from: p.from, to: p.to, total: p.total, visits: p.visits, counts: Object.fromEntries(p.counts), items };
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`LiveCoalescer: ${name} must be a positive integer, got ${value}`);
  return value;
}
