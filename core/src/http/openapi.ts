/**
 * GET /api/openapi.json, written from the same RouteSpecs that register the handlers, so the
 * document cannot drift from the routes.
 */
import { z } from 'zod';
import type { RouteSpec } from './route.ts';

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function queryParameters(schema: z.ZodType | undefined): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, prop]) => {
    const { description, ...propSchema } = prop;
    return { name, in: 'query', required: object.required?.includes(name) ?? false, description, schema: propSchema };
  });
}

function pathParameters(url: string): JsonSchema[] {
  return [...url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

export function openApiDocument(routes: RouteSpec[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const operation: JsonSchema = {
      summary: route.summary,
      tags: [route.tag],
      parameters: [...pathParameters(route.url), ...queryParameters(route.query)],
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          r.schema
            ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') } } }
            : { description: r.description },
        ]),
      ),
    };
    if (route.access === 'private') operation.security = [{ bearerToken: [] }, { sessionCookie: [] }];
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    else if (route.rawBody) operation.requestBody = { required: true, content: Object.fromEntries(route.rawBody.map((t) => [t, { schema: { type: 'string' } }])) };
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vigil API', version: info.version, description: 'Self-hosted, real-time web analytics.' },
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'create one with `vigil token create`' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'vigil_session', description: 'set by POST /api/auth/login; writes also need the X-CSRF-Token header from GET /api/auth/state' },
      },
    },
    paths,
  };
}
