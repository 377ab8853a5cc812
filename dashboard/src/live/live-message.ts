/**
 * What a dashboard socket receives (the contract the UI codes against): a hello, then per-site
 * `live` messages at most a few times a second, and a ping to keep proxies from closing it.
 */
import type { LiveItem } from '@vigil/core/live/live-update';
import type { PagePresence } from '@vigil/core/presence/presence-store';

export interface HelloMessage {
  type: 'hello';
  sites: string[];
}

export interface LiveMessage {
  type: 'live';
  site: string;
  at: number;
  active_visitors: number;
  pages: PagePresence[];
  /** What arrived since the previous message for this site: visits are the sessions it opened. */
  counts: { pageviews: number; events: number; visits: number };
  /** newest items, oldest first, at most FEED_MAX */
  feed: LiveItem[];
}

export interface PingMessage {
  type: 'ping';
}

export type ServerMessage = HelloMessage | LiveMessage | PingMessage;

export const FEED_MAX = 20;
