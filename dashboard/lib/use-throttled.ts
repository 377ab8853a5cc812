'use client';
import { useCallback, useEffect, useRef } from 'react';

/**
 * Calls `fn` at most once per `ms`: the first call runs after `ms`, later calls inside the window
 * fold into it. Live messages arrive up to 4 times a second; refetches should not.
 */
export function useTrailingThrottle(fn: () => void, ms: number): () => void {
  const saved = useRef(fn);
  saved.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      saved.current();
    }, ms);
  }, [ms]);
}
