import type { Metadata } from 'next';
import { AuthForm } from '../../components/AuthForm.tsx';
import { PublicHeader } from '../../components/PublicHeader.tsx';

export const metadata: Metadata = { title: 'Sign in' };

export default function LoginPage() {
  return (
    <>
      <PublicHeader signIn={false} />
      <main id="main" className="auth">
        <AuthForm mode="login" />
      </main>
    </>
  );
}
