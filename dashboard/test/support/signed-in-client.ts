/**
 * Test helper: talks to a real server as the dashboard page in a browser does — same-origin
 * Origin header, JSON bodies, the session cookie it was given, and the CSRF token from
 * /api/auth/state on writes.
 */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** send X-CSRF-Token (default: true when a token is known) */
  csrf?: boolean;
}

export class PageClient {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { origin: this.baseUrl, ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if ((opts.csrf ?? true) && this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('vigil_session='));
    if (setCookie) {
      const value = setCookie.slice('vigil_session='.length).split(';')[0]!;
      this.cookie = value === '' ? null : `vigil_session=${value}`;
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  /** GET /api/auth/state, keeping its CSRF token for later writes. */
  async state(): Promise<Answer> {
    const answer = await this.request('GET', '/api/auth/state');
    this.csrfToken = answer.body?.csrf_token ?? null;
    return answer;
  }

  async setup(email: string, password: string): Promise<Answer> {
    const answer = await this.request('POST', '/api/auth/setup', { body: { email, password } });
    if (answer.status === 201) await this.state();
    return answer;
  }

  async login(email: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
    const answer = await this.request('POST', '/api/auth/login', { body: { email, password }, headers });
    if (answer.status === 200) await this.state();
    return answer;
  }
}
