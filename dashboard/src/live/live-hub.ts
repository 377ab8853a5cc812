/**
 * Fans live updates out to dashboard sockets. One bus subscription per site, shared by every
 * socket watching it; updates are merged and sent at most every `intervalMs` per site, so a burst
 * of events (or several consumer processes each publishing 4 updates a second) never floods a
 * browser. Active visitors come from the presence store, once per site per message.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { LiveBus } from '@vigil/core/live/live-bus';
import type { LiveItem, LiveUpdate } from '@vigil/core/live/live-update';
import type { PresenceStore } from '@vigil/core/presence/presence-store';
import { isCustomEvent } from '@vigil/core/event/stored';
import { FEED_MAX, type LiveMessage } from './live-message.ts';

/** "Active now" means seen in the last five minutes. */
export const ACTIVE_WINDOW_MS = 5 * 60 * 1000;

export type Send = (message: LiveMessage) => void;

/** What arrived for a site since its last message. */
interface Pending {
  pageviews: number;
  events: number;
  visits: number;
  feed: LiveItem[];
}

const nothingYet = (): Pending => ({ pageviews: 0, events: 0, visits: 0, feed: [] });

interface SiteWatch {
  watchers: Set<Send>;
  unsubscribe: () => void;
  pending: Pending | null;
  timer: NodeJS.Timeout | null;
  lastSent: number;
}

export interface LiveHubOptions {
  bus: LiveBus;
  presence: PresenceStore;
  log: FastifyBaseLogger;
  clock?: () => number;
  intervalMs?: number;
}

export class LiveHub {
  private readonly sites = new Map<string, SiteWatch>();
  private readonly clock: () => number;
  private readonly intervalMs: number;

  constructor(private readonly opts: LiveHubOptions) {
    this.clock = opts.clock ?? Date.now;
    this.intervalMs = opts.intervalMs ?? 250;
  }

  /** Starts sending a site's updates to `send` (first a snapshot); returns the stop function. */
  async watch(siteId: string, send: Send): Promise<() => void> {
    let site = this.sites.get(siteId);
    if (!site) {
      const created: SiteWatch = { watchers: new Set(), unsubscribe: () => {}, pending: null, timer: null, lastSent: 0 };
      created.unsubscribe = this.opts.bus.subscribe(siteId, (update) => this.onUpdate(siteId, created, update));
      this.sites.set(siteId, created);
      site = created;
    }
    site.watchers.add(send);
    await this.opts.bus.settled();
    send(await this.message(siteId, nothingYet()));
    return () => this.unwatch(siteId, send);
  }

  close(): void {
    for (const site of this.sites.values()) {
      site.unsubscribe();
      if (site.timer) clearTimeout(site.timer);
    }
    this.sites.clear();
  }

  private unwatch(siteId: string, send: Send): void {
    const site = this.sites.get(siteId);
    if (!site) return;
    site.watchers.delete(send);
    if (site.watchers.size === 0) {
      site.unsubscribe();
      if (site.timer) clearTimeout(site.timer);
      this.sites.delete(siteId);
    }
  }

  private onUpdate(siteId: string, site: SiteWatch, update: LiveUpdate): void {
    const pending = (site.pending ??= nothingYet());
    pending.visits += update.visits;
    for (const [name, n] of Object.entries(update.counts)) {
      if (name === 'pageview') pending.pageviews += n;
      else if (isCustomEvent(name)) pending.events += n;
    }
    // the feed shows what a person did (pages, custom events, outbound links), not engagement pings
    pending.feed.push(...update.items.filter((i) => i.name !== 'engagement' && i.name !== 'click'));
    if (pending.feed.length > FEED_MAX) pending.feed.splice(0, pending.feed.length - FEED_MAX);
    if (!site.timer) {
      const wait = Math.max(0, site.lastSent + this.intervalMs - this.clock());
      site.timer = setTimeout(() => void this.flush(siteId, site), wait);
    }
  }

  private async flush(siteId: string, site: SiteWatch): Promise<void> {
    site.timer = null;
    const pending = site.pending;
    site.pending = null;
    if (!pending || site.watchers.size === 0) return;
    site.lastSent = this.clock();
    try {
      const message = await this.message(siteId, pending);
      for (const send of site.watchers) send(message);
    } catch (error) {
      this.opts.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'live update not sent');
    }
  }

  private async message(siteId: string, pending: Pending): Promise<LiveMessage> {
    const now = this.clock();
    const active = await this.opts.presence.active(siteId, now, ACTIVE_WINDOW_MS, 10).catch(() => ({ total: 0, pages: [] }));
    return {
      type: 'live',
      site: siteId,
      at: now,
      active_visitors: active.total,
      pages: active.pages,
      counts: { pageviews: pending.pageviews, events: pending.events, visits: pending.visits },
      feed: pending.feed,
    };
  }
}
