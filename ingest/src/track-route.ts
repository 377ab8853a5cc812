/**
 * POST /api/track as a RouteSpec, so the OpenAPI document and the route-walk test see it like any
 * other route. It parses its own body (text/plain from sendBeacon, or application/json).
 *
 * The spec is static; the pipeline that serves it belongs to the Fastify scope registerIngest
 * creates, and the handler finds it through the request's server.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '@vigil/core/http/route';
import { HttpError } from '@vigil/core/http/errors';
import type { Pipeline } from './pipeline/run-pipeline.ts';
import { endOfTurn } from './end-of-turn.ts';

export const TRACK_URL = '/api/track';
export const TRACK_CONTENT_TYPES = ['text/plain', 'application/json'];

interface Served {
  pipeline: Pipeline;
  clock: () => number;
}

const servedBy = new WeakMap<FastifyInstance, Served>();

export function servePipeline(scope: FastifyInstance, pipeline: Pipeline, clock: () => number): void {
  servedBy.set(scope, { pipeline, clock });
}

const errorSchema = z.object({ error: z.string(), detail: z.unknown() });

export const trackRoute = defineRoute({
  method: 'POST',
  url: TRACK_URL,
  summary: 'Record events from the tracker (one event or an array of up to 100)',
  tag: 'ingest',
  access: 'public',
  rawBody: TRACK_CONTENT_TYPES,
  responses: {
    202: { description: 'Accepted. Also answered for unknown sites and bots, which are counted and dropped.' },
    400: { description: 'The body is not valid JSON or an event is invalid; detail names the field.', schema: errorSchema },
    413: { description: 'The body is larger than 64 KB.', schema: errorSchema },
    415: { description: 'The content type is not text/plain or application/json.', schema: errorSchema },
    429: { description: 'The queue is full; retry after the Retry-After header.', schema: errorSchema },
    503: { description: 'The queue is not taking events (shutting down); retry after Retry-After.', schema: errorSchema },
  },
  async handler({ body, req, reply }) {
    const served = servedBy.get(req.server);
    if (!served) throw new Error(`${TRACK_URL} registered outside registerIngest: no pipeline serves it`);
    const userAgent = req.headers['user-agent'] ?? '';
    const result = await served.pipeline.run(body, { ip: req.ip, userAgent, headers: req.headers, receivedAt: served.clock() });
    if (result.outcome === 'rejected') throw new HttpError(400, result.error, result.detail);
    if (result.outcome === 'refused') {
      const { reason, retryAfterS } = result.refusal;
      const status = reason === 'queue_full' ? 429 : 503;
      throw new HttpError(status, reason === 'queue_full' ? 'queue full' : 'queue unavailable', { reason, retryAfterS }, {
        'Retry-After': String(retryAfterS),
      });
    }
    // written with the rest of this turn's answers: one wake-up of the clients, not one each
    await endOfTurn();
    return reply.code(202).send();
  },
});

export const ingestRoutes: RouteSpec[] = [trackRoute];
