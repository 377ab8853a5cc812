/**
 * The wire format: what track.js sends to `POST /api/track`.
 *
 * This schema is the single source of truth for the tracker's payload. The tracker imports the
 * `WireEvent` type (so a renamed key fails its type check), and ingest's validate step parses
 * every request body with `wireBatchSchema`. Keys are one letter because the tracker's gzip budget
 * is 1,536 bytes and esbuild does not mangle property names.
 */
import { z } from 'zod';

/** Names the tracker itself emits; anything else is a custom event. */
export const BUILTIN_EVENTS = ['pageview', 'engagement', 'outbound', 'click'] as const;
export type BuiltinEventName = (typeof BUILTIN_EVENTS)[number];

export const LIMITS = {
  maxEventsPerRequest: 100,
  maxBodyBytes: 64 * 1024,
  maxUrl: 2048,
  maxTitle: 500,
  maxName: 120,
  maxProps: 30,
  maxPropKey: 64,
  maxPropValue: 500,
  maxSelector: 300,
  /** One engagement report may not claim more than 30 minutes of focused time. */
  maxEngagedMs: 30 * 60 * 1000,
} as const;

const text = (max: number) => z.string().max(max);
const int = (min: number, max: number) => z.number().int().min(min).max(max);

const propValue = z.union([z.string().max(LIMITS.maxPropValue), z.number().finite(), z.boolean()]);

export const wireEventSchema = z.object({
  /** site id, from `data-site` */
  s: z.string().min(1).max(64),
  /** event name: a builtin or a custom name */
  n: z.string().min(1).max(LIMITS.maxName),
  /** page URL; the tracker has already dropped query parameters other than UTM (unless data-keep-query) */
  u: z.string().min(1).max(LIMITS.maxUrl),
  /** document.referrer */
  r: text(LIMITS.maxUrl).optional(),
  /** document.title */
  t: text(LIMITS.maxTitle).optional(),
  /** screen width in CSS pixels */
  w: int(0, 100_000).optional(),
  /** navigator.language */
  l: text(35).optional(),
  /** engaged (visible and focused) milliseconds since the last engagement report for this page */
  e: int(0, LIMITS.maxEngagedMs).optional(),
  /** maximum scroll depth reached on this page, in percent */
  d: int(0, 100).optional(),
  /** heatmap click: x and y relative to the document, viewport width, short CSS selector */
  x: int(0, 1_000_000).optional(),
  y: int(0, 10_000_000).optional(),
  v: int(0, 100_000).optional(),
  c: text(LIMITS.maxSelector).optional(),
  /** outbound link target */
  h: text(LIMITS.maxUrl).optional(),
  /** custom event properties */
  p: z
    .record(z.string().min(1).max(LIMITS.maxPropKey), propValue)
    .refine((o) => Object.keys(o).length <= LIMITS.maxProps, { message: `at most ${LIMITS.maxProps} props` })
    .optional(),
});

export type WireEvent = z.infer<typeof wireEventSchema>;

/** A request body is one event or an array of 1 to 100 events. */
export const wireBatchSchema = z.union([
  wireEventSchema.transform((e) => [e]),
  z.array(wireEventSchema).min(1).max(LIMITS.maxEventsPerRequest),
]);
