import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SaltKeeper, visitorId } from '@vigil/core/privacy/salts';
import { visitorIdStep } from '../../src/pipeline/steps/visitor-id.ts';
import { isDropped } from '../../src/pipeline/drop-reason.ts';
import type { EventDraft, RequestContext } from '../../src/pipeline/event-draft.ts';
import { draftOf, requestContext } from '../support/drafts.ts';
import { tempConfigStore } from '../support/config-store.ts';
import { UA } from '../support/user-agents.ts';

let store: Awaited<ReturnType<typeof tempConfigStore>>;
before(async () => {
  store = await tempConfigStore();
});
after(() => store.dispose());

const DAY1_NOON = Date.UTC(2025, 2, 10, 12);
const DAY2_NOON = Date.UTC(2025, 2, 11, 12);

async function idOf(keeper: SaltKeeper, site: string, ctx: RequestContext): Promise<EventDraft> {
  const out = await visitorIdStep(keeper).run(draftOf({ s: site }, ctx), ctx);
  assert.ok(!isDropped(out));
  return out;
}

test('the id is 16 hex chars, stable within a day, distinct per site, visitor and day', async () => {
  const keeper = new SaltKeeper(store.salts);
  const ctx = requestContext({ receivedAt: DAY1_NOON, ip: '198.51.100.4', userAgent: UA.firefoxLinux });
  const a = await idOf(keeper, 'site1', ctx);
  assert.match(a.event.visitor_id, /^[0-9a-f]{16}$/);
  assert.equal((await idOf(keeper, 'site1', { ...ctx, receivedAt: DAY1_NOON + 3_600_000 })).event.visitor_id, a.event.visitor_id);
  assert.notEqual((await idOf(keeper, 'site2', ctx)).event.visitor_id, a.event.visitor_id);
  assert.notEqual((await idOf(keeper, 'site1', { ...ctx, ip: '198.51.100.5' })).event.visitor_id, a.event.visitor_id);
  assert.notEqual((await idOf(keeper, 'site1', { ...ctx, userAgent: UA.chromeWindows })).event.visitor_id, a.event.visitor_id);

  const nextDay = await idOf(keeper, 'site1', { ...ctx, receivedAt: DAY2_NOON });
  assert.notEqual(nextDay.event.visitor_id, a.event.visitor_id, 'a new day is a new, unlinkable id');
  assert.equal(nextDay.previousVisitorId(), a.event.visitor_id, 'yesterday\'s id is offered to the session step');
});

test('the id is the documented keyed hash, with no previous id when yesterday has no salt', async () => {
  const keeper = new SaltKeeper(store.salts);
  const ctx = requestContext({ receivedAt: Date.UTC(2030, 0, 1, 8), ip: '203.0.113.9' });
  const out = await idOf(keeper, 'site1', ctx);
  const { current, previous, day } = await keeper.saltsFor(ctx.receivedAt);
  assert.equal(previous, null);
  assert.equal(out.previousVisitorId(), null);
  assert.equal(out.event.visitor_id, visitorId(current, day, 'site1', ctx.ip, ctx.userAgent));
  assert.equal(out.event.visitor_id.slice(0, 4), Math.floor(ctx.receivedAt / 86_400_000).toString(16).padStart(4, '0'), 'led by its UTC day');
});
