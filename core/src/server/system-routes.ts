/** Routes every role serves: health (for load balancers and the operator) and the API description. */
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route.ts';

export interface HealthSource {
  role: string;
  version: string;
  startedAt: number;
  /** false once shutdown began: load balancers should stop sending traffic */
  isServing(): boolean;
  /** per-part numbers (queue depth, drop counters, consumer lag), no personal data */
  details(): Record<string, unknown>;
}

const healthReply = z.object({
  status: z.enum(['ok', 'stopping']),
  role: z.string(),
  version: z.string(),
  uptime_s: z.number(),
}).catchall(z.unknown());

export function systemRoutes(health: HealthSource, openApi: () => unknown): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/health', tag: 'system', access: 'public',
      summary: 'Liveness, queue depth, ingest drop counters and consumer lag',
      responses: { 200: { description: 'serving', schema: healthReply }, 503: { description: 'shutting down', schema: healthReply } },
      async handler({ reply }) {
        const serving = health.isServing();
        reply.code(serving ? 200 : 503);
        return {
          status: serving ? 'ok' : 'stopping',
          role: health.role,
          version: health.version,
          uptime_s: Math.round((Date.now() - health.startedAt) / 1000),
          ...health.details(),
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/openapi.json', tag: 'system', access: 'public',
      summary: 'This API, as an OpenAPI 3.1 document',
      responses: { 200: { description: 'the document' } },
      async handler() {
        return openApi();
      },
    }),
  ];
}
