/**
 * The live channel: one WebSocket to /api/live for a site (or `*`, every site), reconnecting with
 * exponential backoff (1 s, 2 s, 4 s ... 30 s, with jitter so many tabs do not return at once).
 */
import type { LiveMessage, LiveUpdate } from './types.ts';

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

export interface LiveHandlers {
  onUpdate(update: LiveUpdate): void;
  onStatus?(status: LiveStatus): void;
}

const MAX_DELAY_MS = 30_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
  // +-20 % jitter, never above the cap
  return Math.min(MAX_DELAY_MS, Math.round(base * (0.8 + random() * 0.4)));
}

function liveUrl(site: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/api/live?site=${encodeURIComponent(site)}`;
}

/** Opens the channel; returns a function that closes it for good. */
export function connectLive(site: string, handlers: LiveHandlers): () => void {
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let closed = false;

  const open = () => {
    if (closed) return;
    handlers.onStatus?.(attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(liveUrl(site));
    socket = ws;
    ws.onmessage = (event) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(String(event.data)) as LiveMessage;
      } catch {
        return;
      }
      if (message.type === 'hello') {
        attempt = 0;
        handlers.onStatus?.('open');
      } else if (message.type === 'live') {
        handlers.onUpdate(message);
      }
    };
    ws.onclose = () => {
      if (closed || socket !== ws) return;
      socket = null;
      handlers.onStatus?.('reconnecting');
      timer = setTimeout(open, backoffDelay(attempt));
      attempt++;
    };
  };

  open();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    socket?.close();
    socket = null;
  };
}
