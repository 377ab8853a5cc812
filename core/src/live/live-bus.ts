/**
 * The live bus: the consumer publishes what it just stored, dashboard sockets subscribe per site.
 * Embedded mode uses InProcessLiveBus; cluster mode RedisLiveBus, so a dashboard process sees
 * events stored by any consumer process. Publishers go through a LiveCoalescer so a burst of
 * events reaches subscribers as a few updates per second.
 */
import type { LiveUpdate } from './live-update.ts';

export type LiveListener = (update: LiveUpdate) => void;

export interface LiveBus {
  /** Delivers to every subscriber of the site. Never rejects: live updates are best effort. */
  publish(siteId: string, update: LiveUpdate): Promise<void>;
  /** Listens to one site's updates only; returns the unsubscribe function. */
  subscribe(siteId: string, listener: LiveListener): () => void;
  /**
   * Resolves once every subscription made so far receives updates (Redis confirms them
   * asynchronously). While Redis is unreachable it gives up after a few seconds and resolves.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}
