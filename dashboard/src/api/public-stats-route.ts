/** GET /api/stats/public: the landing page's numbers, public and cacheable for 5 s. */
import { z } from 'zod';
import type { EventStore } from '@vigil/core/store/event-store';
import { defineRoute, type RouteSpec } from '@vigil/core/http/route';
import { publicStatsSource } from './public-stats.ts';

const publicStatsReply = z.object({
  websites_today: z.number().describe('sites with at least one event since 00:00 UTC'),
  events_last_hour: z.number(),
  people_now: z.number().describe('visitors active in the last 5 minutes, all sites'),
});

export function publicStatsRoutes(deps: { store: EventStore; clock: () => number }): RouteSpec[] {
  const current = publicStatsSource(deps.store, deps.clock);
  return [
    defineRoute({
      method: 'GET', url: '/api/stats/public', tag: 'stats', access: 'public',
      summary: 'Social-proof numbers across all sites (no personal data), cached for 5 s',
      responses: { 200: { description: 'numbers', schema: publicStatsReply } },
      async handler({ reply }) {
        reply.header('cache-control', 'public, max-age=5');
        return current();
      },
    }),
  ];
}
