'use client';
import { useEffect } from 'react';
import { prefetchSite } from '../lib/site-record.ts';

/** Asks for a site's record while the session is being checked (see lib/site-record.ts). */
export function PrefetchSite({ id }: { id: string }) {
  useEffect(() => prefetchSite(id), [id]);
  return null;
}
