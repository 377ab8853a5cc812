/**
 * Errors as the API answers them: `{"error": "...", "detail": ...}` with a 4xx for anything the
 * caller sent, so no input can produce a 5xx.
 */
import type { FastifyError, FastifyInstance } from 'fastify';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Fastify's own client-error codes, mapped to what we tell the caller. */
const FASTIFY_CLIENT_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported content type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid content length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty body'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'body is not valid JSON'],
  FST_ERR_BAD_URL: [400, 'malformed URL'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad request'],
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return reply.code(err.status).send({ error: err.message, detail: err.detail ?? null });
    }
    const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
    if (known) return reply.code(known[0]).send({ error: known[1], detail: null });
    if (err instanceof SyntaxError || (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)) {
      return reply.code(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send({ error: 'bad request', detail: err.message });
    }
    // A real fault of ours: log it (without the request body, which may hold personal data).
    req.log.error({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', err: { message: err.message, stack: err.stack, code: err.code } }, 'unhandled error');
    return reply.code(500).send({ error: 'internal error', detail: null });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not found', detail: `${req.method} ${req.url.split('?')[0]}` }));
}
