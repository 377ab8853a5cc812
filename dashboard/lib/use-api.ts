'use client';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api.ts';

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  /** first load of this path: nothing to show yet */
  loading: boolean;
  /** a new path is loading while the previous answer stays on screen */
  updating: boolean;
}

/**
 * GETs `path`; a new path shows as "updating" over the previous data, a new `refresh` value
 * refetches quietly (live updates), and an answer for an old path never overwrites a newer one.
 */
export function useApi<T>(path: string | null, refresh = 0): ApiState<T> & { retry(): void } {
  const [state, setState] = useState<ApiState<T>>({ data: null, error: null, loading: true, updating: false });
  const [attempt, setAttempt] = useState(0);
  const lastPath = useRef<string | null>(null);

  useEffect(() => {
    if (!path) return;
    const quiet = lastPath.current === path;
    lastPath.current = path;
    const controller = new AbortController();
    if (!quiet) setState((s) => ({ ...s, loading: s.data === null, updating: s.data !== null, error: null }));
    api<T>(path, { signal: controller.signal })
      .then((data) => setState({ data, error: null, loading: false, updating: false }))
      .catch((err: Error) => {
        if (err.name === 'AbortError' || (err instanceof ApiError && err.status === 401)) return;
        // a failed quiet refresh keeps the numbers on screen
        setState((s) => (quiet && s.data ? s : { data: null, error: err.message, loading: false, updating: false }));
      });
    return () => controller.abort();
  }, [path, refresh, attempt]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
