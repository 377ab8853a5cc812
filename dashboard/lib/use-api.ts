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

export interface UseApiOptions {
  /**
   * Ask a moment later, after the requests of the components around it: React runs a child's
   * effects before its parent's, so without this a page's many panels would take the browser's
   * six connections per host before the numbers the page leads with.
   */
  yieldFirst?: boolean;
}

/**
 * GETs `path`; a new path shows as "updating" over the previous data, a new `refresh` value
 * refetches quietly (live updates), and an answer for an old path never overwrites a newer one.
 */
export function useApi<T>(path: string | null, refresh = 0, opts: UseApiOptions = {}): ApiState<T> & { retry(): void } {
  const yieldFirst = opts.yieldFirst ?? false;
  const [state, setState] = useState<ApiState<T>>({ data: null, error: null, loading: true, updating: false });
  const [attempt, setAttempt] = useState(0);
  const lastPath = useRef<string | null>(null);

  useEffect(() => {
    if (!path) return;
    const quiet = lastPath.current === path;
    lastPath.current = path;
    const controller = new AbortController();
    if (!quiet) setState((s) => ({ ...s, loading: s.data === null, updating: s.data !== null, error: null }));
    const ask = () =>
      api<T>(path, { signal: controller.signal })
        .then((data) => setState({ data, error: null, loading: false, updating: false }))
        .catch((err: Error) => {
          if (err.name === 'AbortError' || (err instanceof ApiError && err.status === 401)) return;
          // a failed quiet refresh keeps the numbers on screen
          setState((s) => (quiet && s.data ? s : { data: null, error: err.message, loading: false, updating: false }));
        });
    if (!yieldFirst) {
      void ask();
      return () => controller.abort();
    }
    const later = setTimeout(ask, 0);
    return () => {
      clearTimeout(later);
      controller.abort();
    };
  }, [path, refresh, attempt, yieldFirst]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
