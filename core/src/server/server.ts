/**
 * One binary, several roles (as Grafana Loki has targets): `all` runs everything in one process;
 * `ingest`, `consumer` and `dashboard` run one part each and need cluster engines between them.
 */
import type { FastifyInstance } from 'fastify';
import type { VigilConfig } from '../config/env.ts';
import { createHttpApp } from '../http/app.ts';
import { registerRoutes, type RouteSpec } from '../http/route.ts';
import { anyOf, tokenAuthenticator } from '../http/auth.ts';
import { openApiDocument } from '../http/openapi.ts';
import { eventStoreOf, openEngines, type Engines } from './engines.ts';
import { systemRoutes } from './system-routes.ts';
import { VERSION } from '../version.ts';

export const ROLES = ['all', 'ingest', 'consumer', 'dashboard'] as const;
export type Role = (typeof ROLES)[number];

const has = (role: Role, part: Exclude<Role, 'all'>) => role === 'all' || role === part;

export interface RunningServer {
  app: FastifyInstance;
  engines: Engines;
  /** http://host:port the server listens on */
  url: string;
  /** every route spec this process serves (OpenAPI, route-walk test) */
  routes: RouteSpec[];
  /** Stops taking requests, writes everything accepted, closes the engines. */
  stop(): Promise<void>;
}

export interface StartOptions {
  role?: Role;
  /** the time source for event timestamps, salts, sessions and "now" in stats (tests set it) */
  clock?: () => number;
}

export async function startServer(config: VigilConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const role = opts.role ?? 'all';
  const clock = opts.clock ?? Date.now;
  const app = createHttpApp({ trustProxy: config.VIGIL_TRUST_PROXY, logLevel: config.VIGIL_LOG_LEVEL });
  const log = app.log;
  // Roles split across processes need engines those processes can share.
  if (role !== 'all' && !config.KAFKA_BROKERS) {
    throw new Error(`role '${role}' needs a queue shared between processes: set KAFKA_BROKERS (see the README's cluster section), or run --role all`);
  }
  if ((role === 'consumer' || role === 'dashboard') && !config.CLICKHOUSE_URL) {
    throw new Error(`role '${role}' needs an event store shared between processes: set CLICKHOUSE_URL (DuckDB is one process's file), or run --role all`);
  }
  const engines = await openEngines(config, log, clock, { ingest: has(role, 'ingest'), consumer: has(role, 'consumer'), dashboard: has(role, 'dashboard') });

  const startedAt = Date.now();
  let serving = true;
  const details: Record<string, () => unknown> = { queue: () => engines.queue.stats() };
  const routes: RouteSpec[] = [];
  const closers: (() => Promise<void>)[] = [];
  const { sessionAuthenticator } = await import('@vigil/dashboard/auth/session-authenticator');
  // API tokens first: a request that carries one needs no CSRF token, even with a cookie
  const authenticate = anyOf(
    tokenAuthenticator(engines.config.tokens),
    sessionAuthenticator({ authSessions: engines.config.authSessions, clock }),
  );

  if (has(role, 'ingest')) {
    const { registerTrackerScripts } = await import('@vigil/tracker/serve');
    const { registerIngest } = await import('@vigil/ingest/register-ingest');
    const { ingestRoutes } = await import('@vigil/ingest/track-route');
    const { liveFanout } = await import('@vigil/ingest/live-fanout');
    await registerTrackerScripts(app);
    // Live dashboards hear of an event as soon as it is accepted, not after the next storage
    // flush, so "shown within a second" holds whatever the batch interval.
    const fanout = liveFanout({ live: engines.live, presence: engines.presence, log });
    closers.push(() => fanout.close());
    const ingest = await registerIngest(app, {
      onAccepted: fanout.add,
      trustProxy: config.VIGIL_TRUST_PROXY,
      sites: engines.config.sites,
      salts: engines.salts,
      sessions: engines.sessions,
      queue: engines.queue,
      clock,
    });
    routes.push(...ingestRoutes);
    details.ingest = () => ingest.counters.snapshot();
    closers.push(() => ingest.close());
  }

  if (has(role, 'consumer')) {
    const { runConsumer } = await import('@vigil/consumer/run-consumer');
    const consumer = await runConsumer({ queue: engines.queue, store: eventStoreOf(engines), log, clock });
    details.consumer = () => consumer.stats();
  }

  const served: RouteSpec[] = [];
  if (has(role, 'dashboard')) {
    const { statsRoutes } = await import('@vigil/dashboard/api/stats-routes');
    const { registerNext } = await import('@vigil/dashboard/next-handler');
    const { dashboardApi } = await import('@vigil/dashboard/api/dashboard-api');
    served.push(...statsRoutes({ sites: engines.config.sites, store: eventStoreOf(engines), clock }));
    const api = await dashboardApi({
      config: engines.config,
      store: eventStoreOf(engines),
      clock,
      log,
      publicUrl: config.VIGIL_PUBLIC_URL,
      admin: { email: config.VIGIL_ADMIN_EMAIL, password: config.VIGIL_ADMIN_PASSWORD },
      rateLimiter: engines.rateLimiter,
    });
    served.push(...api.routes);
    closers.push(() => api.close());
    const { LiveHub } = await import('@vigil/dashboard/live/live-hub');
    const { registerLiveRoute, liveRouteDoc } = await import('@vigil/dashboard/live/live-route');
    const hub = new LiveHub({ bus: engines.live, presence: engines.presence, log, clock });
    await registerLiveRoute(app, { hub, authenticate, tokens: engines.config.tokens, sites: engines.config.sites, publicUrl: config.VIGIL_PUBLIC_URL });
    routes.push(liveRouteDoc);
    closers.push(async () => hub.close());
    const dashboard = await registerNext(app);
    closers.push(() => dashboard.close());
  }

  const system = systemRoutes(
    {
      role,
      version: VERSION,
      startedAt,
      isServing: () => serving,
      details: () => Object.fromEntries(Object.entries(details).map(([k, f]) => [k, f()])),
    },
    () => openApiDocument(routes, { version: VERSION }),
  );
  served.push(...system);
  routes.push(...served);
  registerRoutes(app, served, authenticate);

  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${port}`;
  log.info(`Vigil ${VERSION} (${role}) listening on ${url}`);
  for (const line of engines.describe) log.info(line);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      serving = false;
      const t0 = Date.now();
      log.info('shutting down: no new requests');
      await app.close();
      if (has(role, 'consumer')) {
        const { pending } = engines.queue.stats();
        log.info(`shutting down: writing ${pending} accepted events`);
        await engines.queue.drain();
      }
      for (const close of closers) await close();
      await engines.close();
      log.info(`shut down cleanly in ${Date.now() - t0} ms`);
    })());

  return { app, engines, url, routes, stop };
}
