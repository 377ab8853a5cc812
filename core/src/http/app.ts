/**
 * The one Fastify instance every role mounts its routes on.
 *
 * Request logging is ours, not Fastify's: its default request log carries the client address,
 * and personal data never reaches our logs. We log method, route pattern, status and time.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { installErrorHandling } from './errors.ts';

export interface HttpAppOptions {
  trustProxy: boolean;
  logLevel: string;
  /** where log lines go: standard output by default */
  logStream?: { write(line: string): void };
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

const DEBUG_LEVELS = new Set(['debug', 'trace']);

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered on the app, in any scope: the route-walk test checks each one. */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  return registered.get(app) ?? [];
}

export function createHttpApp(opts: HttpAppOptions): FastifyInstance {
  const perRequestLogs = DEBUG_LEVELS.has(opts.logLevel);
  const app = Fastify({
    // Fastify gives every request a child logger bound to its request id, at a cost on every
    // /api/track call. The id only ties together the lines of one request, and above debug a
    // request writes at most one (an unhandled error, which carries its route): requests share
    // the app's logger then.
    ...(perRequestLogs ? {} : { childLoggerFactory: (logger: FastifyBaseLogger) => logger }),
    trustProxy: opts.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // a stalled client cannot hold a connection forever
    requestTimeout: 30_000,
    connectionTimeout: 30_000,
    logger: {
      level: opts.logLevel,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.remoteAddress', 'req.ip'], remove: true },
      serializers: { req: (req) => ({ method: req.method, url: req.routeOptions?.url ?? 'unmatched' }) },
    },
  });
  installErrorHandling(app);
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  // The level is fixed at start: above debug the hook would only build a log line pino drops,
  // on every request, so it is not installed at all.
  if (perRequestLogs) {
    app.addHook('onResponse', async (req, reply) => {
      req.log.debug({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    });
  }
  return app;
}
