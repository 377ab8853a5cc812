/**
 * Types shared by track.js and track-clicks.js: what `window.vigil` is, and the core's sender
 * that the clicks module reuses through `window.vigil._c`. Types only, so they cost no bytes.
 */
import type { WireEvent } from '@vigil/core/event/wire';

export type PropValue = NonNullable<WireEvent['p']>[string];

/** Queues one event of the current page; site id and page URL are filled in by the core. */
export type Send = (name: string, fields?: Partial<WireEvent>) => void;

/** `window.vigil('event', name, props?)`; before the script loads, the snippet's stub fills `q`. */
export interface VigilApi {
  (command: string, name?: unknown, props?: unknown): void;
  q?: ArrayLike<unknown>[];
  _c?: Send;
}
