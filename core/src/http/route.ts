/**
 * Every JSON route has one shape: auth -> schema -> permission -> query -> reply.
 *
 * A route is declared once as a `RouteSpec`. The same list registers the Fastify handlers, writes
 * the OpenAPI document and drives the test that walks every private route without credentials.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from './errors.ts';

export type Access = 'public' | 'private';

/** Who is calling: an API token or (dashboard) a signed-in user. */
export interface Principal {
  kind: 'token' | 'user';
  id: string;
  /**
   * Set when a browser cookie authenticated the call. A browser sends cookies on cross-site
   * requests too, so a state-changing request must echo this in X-CSRF-Token to prove it came
   * from our own pages.
   */
  csrfToken?: string;
}

export type Authenticate = (req: FastifyRequest) => Promise<Principal | null>;

export interface RouteContext<Q, B> {
  query: Q;
  body: B;
  params: Record<string, string>;
  principal: Principal | null;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  access: Access;
  query?: Q;
  /** JSON body schema; routes that parse their own body (POST /api/track) leave it out */
  body?: B;
  /** content types the route takes when it has no JSON body schema (documented in OpenAPI) */
  rawBody?: string[];
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** runs after auth and before the body is read: refuse a request on its headers alone */
  guard?(req: FastifyRequest): void;
  handler(ctx: RouteContext<z.infer<Q>, z.infer<B>>): Promise<unknown>;
}

/** Keeps each route's query/body types tied to its schemas. */
export function defineRoute<Q extends z.ZodType = z.ZodObject<{}>, B extends z.ZodType = z.ZodUnknown>(
  spec: RouteSpec<Q, B>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

function parseWith<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new HttpError(400, `invalid ${where}`, result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return result.data;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function csrfHeaderMatches(expected: string, header: unknown): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `authenticate` null: the routes never look at who calls (POST /api/track), so a public route
 * without a guard gets no onRequest hook at all; a private route needs an authenticator.
 */
export function registerRoutes(app: FastifyInstance, routes: RouteSpec[], authenticate: Authenticate | null): void {
  const principals = new WeakMap<FastifyRequest, Principal | null>();
  for (const spec of routes) {
    if (!authenticate && spec.access === 'private') throw new Error(`${spec.method} ${spec.url} is private: registerRoutes needs an authenticator for it`);
    const identify = authenticate ?? (async () => null);
    app.route({
      method: spec.method,
      url: spec.url,
      // Auth runs before the body is even parsed (and before the schema), so an anonymous caller
      // learns nothing about a private route: every one answers it with the same 401.
      onRequest: !authenticate && !spec.guard ? undefined : async (req) => {
        const principal = await identify(req);
        if (spec.access === 'private') {
          if (!principal) {
            throw new HttpError(401, 'authentication required', 'send Authorization: Bearer <token> (create one with `vigil token create`) or sign in');
          }
          if (principal.csrfToken !== undefined && STATE_CHANGING.has(req.method) && !csrfHeaderMatches(principal.csrfToken, req.headers['x-csrf-token'])) {
            throw new HttpError(403, 'CSRF check failed', 'send X-CSRF-Token with the csrf_token from GET /api/auth/state');
          }
        }
        spec.guard?.(req);
        principals.set(req, principal);
      },
      handler: async (req, reply) => {
        const principal = principals.get(req) ?? null;
        const query = parseWith(spec.query, req.query, 'query');
        const body = spec.body ? parseWith(spec.body, req.body, 'body') : req.body;
        const result = await spec.handler({
          query,
          body,
          params: (req.params ?? {}) as Record<string, string>,
          principal,
          req,
          reply,
        });
        if (reply.sent) return reply;
        return result;
      },
    });
  }
}
