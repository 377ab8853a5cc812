/**
 * Serves the Next.js dashboard from the same Fastify app and port as the API.
 *
 * Fastify answers its own routes (/api/*, /track.js, ...). Every other request, which Fastify would
 * answer with a 404, is handed to Next's request handler instead: pages, /_next/static assets and
 * public files. Unknown /api/* paths keep their JSON 404. The dashboard is built ahead of time
 * (`npm run build`); it is never compiled at run time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const DASHBOARD_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface NextOptions {
  /** Next's dev mode (compiles on request); only for working on the dashboard itself */
  dev?: boolean;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The part of Next's custom-server API we use. */
interface NextServer {
  prepare(): Promise<void>;
  getRequestHandler(): RequestHandler;
  close(): Promise<void>;
}
type CreateNext = (opts: { dev: boolean; dir: string; quiet: boolean }) => NextServer;

// Imported through a variable so the server's type check does not load Next's global type
// augmentations (they make process.env.NODE_ENV mandatory in every ProcessEnv in the tree).
const NEXT_MODULE: string = 'next';

/** Paths Fastify owns even when nothing matches them, so they keep JSON 404s. */
function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export class DashboardNotBuiltError extends Error {
  constructor(dir: string) {
    super(`the dashboard is not built (no ${join(dir, '.next', 'BUILD_ID')}): run \`npm run build\` first`);
  }
}

export async function registerNext(app: FastifyInstance, opts: NextOptions = {}): Promise<{ close(): Promise<void> }> {
  const dev = opts.dev ?? false;
  if (!dev && !existsSync(join(DASHBOARD_DIR, '.next', 'BUILD_ID'))) throw new DashboardNotBuiltError(DASHBOARD_DIR);
  process.env.NEXT_TELEMETRY_DISABLED = '1';

  const { default: createNext } = (await import(NEXT_MODULE)) as { default: CreateNext };
  const nextApp = createNext({ dev, dir: DASHBOARD_DIR, quiet: true });
  // Preparing reads the build manifests; the first page request waits for it, the API does not.
  const ready: Promise<RequestHandler> = nextApp.prepare().then(() => nextApp.getRequestHandler());
  ready.catch((err: Error) => app.log.error({ err: { message: err.message } }, 'the dashboard failed to start'));

  const toNext = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    try {
      const handle = await ready;
      await handle(req.raw, reply.raw);
    } catch (err) {
      req.log.error({ err: { message: (err as Error).message } }, 'dashboard request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        reply.raw.end('The dashboard failed to answer; see the server log.');
      } else {
        reply.raw.end();
      }
    }
  };

  // `/` is a route of its own so it is listed (and allow-listed as public) like every other route.
  app.get('/', toNext);
  // Anything no route matches goes to Next, except the API's own namespace.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.is404 || isApiPath(req.url)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    await toNext(req, reply);
  });

  return {
    async close() {
      await ready.catch(() => undefined);
      await nextApp.close();
    },
  };
}
