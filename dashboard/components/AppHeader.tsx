'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { api, forgetCsrfToken } from '../lib/api.ts';
import { useSession } from '../lib/session.tsx';
import { Brand } from './Logo.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

export function AppHeader() {
  const session = useSession();
  const pathname = usePathname();
  const [leaving, setLeaving] = useState(false);

  const signOut = async () => {
    setLeaving(true);
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } catch {
      // the session is gone either way once we land on /login
    }
    forgetCsrfToken();
    window.location.assign('/login');
  };

  return (
    <header className="app-header">
      <div className="container">
        <Brand href="/services" />
        <nav className="header-nav" aria-label="Main">
          <Link href="/services" aria-current={pathname === '/services' ? 'page' : undefined}>
            Services
          </Link>
        </nav>
        <span className="header-spacer" />
        {session && <span className="header-user">{session.email}</span>}
        <ThemeToggle />
        {session && (
          <button type="button" className="btn btn-small" onClick={signOut} disabled={leaving}>
            {leaving ? 'Signing out…' : 'Sign out'}
          </button>
        )}
      </div>
    </header>
  );
}
