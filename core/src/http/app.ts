/**
 * The one Fastify instance every role mounts its routes on.
 *
 * Request logging is ours, not Fastify's: its default request log carries the client address,
 * and personal data never reaches our logs. We log method, route pattern, status and time.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { installErrorHandling } from './errors.ts';

export interface HttpAppOptions {
  trustProxy: boolean;
  logLevel: string;
}

export function createHttpApp(opts: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    trustProxy: opts.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // a stalled client cannot hold a connection forever
    requestTimeout: 30_000,
    connectionTimeout: 30_000,
    logger: {
      level: opts.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.remoteAddress', 'req.ip'], remove: true },
      serializers: { req: (req) => ({ method: req.method, url: req.routeOptions?.url ?? 'unmatched' }) },
    },
  });
  installErrorHandling(app);
  app.addHook('onResponse', async (req, reply) => {
    req.log.debug({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  return app;
}
