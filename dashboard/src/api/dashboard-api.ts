/**
 * Everything the dashboard serves besides the stats queries: sign-in, the sites API with its
 * summary, and the public numbers. Also creates the admin from the environment on first start
 * and sweeps expired sessions.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ConfigStore } from '@vigil/core/configdb/config-store';
import type { EventStore } from '@vigil/core/store/event-store';
import type { RouteSpec } from '@vigil/core/http/route';
import { MemoryRateLimiter } from '@vigil/core/ratelimit/memory-rate-limiter';
import type { RateLimiter } from '@vigil/core/ratelimit/rate-limiter';
import { createAdminFromEnv } from '../auth/admin-bootstrap.ts';
import { LoginLimits } from '../auth/login-limits.ts';
import { startSessionSweep } from '../auth/session-sweep.ts';
import { authRoutes } from './auth-routes.ts';
import { siteRoutes } from './site-routes.ts';
import { publicStatsRoutes } from './public-stats-route.ts';

export interface DashboardApiDeps {
  config: ConfigStore;
  store: EventStore;
  clock: () => number;
  log: FastifyBaseLogger;
  publicUrl: string | undefined;
  admin: { email?: string | undefined; password?: string | undefined };
  /** sign-in attempt counters (Redis-backed in cluster mode, so limits hold across instances) */
  rateLimiter?: RateLimiter;
}

export interface DashboardApi {
  routes: RouteSpec[];
  close(): Promise<void>;
}

export async function dashboardApi(deps: DashboardApiDeps): Promise<DashboardApi> {
  await createAdminFromEnv(deps.config.users, deps.admin, deps.log);
  const ownLimiter = deps.rateLimiter ? null : new MemoryRateLimiter({ clock: deps.clock });
  const limiter = deps.rateLimiter ?? ownLimiter!;
  const stopSweep = startSessionSweep(deps.config.authSessions, deps.clock, deps.log);
  const lookup = { authSessions: deps.config.authSessions, clock: deps.clock };
  return {
    routes: [
      ...authRoutes({ ...lookup, users: deps.config.users, limits: new LoginLimits(limiter, deps.clock), publicUrl: deps.publicUrl }),
      ...siteRoutes({ sites: deps.config.sites, store: deps.store, publicUrl: deps.publicUrl, clock: deps.clock }),
      ...publicStatsRoutes({ store: deps.store, clock: deps.clock }),
    ],
    async close() {
      await stopSweep();
      await ownLimiter?.close();
    },
  };
}
