'use client';
import { countryName } from '../lib/country.ts';
import { DIMENSION_LABELS } from '../lib/dimensions.ts';
import type { Filter } from '../lib/filters.ts';

export function filterText(f: Filter): string {
  const values = f.values.map((v) => (f.dimension === 'country' ? countryName(v) : v)).join(' or ');
  return `${DIMENSION_LABELS[f.dimension]} ${f.op === 'is' ? 'is' : 'is not'} ${values}`;
}

/** Active filters; each one removable. They live in the URL, so the view can be shared. */
export function FilterChips({ filters, onRemove, onClear }: { filters: Filter[]; onRemove(index: number): void; onClear(): void }) {
  if (filters.length === 0) return null;
  return (
    <div className="chips" aria-label="Active filters" role="group">
      {filters.map((f, i) => {
        const text = filterText(f);
        return (
          <span className="chip" key={`${f.dimension}-${i}`} data-testid="filter-chip">
            <span className="chip-text" title={text}>
              {text}
            </span>
            <button type="button" onClick={() => onRemove(i)} aria-label={`Remove filter: ${text}`}>
              <span aria-hidden="true">×</span>
            </button>
          </span>
        );
      })}
      {filters.length > 1 && (
        <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
          Clear all
        </button>
      )}
    </div>
  );
}
