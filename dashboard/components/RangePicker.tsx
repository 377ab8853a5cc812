'use client';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { RANGES, type RangeChoice, type RangeKey } from '../lib/range.ts';
import { isDate } from '../lib/zone.ts';

/** The range select; "Custom range" opens two date inputs (local dates in the site's zone). */
export function RangePicker({ value, today, onChange }: { value: RangeChoice; today: string; onChange(choice: RangeChoice): void }) {
  const selectId = useId();
  const fromId = useId();
  const toId = useId();
  const [key, setKey] = useState<RangeKey>(value.key);
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? today);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setKey(value.key), [value.key]);

  const choose = (next: RangeKey) => {
    setKey(next);
    if (next !== 'custom') onChange({ key: next });
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!isDate(from) || !isDate(to)) return setError('Pick both dates.');
    if (from > to) return setError('The start must be on or before the end.');
    setError(null);
    onChange({ key: 'custom', from, to });
  };

  return (
    <div className="range-picker">
      <div>
        <label htmlFor={selectId} className="sr-only">
          Date range
        </label>
        <select id={selectId} className="select" value={key} onChange={(e) => choose(e.target.value as RangeKey)}>
          {RANGES.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      {key === 'custom' && (
        <form className="custom" onSubmit={apply}>
          <div className="field">
            <label htmlFor={fromId}>From</label>
            <input id={fromId} className="input" type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={toId}>To</label>
            <input id={toId} className="input" type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} required />
          </div>
          <button type="submit" className="btn">
            Apply
          </button>
          {error && (
            <span className="state-error" role="alert" style={{ fontSize: '0.85rem' }}>
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
