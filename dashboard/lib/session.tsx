'use client';
/**
 * The signed-in user for the app's pages. Pages under /services render only once the session is
 * known, so their first API call never races a redirect to /login.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { fetchAuthState, goToSignIn } from './api.ts';

export interface Session {
  email: string;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session | null {
  return useContext(SessionContext);
}

export function useSessionState(): { session: Session | null; error: string | null } {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetchAuthState()
      .then((state) => {
        if (cancelled) return;
        if (state.user) setSession({ email: state.user.email });
        else void goToSignIn();
      })
      .catch((err: Error) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
    };
  }, []);
  return { session, error };
}

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
