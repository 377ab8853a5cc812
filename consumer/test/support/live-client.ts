/**
 * Test helper: a WebSocket on a dashboard's /api/live, collecting every message with the time it
 * arrived, and a way to wait for one that matches.
 */
import WebSocket from 'ws';

export interface LiveMessage {
  type: string;
  site?: string;
  active_visitors?: number;
  counts?: { pageviews: number; events: number };
  feed?: { name: string; page: string }[];
}

export interface LiveClient {
  messages: { at: number; message: LiveMessage }[];
  /** the first message (already received or still to come) that matches, or a rejection after `ms` */
  next(pred: (m: LiveMessage) => boolean, ms?: number): Promise<{ at: number; message: LiveMessage }>;
  close(): void;
}

export function openLive(dashboardUrl: string, siteId: string, token: string): Promise<LiveClient> {
  const ws = new WebSocket(`${dashboardUrl.replace(/^http/, 'ws')}/api/live?site=${encodeURIComponent(siteId)}&token=${encodeURIComponent(token)}`);
  const messages: { at: number; message: LiveMessage }[] = [];
  const waiters: { pred: (m: LiveMessage) => boolean; resolve: (m: { at: number; message: LiveMessage }) => void }[] = [];
  ws.on('message', (data) => {
    const got = { at: Date.now(), message: JSON.parse(String(data)) as LiveMessage };
    messages.push(got);
    for (const w of [...waiters]) {
      if (w.pred(got.message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(got);
      }
    }
  });
  const next = (pred: (m: LiveMessage) => boolean, ms = 3000) =>
    new Promise<{ at: number; message: LiveMessage }>((resolve, reject) => {
      const found = messages.find((m) => pred(m.message));
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no matching live message within ${ms} ms; got ${JSON.stringify(messages.map((m) => m.message))}`)), ms);
      waiters.push({ pred, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ messages, next, close: () => ws.close() }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`live socket refused: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
