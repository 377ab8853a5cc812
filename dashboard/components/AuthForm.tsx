'use client';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, fetchAuthState, safeNext } from '../lib/api.ts';

type Mode = 'login' | 'setup';

const COPY: Record<Mode, { title: string; lead: string; submit: string; busy: string }> = {
  login: { title: 'Sign in', lead: 'Welcome back. Your dashboards are waiting.', submit: 'Sign in', busy: 'Signing in…' },
  setup: {
    title: 'Create the admin account',
    lead: 'First run: this account owns every site on this Vigil server.',
    submit: 'Create account',
    busy: 'Creating…',
  },
};

const MIN_PASSWORD = 8;

/** Login and first-run setup: the same form, different endpoint and wording. */
export function AuthForm({ mode }: { mode: Mode }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(false);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  const copy = COPY[mode];

  useEffect(() => {
    // Wrong page for the server's state? Go where the user belongs.
    fetchAuthState()
      .then((state) => {
        if (state.user) return window.location.replace(nextTarget());
        if (mode === 'login' && state.setup_required) return window.location.replace('/setup');
        if (mode === 'setup' && !state.setup_required) return window.location.replace('/login');
        setReady(true);
      })
      .catch((err: Error) => {
        setError(err.message);
        setReady(true);
      });
  }, [mode]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (mode === 'setup' && password.length < MIN_PASSWORD) {
      setError(`Choose a password of at least ${MIN_PASSWORD} characters.`);
      return;
    }
    setBusy(true);
    try {
      await api(`/api/auth/${mode}`, { method: 'POST', body: { email, password }, allowUnauthenticated: true });
      window.location.assign(nextTarget());
    } catch (err) {
      setError(describe(err, mode));
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <h1>{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      {error && (
        <p className="form-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
        <div className="field">
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            className="input"
            type="email"
            name="email"
            autoComplete={mode === 'login' ? 'username' : 'email'}
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>Password</label>
          <input
            id={passwordId}
            className="input"
            type="password"
            name="password"
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'setup' ? MIN_PASSWORD : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
          {mode === 'setup' && <span className="hint">At least {MIN_PASSWORD} characters.</span>}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !ready}>
          {busy ? copy.busy : copy.submit}
        </button>
      </form>
    </div>
  );
}

function nextTarget(): string {
  return safeNext(new URLSearchParams(window.location.search).get('next'));
}

function describe(err: unknown, mode: Mode): string {
  if (!(err instanceof ApiError)) return 'Something went wrong; try again.';
  if (err.status === 401) return 'Wrong email or password.';
  if (err.status === 429) return `Too many sign-in attempts. ${capitalize(err.message.replace(/^too many sign-in attempts;?\s*/i, ''))}`.trim();
  if (err.status === 403 && mode === 'setup') return 'Setup is already done. Sign in instead.';
  if (err.status === 400) return detailMessage(err) ?? 'Check the email and password.';
  return capitalize(err.message);
}

function detailMessage(err: ApiError): string | null {
  const detail = err.detail;
  if (Array.isArray(detail) && detail.length > 0) {
    const first = detail[0] as { path?: string; message?: string };
    if (first?.message) return capitalize(`${first.path ? `${first.path}: ` : ''}${first.message}`);
  }
  return err.message ? capitalize(err.message) : null;
}

function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.') : text;
}
