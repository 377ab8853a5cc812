/**
 * The validate step's quick path: a request body of events as the tracker sends them (known keys,
 * clean strings within their limits, integers within their ranges) is taken as it is, in one pass
 * over its keys. Anything else gets `null`, and the schema decides and explains, after the
 * sanitiser: a prop object, an unknown key, a string the sanitiser could change, any value out of
 * bounds.
 *
 * Why: zod and the sanitiser that runs before it were a quarter of the pipeline's time per
 * request, for bodies that are nearly always plain. The rules are read from `wireEventSchema` when
 * this module loads, so the schema stays the one statement of what is valid; a field whose rule is
 * anything but a string length or an integer range is always left to the schema. So this can only
 * be stricter than the schema, never laxer, and an event it takes is the one the schema would
 * give back. `plain-events.test.ts` feeds both the same bodies to hold it to that.
 */
import { z } from 'zod';
import { LIMITS, wireEventSchema, type WireEvent } from '@vigil/core/event/wire';
import { isPlainText } from './sanitize.ts';

type FieldRule =
  | { kind: 'text'; required: boolean; min: number; max: number }
  | { kind: 'int'; required: boolean; min: number; max: number }
  /** present: the schema decides */
  | { kind: 'schema'; required: boolean };

const LENGTH_CHECKS = new Set(['min_length', 'max_length']);

/** Reads one field's rule off its zod schema; unknown shapes of rule are left to the schema. */
export function ruleOf(field: z.ZodType): FieldRule {
  const required = !(field instanceof z.ZodOptional);
  const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
  const checks = ((inner.def as { checks?: { _zod: { def: Record<string, unknown> } }[] }).checks ?? []).map((c) => c._zod.def);
  if (inner instanceof z.ZodString && checks.every((c) => LENGTH_CHECKS.has(String(c.check)))) {
    return { kind: 'text', required, min: inner.minLength ?? 0, max: inner.maxLength ?? Infinity };
  }
  if (inner instanceof z.ZodNumber) {
    const safeInt = checks.some((c) => c.check === 'number_format' && c.format === 'safeint');
    const bounds = checks.every((c) => (c.check === 'number_format' && c.format === 'safeint') || ((c.check === 'greater_than' || c.check === 'less_than') && c.inclusive === true));
    if (safeInt && bounds) return { kind: 'int', required, min: inner.minValue ?? -Infinity, max: inner.maxValue ?? Infinity };
  }
  return { kind: 'schema', required };
}

const RULES = new Map<string, FieldRule>(Object.entries(wireEventSchema.shape).map(([key, field]) => [key, ruleOf(field as z.ZodType)]));
const REQUIRED = [...RULES.values()].filter((r) => r.required).length;

/** The event itself when the schema would return it unchanged after sanitising; otherwise null. */
export function plainEvent(value: unknown): WireEvent | null {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return null;
  const fields = value as Record<string, unknown>;
  let required = 0;
  for (const key in fields) {
    // a Map: a "__proto__" or "constructor" key of the body finds no rule
    const rule = RULES.get(key);
    if (rule === undefined || rule.kind === 'schema') return null;
    const v = fields[key];
    if (rule.kind === 'text') {
      if (typeof v !== 'string' || v.length < rule.min || v.length > rule.max || !isPlainText(v)) return null;
    } else if (!Number.isSafeInteger(v) || (v as number) < rule.min || (v as number) > rule.max) {
      return null;
    }
    if (rule.required) required++;
  }
  return required === REQUIRED ? (fields as WireEvent) : null;
}

/** A body's events, when it is one plain event or an array of 1 to 100 of them; otherwise null. */
export function plainEvents(json: unknown): WireEvent[] | null {
  if (!Array.isArray(json)) {
    const event = plainEvent(json);
    return event ? [event] : null;
  }
  if (json.length === 0 || json.length > LIMITS.maxEventsPerRequest) return null;
  for (const item of json) if (plainEvent(item) === null) return null;
  return json as WireEvent[];
}
