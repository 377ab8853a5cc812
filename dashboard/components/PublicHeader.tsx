import Link from 'next/link';
import { Brand } from './Logo.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

export function PublicHeader({ signIn = true }: { signIn?: boolean }) {
  return (
    <header className="app-header">
      <div className="container">
        <Brand />
        <span className="header-spacer" />
        <ThemeToggle />
        {signIn && (
          <Link href="/login" className="btn btn-small">
            Sign in
          </Link>
        )}
      </div>
    </header>
  );
}
