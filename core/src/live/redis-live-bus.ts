/**
 * The live bus of cluster mode: Redis pub/sub on channel `vigil:live:<siteId>`. Each process
 * subscribes only to the sites its dashboard sockets watch, on a connection of its own (a
 * subscribed connection can do nothing else), which resubscribes by itself after a reconnect.
 *
 * A Redis outage pauses live updates and nothing else: publish drops the update, logs once per
 * outage and resolves; subscriptions come back with Redis.
 */
import type { LiveBus, LiveListener } from './live-bus.ts';
import { parseLiveUpdate, type LiveUpdate } from './live-update.ts';
import { ListenerRegistry } from './listener-registry.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import { RedisUnavailableError, describeCause } from '../redis/redis-unavailable.ts';

export const LIVE_CHANNEL_PREFIX = 'vigil:live:';

export interface RedisLiveBusOptions {
  /** the process's command connection, used to PUBLISH; the bus does not close it */
  connection: RedisConnection;
  /** default 'vigil:live:'; tests use their own to stay apart */
  channelPrefix?: string;
  onListenerError?: (e: unknown) => void;
}

export class RedisLiveBus implements LiveBus {
  private readonly connection: RedisConnection;
  private readonly subscriber: RedisConnection;
  private readonly prefix: string;
  private readonly listeners = new ListenerRegistry();
  private readonly onListenerError: (e: unknown) => void;
  private readonly pending = new Set<Promise<void>>();
  private dropping = false;
  private closed = false;

  constructor(opts: RedisLiveBusOptions) {
    this.connection = opts.connection;
    this.prefix = opts.channelPrefix ?? LIVE_CHANNEL_PREFIX;
    this.onListenerError = opts.onListenerError ?? (() => undefined);
    this.subscriber = opts.connection.duplicate(`${opts.connection.name}:live-subscriber`);
    // Subscriptions wanted while Redis was away are made when it is back. (node-redis can queue
    // them itself, but a SUBSCRIBE queued before the first connect delivers nothing: we keep
    // SUBSCRIBE to ready connections.)
    this.subscriber.client.on('ready', () => this.reconcile());
  }

  async publish(siteId: string, update: LiveUpdate): Promise<void> {
    if (this.closed) return;
    const message = JSON.stringify({ ...update, site_id: siteId });
    try {
      await this.connection.run('live publish', (c) => c.publish(this.prefix + siteId, message));
      this.dropping = false;
    } catch (e) {
      if (!this.dropping) {
        this.dropping = true;
        this.connection.log.warn(
          `live updates dropped while redis is unavailable (${describeCause(e instanceof RedisUnavailableError ? e.cause : e)})`,
        );
      }
    }
  }

  subscribe(siteId: string, listener: LiveListener): () => void {
    if (this.closed) return () => undefined;
    const own: LiveListener = (u) => listener(u);
    if (this.listeners.add(siteId, own)) this.subscribeChannel(siteId);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (this.listeners.remove(siteId, own) && !this.closed) {
        this.track(this.subscriber.client.unsubscribe(this.prefix + siteId, this.onMessage));
      }
    };
  }

  async settled(): Promise<void> {
    // subscriptions made before the subscriber connected are sent when it connects
    if (!this.closed && this.listeners.sites().length > 0 && !this.subscriber.isReady) {
      await this.subscriber.ready().catch(() => undefined);
    }
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.subscriber.close();
    await this.settled();
  }

  private readonly onMessage = (message: string, channel: string): void => {
    if (!channel.startsWith(this.prefix)) return;
    const siteId = channel.slice(this.prefix.length);
    const update = parseLiveUpdate(message);
    // another site's update can only arrive here through a bug or a foreign publisher: drop it
    if (!update || update.site_id !== siteId) return;
    this.listeners.deliver(siteId, update, this.onListenerError);
  };

  private subscribeChannel(siteId: string): void {
    if (!this.subscriber.isReady) return;
    this.track(this.subscriber.client.subscribe(this.prefix + siteId, this.onMessage), () => {
      // The connection dropped before Redis confirmed, so node-redis forgot the channel; the
      // reconcile on the next 'ready' subscribes it again. If it is ready already, do it now.
      if (this.subscriber.isReady) setTimeout(() => this.reconcile(), 100).unref();
    });
  }

  /**
   * Makes every site with a listener subscribed. node-redis resubscribes the channels it knew
   * after a reconnect; this adds those whose SUBSCRIBE was lost mid-flight. Subscribing a channel
   * node-redis already has is free: it only adds the (same) listener to its set.
   */
  private reconcile(): void {
    if (this.closed || !this.subscriber.isReady) return;
    for (const siteId of this.listeners.sites()) this.subscribeChannel(siteId);
  }

  private track(command: Promise<unknown>, onFailure: () => void = () => undefined): void {
    const settled: Promise<void> = command.then(
      () => undefined,
      () => {
        if (!this.closed) onFailure();
      },
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }
}
