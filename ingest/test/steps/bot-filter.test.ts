import { test } from 'node:test';
import assert from 'node:assert/strict';
import { botFilterStep, isBotUserAgent } from '../../src/pipeline/steps/bot-filter.ts';
import { draftOf, requestContext } from '../support/drafts.ts';
import { UA } from '../support/user-agents.ts';

test('crawlers, headless browsers, command-line clients and empty user agents are bots', () => {
  for (const ua of [UA.googlebot, UA.headlessChrome, UA.lighthouse, UA.phantomjs, UA.curl, '', '   ']) {
    assert.equal(isBotUserAgent(ua), true, ua || '(empty)');
  }
});

test('real browsers are kept', () => {
  for (const ua of [UA.chromeWindows, UA.firefoxLinux, UA.safariMac, UA.safariIphone, UA.chromeAndroid]) {
    assert.equal(isBotUserAgent(ua), false, ua);
  }
});

test('the step drops a bot and passes a browser through unchanged', async () => {
  const step = botFilterStep();
  const draft = draftOf();
  assert.deepEqual(await step.run(draft, requestContext({ userAgent: UA.googlebot })), { dropped: 'bot' });
  assert.equal(await step.run(draft, requestContext({ userAgent: UA.firefoxLinux })), draft);
});
