import type { Metadata } from 'next';
import { AuthForm } from '../../components/AuthForm.tsx';
import { PublicHeader } from '../../components/PublicHeader.tsx';

export const metadata: Metadata = { title: 'Set up' };

export default function SetupPage() {
  return (
    <>
      <PublicHeader signIn={false} />
      <main id="main" className="auth">
        <AuthForm mode="setup" />
      </main>
    </>
  );
}
