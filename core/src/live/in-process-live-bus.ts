/**
 * The live bus of embedded mode: consumer and dashboard share one process. Delivery is
 * asynchronous (next microtask) so a slow listener never runs inside the consumer's write path.
 */
import type { LiveBus, LiveListener } from './live-bus.ts';
import type { LiveUpdate } from './live-update.ts';
import { ListenerRegistry } from './listener-registry.ts';

export interface InProcessLiveBusOptions {
  /** a listener threw; default: ignored, since one broken socket must not affect others */
  onListenerError?: (e: unknown) => void;
}

export class InProcessLiveBus implements LiveBus {
  private readonly listeners = new ListenerRegistry();
  private readonly onListenerError: (e: unknown) => void;
  private closed = false;

  constructor(opts: InProcessLiveBusOptions = {}) {
    this.onListenerError = opts.onListenerError ?? (() => undefined);
  }

  async publish(siteId: string, update: LiveUpdate): Promise<void> {
    if (this.closed) return;
    await Promise.resolve();
    this.listeners.deliver(siteId, { ...update, site_id: siteId }, this.onListenerError);
  }

  subscribe(siteId: string, listener: LiveListener): () => void {
    if (this.closed) return () => undefined;
    // wrapped so the same function subscribed twice is two subscriptions, each removable once
    const own: LiveListener = (u) => listener(u);
    this.listeners.add(siteId, own);
    return () => {
      this.listeners.remove(siteId, own);
    };
  }

  async settled(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
