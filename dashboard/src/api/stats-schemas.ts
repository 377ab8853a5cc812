/** Request and response schemas of the stats API; the OpenAPI document is generated from them. */
import { z } from 'zod';
import { DIMENSIONS } from '@vigil/core/stats/model';

const FILTER_HELP =
  'Filters separated by `;`, each `dimension==value` or `dimension!=value`; `|` separates alternatives ' +
  '(`country==US|CA`); backslash escapes `;`, `|`, `=`, `!` and `\\` in values. Dimensions: ' + DIMENSIONS.join(', ') + '.';

export const rangeQuery = z.object({
  site: z.string().min(1).max(64).describe('site id'),
  from: z.string().max(40).optional().describe('ISO 8601 instant, or a date (local midnight in the site time zone); default: 6 days before today'),
  to: z.string().max(40).optional().describe('ISO 8601 instant, or a date (inclusive: the range ends at the next local midnight); default: now'),
  filter: z.string().max(8192).optional().describe(FILTER_HELP),
});

export const timeseriesQuery = rangeQuery.extend({
  interval: z.enum(['hour', 'day']).optional().describe('default: hour for ranges up to 2 days, else day'),
});

export const breakdownQuery = rangeQuery.extend({
  by: z.enum(DIMENSIONS),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
});

export const siteQuery = z.object({ site: z.string().min(1).max(64) });

export const totalsSchema = z.object({
  visitors: z.number(), visits: z.number(), pageviews: z.number(), views_per_visit: z.number(),
  bounce_rate: z.number(), avg_visit_duration_s: z.number(), avg_engaged_s: z.number(), avg_scroll_pct: z.number(),
  events: z.number(),
});

export const statsReply = z.object({ totals: totalsSchema, previous: totalsSchema, range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }) });

export const timeseriesReply = z.object({
  interval: z.enum(['hour', 'day']),
  points: z.array(z.object({ t: z.string(), visitors: z.number(), visits: z.number(), pageviews: z.number() })),
});

export const breakdownReply = z.object({
  by: z.enum(DIMENSIONS),
  rows: z.array(z.object({
    value: z.string(), visitors: z.number(), visits: z.number(), pageviews: z.number(),
    events: z.number().optional(), avg_engaged_s: z.number().optional(), avg_scroll_pct: z.number().optional(), bounce_rate: z.number().optional(),
  })),
});

export const realtimeReply = z.object({
  active_visitors: z.number(),
  pages: z.array(z.object({ value: z.string(), active_visitors: z.number() })),
});
