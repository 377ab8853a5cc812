'use client';
import type { ReactNode } from 'react';
import { SessionProvider, useSessionState } from '../lib/session.tsx';
import { AppHeader } from './AppHeader.tsx';

/** Signed-in pages: the header, and the page itself once the session is confirmed. */
export function AppShell({ children, loading }: { children: ReactNode; loading: ReactNode }) {
  const { session, error } = useSessionState();
  if (!session) {
    return (
      <>
        <AppHeader />
        <main id="main" className="container" aria-busy={!error}>
          {error ? <p className="state state-error" role="alert">{error}</p> : loading}
        </main>
      </>
    );
  }
  return (
    <SessionProvider session={session}>
      <AppHeader />
      <main id="main" className="container">
        {children}
      </main>
    </SessionProvider>
  );
}
