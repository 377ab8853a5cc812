import Link from 'next/link';
import { PublicHeader } from '../components/PublicHeader.tsx';

export default function NotFound() {
  return (
    <>
      <PublicHeader />
      <main id="main" className="auth">
        <div className="card" style={{ textAlign: 'center' }}>
          <h1>Page not found</h1>
          <p className="lead">There is nothing at this address.</p>
          <Link href="/" className="btn">
            Go to the start page
          </Link>
        </div>
      </main>
    </>
  );
}
