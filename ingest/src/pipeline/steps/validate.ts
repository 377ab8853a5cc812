/**
 * Step 1, validate: body text -> JSON -> `wireBatchSchema`, with every string sanitised first.
 * Bodies of plain events, as the tracker sends them, skip both (plain-events.ts).
 * Any failure rejects the whole request, naming the problem (for a batch, the index and path of
 * the bad field) so a developer wiring up the tracker sees what to fix.
 */
import { wireBatchSchema, LIMITS, type WireEvent } from '@vigil/core/event/wire';
import type { z } from 'zod';
import { sanitizeJson } from '../sanitize.ts';
import { plainEvents } from '../plain-events.ts';

export interface ValidEvent {
  wire: WireEvent;
  pageUrl: URL;
}

export interface FieldProblem {
  /** '[3].u', 'p.plan', '' for the body itself */
  path: string;
  message: string;
}

export type Validation =
  | { ok: true; events: ValidEvent[] }
  | { ok: false; error: string; detail: FieldProblem[] | string };

type Issue = z.core.$ZodIssue;

export function validateBody(body: unknown): Validation {
  if (typeof body !== 'string' || body.trim() === '') {
    return { ok: false, error: 'empty body', detail: 'send one event object or an array of events as JSON' };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, error: 'body is not valid JSON', detail: (e as Error).message };
  }
  let wires = plainEvents(json);
  if (wires === null) {
    const parsed = parseBatch(sanitizeJson(json));
    if (!parsed.success) return { ok: false, error: 'invalid event', detail: describe(parsed.error.issues, json) };
    wires = parsed.data;
  }

  const events: ValidEvent[] = [];
  const problems: FieldProblem[] = [];
  wires.forEach((wire, i) => {
    const pageUrl = httpUrl(wire.u);
    if (pageUrl) events.push({ wire, pageUrl });
    else problems.push({ path: formatPath(Array.isArray(json) ? [i, 'u'] : ['u']), message: 'must be an absolute http(s) URL' });
  });
  if (problems.length > 0) return { ok: false, error: 'invalid event', detail: problems };
  return { ok: true, events };
}

const [singleEvent, eventArray] = wireBatchSchema.options;

/**
 * `wireBatchSchema` with its branch chosen by the body's shape: the union would try the object
 * branch on every array first. Only a body that is neither goes through the union, whose error
 * `describe` explains.
 */
function parseBatch(json: unknown): ReturnType<typeof wireBatchSchema.safeParse> {
  if (Array.isArray(json)) return eventArray.safeParse(json);
  if (json !== null && typeof json === 'object') return singleEvent.safeParse(json);
  return wireBatchSchema.safeParse(json);
}

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The batch schema is a union (one event | array of events), whose raw error lists both branches.
 * Report only the branch the body meant: the array branch for an array, the object one otherwise.
 */
function describe(issues: Issue[], json: unknown): FieldProblem[] {
  const top = issues.length === 1 ? issues[0] : undefined;
  if (top && top.code === 'invalid_union' && top.path.length === 0) {
    if (Array.isArray(json)) return flatten(top.errors[1] ?? []);
    if (json !== null && typeof json === 'object') return flatten(top.errors[0] ?? []);
    return [{ path: '', message: `must be an event object or an array of 1 to ${LIMITS.maxEventsPerRequest} events` }];
  }
  return flatten(issues);
}

/** Enough to fix the payload without answering a 64 KB body with a longer error. */
const MAX_PROBLEMS = 20;

function flatten(issues: Issue[]): FieldProblem[] {
  return issues.slice(0, MAX_PROBLEMS).map((issue) => ({ path: formatPath(issue.path), message: messageOf(issue) }));
}

function messageOf(issue: Issue): string {
  // A prop value is a union of string | number | boolean; zod's own text is only "Invalid input".
  if (issue.code === 'invalid_union') return 'must be a string, a number or a boolean';
  return issue.message;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
