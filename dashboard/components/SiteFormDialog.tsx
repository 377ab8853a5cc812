'use client';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import type { Site, SiteInput } from '../lib/types.ts';
import { browserTimeZone, timeZones } from '../lib/zone.ts';
import { Dialog } from './Dialog.tsx';

/** Add a site, or edit one (`site` given). */
export function SiteFormDialog({ open, site, onClose, onSaved }: { open: boolean; site?: Site; onClose(): void; onSaved(site: Site): void }) {
  return (
    <Dialog open={open} title={site ? `Edit ${site.name || site.domain}` : 'Add a service'} onClose={onClose}>
      {/* keyed so reopening starts from the site's current values */}
      <SiteForm key={`${site?.id ?? 'new'}-${open}`} site={site} onCancel={onClose} onSaved={onSaved} />
    </Dialog>
  );
}

function SiteForm({ site, onCancel, onSaved }: { site?: Site; onCancel(): void; onSaved(site: Site): void }) {
  const zones = useMemo(timeZones, []);
  const [domain, setDomain] = useState(site?.domain ?? '');
  const [name, setName] = useState(site?.name ?? '');
  const [timezone, setTimezone] = useState(site?.timezone ?? browserTimeZone());
  const [hostnames, setHostnames] = useState((site?.allowed_hostnames ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { domain: useId(), name: useId(), zone: useId(), hosts: useId(), hostsHint: useId(), domainHint: useId() };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body: SiteInput = {
      domain: domain.trim(),
      name: name.trim() || undefined,
      timezone,
      allowed_hostnames: hostnames.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean),
    };
    if (!body.domain) {
      setError('Enter the domain the site runs on, for example example.com.');
      return;
    }
    setBusy(true);
    try {
      const reply = site
        ? await api<{ site: Site }>(`/api/sites/${encodeURIComponent(site.id)}`, { method: 'PATCH', body })
        : await api<{ site: Site }>('/api/sites', { method: 'POST', body });
      onSaved(reply.site);
    } catch (err) {
      setError(describe(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={ids.domain}>Domain</label>
        <input
          id={ids.domain}
          className="input"
          name="domain"
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="example.com"
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
          aria-describedby={ids.domainHint}
        />
        <span className="hint" id={ids.domainHint}>
          Events are accepted from this hostname and its subdomains.
        </span>
      </div>
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} className="input" name="name" autoComplete="off" placeholder="Optional; the domain by default" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.zone}>Time zone</label>
        <select id={ids.zone} className="select" name="timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
          {!zones.includes(timezone) && <option value={timezone}>{timezone}</option>}
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.hosts}>Extra allowed hostnames</label>
        <textarea
          id={ids.hosts}
          className="textarea"
          name="allowed_hostnames"
          spellCheck={false}
          placeholder="staging.example.org"
          value={hostnames}
          onChange={(e) => setHostnames(e.target.value)}
          aria-describedby={ids.hostsHint}
        />
        <span className="hint" id={ids.hostsHint}>
          One per line (or comma separated), for other hostnames that serve the same site.
        </span>
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : site ? 'Save changes' : 'Add service'}
        </button>
      </div>
    </form>
  );
}

function describe(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong; try again.';
  if (err.status === 409) return 'A service with this domain already exists.';
  if (err.status === 400 && Array.isArray(err.detail) && err.detail.length > 0) {
    return (err.detail as { path?: string; message?: string }[])
      .map((d) => `${d.path ? `${d.path.replace(/_/g, ' ')}: ` : ''}${d.message ?? 'invalid'}`)
      .join('; ');
  }
  if (err.status === 400 && typeof err.detail === 'string') return `${err.message}: ${err.detail}`;
  return err.message;
}
