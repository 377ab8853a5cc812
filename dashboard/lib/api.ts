/**
 * The one way the browser talks to the API: same-origin JSON with the session cookie, the CSRF
 * token on every write, and a trip to /login (or /setup on first run) when the session is gone.
 */
import type { AuthState } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: unknown = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** sign-in pages handle 401 themselves instead of being sent to /login */
  allowUnauthenticated?: boolean;
}

export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (WRITES.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'the server cannot be reached; check your connection');
  }
  if (res.status === 401 && !opts.allowUnauthenticated) {
    void goToSignIn();
    throw new ApiError(401, 'your session has ended; sign in again');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, `the server answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    const error = body as { error?: unknown; detail?: unknown } | null;
    const message = typeof error?.error === 'string' ? error.error : `request failed (${res.status})`;
    throw new ApiError(res.status, message, error?.detail ?? null);
  }
  return body as T;
}

export async function fetchAuthState(): Promise<AuthState> {
  const state = await api<AuthState>('/api/auth/state', { allowUnauthenticated: true });
  csrfToken = state.csrf_token;
  return state;
}

/** After sign-in the session's CSRF token must be fetched before the first write. */
export function forgetCsrfToken(): void {
  csrfToken = null;
}

let redirecting = false;

export async function goToSignIn(): Promise<void> {
  if (redirecting) return;
  redirecting = true;
  let target = '/login';
  try {
    const state = await fetchAuthState();
    if (state.setup_required) target = '/setup';
  } catch {
    // /login explains itself if the server is down too
  }
  const here = window.location.pathname + window.location.search;
  const next = here.startsWith('/services') ? `?next=${encodeURIComponent(here)}` : '';
  window.location.assign(target + (target === '/login' ? next : ''));
}

/** `?next=` may only point inside the app, never to another origin. */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/services';
  return value;
}
