/**
 * GET /api/live: the dashboard's WebSocket. Authenticated before the upgrade (session cookie, a
 * Bearer header, or `?token=` since browsers cannot set headers on a WebSocket); a cookie-borne
 * upgrade must also come from our own origin, so another site cannot ride the admin's cookie.
 * `site=<id>` watches one site, `site=*` every site (the services list).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { ConfigStore } from '@vigil/core/configdb/config-store';
import type { Authenticate, Principal } from '@vigil/core/http/route';
import { defineRoute, type RouteSpec } from '@vigil/core/http/route';
import { HttpError } from '@vigil/core/http/errors';
import type { LiveHub } from './live-hub.ts';
import type { ServerMessage } from './live-message.ts';

const liveQuery = z.object({
  site: z.string().min(1).max(64).describe('a site id, or * for every site'),
  token: z.string().max(200).optional().describe('an API token, for clients that cannot send headers'),
});

/** Sockets that fall this far behind skip updates instead of buffering without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;
const PING_EVERY_MS = 25_000;

export interface LiveRouteDeps {
  hub: LiveHub;
  authenticate: Authenticate;
  tokens: ConfigStore['tokens'];
  sites: ConfigStore['sites'];
  publicUrl?: string;
}

/** The socket's entry in the OpenAPI document (the handler itself is the WebSocket below). */
export const liveRouteDoc: RouteSpec = defineRoute({
  method: 'GET', url: '/api/live', tag: 'live', access: 'private',
  summary: 'WebSocket: hello, then per-site live messages (active visitors, pages, counts, feed) at most 4 per second',
  query: liveQuery,
  responses: {
    101: { description: 'switching to the WebSocket protocol' },
    400: { description: 'missing site' },
    401: { description: 'no valid session or token' },
    403: { description: 'cookie-authenticated upgrade from another origin' },
    404: { description: 'no such site' },
  },
  async handler() {
    throw new HttpError(426, 'upgrade required', 'connect with a WebSocket client');
  },
});

function sameOrigin(req: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return true; // not a browser: cookies are the caller's own
  try {
    const host = new URL(origin).host.toLowerCase();
    return host === req.host.toLowerCase() || (publicUrl !== undefined && host === new URL(publicUrl).host.toLowerCase());
  } catch {
    return false;
  }
}

export async function registerLiveRoute(app: FastifyInstance, deps: LiveRouteDeps): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 4096 } });
  const watched = new WeakMap<FastifyRequest, string[]>();

  app.get('/api/live', {
    websocket: true,
    preValidation: async (req) => {
      const parsed = liveQuery.safeParse(req.query);
      const token = parsed.success ? parsed.data.token : undefined;
      let principal: Principal | null = token ? await deps.tokens.verify(token).then((t) => (t ? { kind: 'token' as const, id: t.id } : null)) : null;
      principal ??= await deps.authenticate(req);
      if (!principal) throw new HttpError(401, 'authentication required', 'sign in, or pass ?token=<api token>');
      if (principal.kind === 'user' && !sameOrigin(req, deps.publicUrl)) throw new HttpError(403, 'cross-origin WebSocket refused');
      if (!parsed.success) throw new HttpError(400, 'invalid query', parsed.error.issues.map((i) => i.message));
      const site = parsed.data.site;
      if (site === '*') watched.set(req, (await deps.sites.list()).map((s) => s.id));
      else if (await deps.sites.get(site)) watched.set(req, [site]);
      else throw new HttpError(404, 'site not found', { site });
    },
  }, async (socket: WebSocket, req) => {
    const sites = watched.get(req) ?? [];
    const send = (message: ServerMessage) => {
      if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) socket.send(JSON.stringify(message));
    };
    send({ type: 'hello', sites });
    const stops = await Promise.all(sites.map((site) => deps.hub.watch(site, send)));
    const ping = setInterval(() => send({ type: 'ping' }), PING_EVERY_MS);
    // Clients only listen; anything they send is ignored.
    socket.on('message', () => {});
    socket.once('close', () => {
      clearInterval(ping);
      for (const stop of stops) stop();
    });
  });
}
