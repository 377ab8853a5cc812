'use client';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { Dialog } from './Dialog.tsx';

interface Target {
  id: string;
  domain: string;
  name: string;
}

/** Deleting is for good, events included, so the domain must be typed to confirm. */
export function DeleteSiteDialog({ site, onClose, onDeleted }: { site: Target | null; onClose(): void; onDeleted(id: string): void }) {
  return (
    <Dialog open={site !== null} title={site ? `Delete ${site.name || site.domain}?` : 'Delete'} onClose={onClose}>
      {site && <DeleteForm key={site.id} site={site} onCancel={onClose} onDeleted={onDeleted} />}
    </Dialog>
  );
}

function DeleteForm({ site, onCancel, onDeleted }: { site: Target; onCancel(): void; onDeleted(id: string): void }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const matches = typed.trim() === site.domain;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!matches) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/sites/${encodeURIComponent(site.id)}`, { method: 'DELETE' });
      onDeleted(site.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Deleting failed; try again.');
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <p>
        This removes the service and <strong>all of its recorded events</strong>. It cannot be undone; the snippet on your
        pages will stop being counted.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={inputId}>
          Type <code>{site.domain}</code> to confirm
        </label>
        <input id={inputId} className="input" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-danger" disabled={!matches || busy}>
          {busy ? 'Deleting…' : 'Delete service and events'}
        </button>
      </div>
    </form>
  );
}
