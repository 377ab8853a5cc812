'use client';
import { useEffect, useRef, useState } from 'react';
import { connectLive, type LiveStatus } from './live.ts';
import type { LiveUpdate } from './types.ts';

/**
 * Subscribes a component to the live channel of a site (or '*'); the handler may change freely.
 * The server fixes a `*` socket's sites when it connects, so a new `generation` (e.g. the list of
 * site ids) reconnects it.
 */
export function useLive(site: string | null, onUpdate: (update: LiveUpdate) => void, generation = ''): LiveStatus {
  const handler = useRef(onUpdate);
  handler.current = onUpdate;
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!site) return;
    return connectLive(site, { onUpdate: (u) => handler.current(u), onStatus: setStatus });
  }, [site, generation]);
  return status;
}
