/** Request and response schemas of the sites API (the services list); OpenAPI is written from them. */
import { z } from 'zod';

export const siteSchema = z.object({
  id: z.string(),
  domain: z.string(),
  name: z.string(),
  timezone: z.string(),
  allowed_hostnames: z.array(z.string()),
  created_at: z.number().describe('ms since the epoch'),
  snippet: z.string().describe('the <script> tag to paste into the site'),
});

const siteFields = {
  domain: z.string().max(300).describe('bare hostname; a URL is reduced to its hostname'),
  name: z.string().max(200).optional().describe('default: the domain'),
  timezone: z.string().max(100).optional().describe('IANA time zone; default UTC'),
  allowed_hostnames: z.array(z.string().max(300)).max(100).optional().describe('other hostnames whose events count for the site'),
};

export const newSiteBody = z.object(siteFields);
export const sitePatchBody = z.object({ ...siteFields, domain: siteFields.domain.optional() });

export const siteReply = z.object({ site: siteSchema });
export const sitesReply = z.object({ sites: z.array(siteSchema) });

export const siteSummarySchema = z.object({
  id: z.string(),
  domain: z.string(),
  name: z.string(),
  timezone: z.string(),
  visitors_today: z.number(),
  pageviews_today: z.number(),
  live_visitors: z.number().describe('visitors with an event in the last 5 minutes'),
  sparkline: z.array(z.object({ t: z.string(), visitors: z.number() })).describe('7 local days, oldest first, today last'),
  change_pct: z.number().nullable().describe('visitors of the last 7 days vs the same length before, percent; null when there were none before'),
  has_events: z.boolean(),
});

export const summaryReply = z.object({ sites: z.array(siteSummarySchema) });
