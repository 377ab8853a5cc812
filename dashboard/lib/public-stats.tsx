'use client';
/**
 * The landing page's real numbers (GET /api/stats/public), refetched every 5 s while the page is
 * visible; the endpoint is cacheable for 5 s, so many open landing pages cost one query each 5 s.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api.ts';
import type { PublicStats } from './types.ts';
import { useVisibleInterval } from './use-interval.ts';

export const PUBLIC_REFRESH_MS = 5000;
const HISTORY = 24;

export interface PublicStatsState {
  stats: PublicStats | null;
  /** people_now at each refresh, oldest first */
  history: number[];
  error: boolean;
}

const Context = createContext<PublicStatsState>({ stats: null, history: [], error: false });

export function usePublicStats(): PublicStatsState {
  return useContext(Context);
}

export function PublicStatsProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<PublicStatsState>({ stats: null, history: [], error: false });
  const load = useCallback(() => {
    api<PublicStats>('/api/stats/public', { allowUnauthenticated: true })
      .then((stats) => setState((s) => ({ stats, error: false, history: [...s.history, stats.people_now].slice(-HISTORY) })))
      .catch(() => setState((s) => ({ ...s, error: true })));
  }, []);
  useEffect(load, [load]);
  useVisibleInterval(load, PUBLIC_REFRESH_MS);
  return <Context.Provider value={state}>{children}</Context.Provider>;
}
