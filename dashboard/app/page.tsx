import Link from 'next/link';
import { LivePreview } from '../components/LivePreview.tsx';
import { PublicCounters } from '../components/PublicCounters.tsx';
import { PublicHeader } from '../components/PublicHeader.tsx';
import { PublicStatsProvider } from '../lib/public-stats.tsx';

const FEATURES = [
  {
    title: 'Privacy-friendly',
    text: 'No cookies, no local storage, no fingerprints kept. Visitor ids rotate daily with a secret salt, so nobody can be followed across days or sites.',
  },
  {
    title: 'Real-time',
    text: 'Every page view reaches your dashboard within a second: visitors now, the pages they read and a live feed, pushed over a WebSocket.',
  },
  {
    title: 'Self-hosted',
    text: 'One process on your own server with an embedded database, or a cluster with PostgreSQL, Redis and Kafka when you grow. Your data never leaves.',
  },
  {
    title: 'Verifiable counters',
    text: 'Every number comes from one documented query model and an open API; the counters on this page are this server’s real totals.',
  },
];

export default function LandingPage() {
  return (
    <PublicStatsProvider>
      <PublicHeader />
      <main id="main" className="container">
        <section className="hero" aria-labelledby="hero-title">
          <div>
            <span className="eyebrow">
              <span className="pulse" aria-hidden="true" /> Open-source web analytics
            </span>
            <h1 id="hero-title">See who is on your site right now — without watching anyone.</h1>
            <p className="lead">
              Vigil is privacy-friendly, real-time web analytics you host yourself. A 1.5 kB script, no cookie banner, and
              numbers you can check.
            </p>
            <div className="hero-actions">
              <Link href="/login" className="btn btn-primary">
                Sign in to your dashboard
              </Link>
              <a href="/api/openapi.json" className="btn">
                Read the API
              </a>
            </div>
          </div>
          <LivePreview />
        </section>
        <PublicCounters />
        <section aria-labelledby="why-title">
          <h2 id="why-title" className="section-title">
            Why Vigil
          </h2>
          <div className="features">
            {FEATURES.map((f) => (
              <article key={f.title} className="card feature">
                <h3>{f.title}</h3>
                <p>{f.text}</p>
              </article>
            ))}
          </div>
        </section>
      </main>
      <footer className="site-footer">
        <div className="container">
          <span>Vigil — self-hosted, real-time web analytics.</span>
          <span>
            <a href="/api/health">Status</a> · <a href="/api/openapi.json">API</a>
          </span>
        </div>
      </footer>
    </PublicStatsProvider>
  );
}
