'use client';
import type { Site } from '../lib/types.ts';
import { SnippetBox } from './SnippetBox.tsx';

/** After adding a site: where the snippet goes, and a live "waiting for the first event". */
export function InstallPanel({ site, received, onClose }: { site: Site; received: boolean; onClose(): void }) {
  return (
    <section className="card panel" aria-labelledby="install-title" style={{ marginBottom: '1rem' }}>
      <div className="panel-head">
        <h2 id="install-title">Install Vigil on {site.name || site.domain}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose}>
          Done
        </button>
      </div>
      <p className="muted" style={{ marginTop: 0 }}>
        Paste this into the <code>&lt;head&gt;</code> of every page. It sets no cookies and needs no consent banner.
      </p>
      <SnippetBox snippet={site.snippet} />
      <div className={`waiting${received ? ' received' : ''}`} role="status" data-testid="install-status">
        <span className={`pulse${received ? '' : ' off'}`} aria-hidden="true" />
        {received ? (
          <span>
            <strong>First event received.</strong> {site.domain} is live.
          </span>
        ) : (
          <span>
            Waiting for the first event<span className="dots" aria-hidden="true" />
          </span>
        )}
      </div>
    </section>
  );
}
