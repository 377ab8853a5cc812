/**
 * Sign-in for the single admin: first-run setup, login, logout and the state the dashboard
 * starts from. Sessions are cookies (see ../auth); nothing here logs an address or a password.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigStore, User } from '@vigil/core/configdb/config-store';
import { defineRoute, type RouteSpec } from '@vigil/core/http/route';
import { HttpError } from '@vigil/core/http/errors';
import { clearedSessionCookie, SESSION_TTL_MS, sessionCookie } from '../auth/cookie.ts';
import { csrfTokenOf } from '../auth/csrf.ts';
import { currentSession, forgetSession, type SessionLookup } from '../auth/current-session.ts';
import type { LoginLimits } from '../auth/login-limits.ts';
import { assertSameOrigin } from '../auth/same-origin.ts';
import { asHttpErrors } from './config-errors.ts';
import { authStateReply, credentialsBody, userReply } from './auth-schemas.ts';

export interface AuthDeps extends SessionLookup {
  users: ConfigStore['users'];
  limits: LoginLimits;
  /** VIGIL_PUBLIC_URL: its origin counts as ours too */
  publicUrl: string | undefined;
}

const WRONG = 'wrong email or password';

export function authRoutes(deps: AuthDeps): RouteSpec[] {
  const signIn = async (user: User, req: FastifyRequest, reply: FastifyReply) => {
    const { secret, session } = await deps.authSessions.create(user.id, deps.clock(), SESSION_TTL_MS);
    reply.header('set-cookie', sessionCookie(req, secret, session.expires_at));
    reply.header('cache-control', 'no-store');
    return { user: { email: user.email } };
  };
  const sameOrigin = (req: FastifyRequest) => assertSameOrigin(req, deps.publicUrl);
  // two setups racing in this process must not both find "no user yet"
  let setupQueue: Promise<unknown> = Promise.resolve();

  return [
    defineRoute({
      method: 'GET', url: '/api/auth/state', tag: 'auth', access: 'public',
      summary: 'Whether first-run setup is pending, who is signed in, and the CSRF token of the session',
      responses: { 200: { description: 'state', schema: authStateReply } },
      async handler({ req, reply }) {
        const [count, current] = await Promise.all([deps.users.count(), currentSession(req, deps)]);
        reply.header('cache-control', 'no-store');
        return {
          setup_required: count === 0,
          user: current ? { email: current.user.email } : null,
          csrf_token: current ? csrfTokenOf(current.session) : null,
        };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/setup', tag: 'auth', access: 'public',
      summary: 'First run only: create the admin and sign in',
      body: credentialsBody,
      responses: {
        201: { description: 'admin created and signed in (sets the session cookie)', schema: userReply },
        400: { description: 'invalid email or password too short' },
        403: { description: 'setup is closed (a user exists), or a cross-origin request' },
        415: { description: 'the body is not JSON' },
      },
      guard: sameOrigin,
      async handler({ body, req, reply }) {
        const created = setupQueue.then(async () => {
          if ((await deps.users.count()) > 0) throw new HttpError(403, 'setup is closed', 'an admin exists; sign in instead');
          return asHttpErrors(() => deps.users.create(body.email, body.password));
        });
        setupQueue = created.catch(() => undefined);
        const user = await created;
        reply.code(201);
        return signIn(user, req, reply);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/login', tag: 'auth', access: 'public',
      summary: 'Sign in with email and password (rate limited per IP and per account)',
      body: credentialsBody,
      responses: {
        200: { description: 'signed in (sets the session cookie)', schema: userReply },
        401: { description: WRONG },
        403: { description: 'cross-origin request' },
        415: { description: 'the body is not JSON' },
        429: { description: 'too many attempts; Retry-After says when to try again' },
      },
      guard: sameOrigin,
      async handler({ body, req, reply }) {
        await deps.limits.attempt(req.ip, body.email);
        const user = await deps.users.verifyPassword(body.email, body.password);
        if (!user) throw new HttpError(401, WRONG);
        await deps.limits.succeeded(body.email);
        return signIn(user, req, reply);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/auth/logout', tag: 'auth', access: 'private',
      summary: 'Sign out: ends the session and clears its cookie',
      responses: { 204: { description: 'signed out' }, 401: { description: 'not signed in' }, 403: { description: 'CSRF check failed' } },
      async handler({ req, reply }) {
        const current = await currentSession(req, deps);
        if (current) await deps.authSessions.revoke(current.secret);
        forgetSession(req);
        reply.code(204).header('set-cookie', clearedSessionCookie(req)).header('cache-control', 'no-store').send();
      },
    }),
  ];
}
