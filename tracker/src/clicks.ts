/**
 * track-clicks.js: heatmap clicks. track.js loads it next to itself (unless data-clicks="false")
 * and it sends through the core's queue, `window.vigil._c`, so there is a single sender.
 */
import type { VigilApi } from './api.ts';
import { cssSelector } from './selector.ts';

const send = (window as Window & { vigil?: VigilApi }).vigil?._c;

if (send) {
  document.addEventListener(
    'click',
    (e) => {
      try {
        // detail 0: a keyboard or scripted click, which has no pointer position to plot.
        if (!e.detail || !(e.target instanceof Element)) return;
        send('click', {
          x: Math.min(1e6, Math.max(0, Math.round(e.pageX))),
          y: Math.min(1e7, Math.max(0, Math.round(e.pageY))),
          v: Math.min(1e5, window.innerWidth),
          c: cssSelector(e.target),
        });
      } catch {}
    },
    true,
  );
}
