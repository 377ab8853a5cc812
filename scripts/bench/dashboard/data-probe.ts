/**
 * Installed in the dashboard page before its scripts run: records (performance.now(), i.e. ms since
 * navigation start) when the top metrics first show a number and when the chart is drawn with its
 * points, and what they said, so the benchmark knows the page showed real data.
 *
 * A string, not a function: tsx's transform decorates functions with helpers the page lacks.
 */
export interface DataShown {
  metricsAt?: number;
  chartAt?: number;
  shownAt?: number;
  visitors?: string;
  chartLabel?: string;
}

export const DATA_GLOBAL = '__vigilDataShown';

/** Visitors metric: `.metric[data-metric=visitors] .metric-value`; chart: `.chart[role=img]` with a canvas and its "Chart of ..." summary. */
export const DATA_PROBE_SCRIPT = `(() => {
  const st = {};
  window.${DATA_GLOBAL} = st;
  const check = () => {
    const t = performance.now();
    if (st.metricsAt === undefined) {
      const v = document.querySelector('.metric[data-metric="visitors"] .metric-value');
      if (v && /[0-9]/.test(v.textContent || '')) { st.metricsAt = t; st.visitors = v.textContent; }
    }
    if (st.chartAt === undefined) {
      const c = document.querySelector('.chart[role="img"]');
      const label = c ? c.getAttribute('aria-label') || '' : '';
      if (c && c.querySelector('canvas') && label.startsWith('Chart of')) { st.chartAt = t; st.chartLabel = label; }
    }
    if (st.metricsAt !== undefined && st.chartAt !== undefined) {
      st.shownAt = Math.max(st.metricsAt, st.chartAt);
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-label'] });
})();`;
