/**
 * Who is calling. API tokens (`vigil token create`) arrive as `Authorization: Bearer <token>`.
 * The dashboard's sign-in sessions plug in here as a second source.
 */
import type { FastifyRequest } from 'fastify';
import type { ConfigStore } from '../configdb/config-store.ts';
import type { Authenticate, Principal } from './route.ts';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  return BEARER.exec(header)?.[1] ?? null;
}

export function tokenAuthenticator(tokens: ConfigStore['tokens']): Authenticate {
  return async (req): Promise<Principal | null> => {
    const secret = bearerToken(req);
    if (!secret) return null;
    const token = await tokens.verify(secret);
    return token ? { kind: 'token', id: token.id } : null;
  };
}

/** The first source that knows the caller wins. */
export function anyOf(...sources: Authenticate[]): Authenticate {
  return async (req) => {
    for (const source of sources) {
      const principal = await source(req);
      if (principal) return principal;
    }
    return null;
  };
}
