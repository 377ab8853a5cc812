import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUserAgent, userAgentStep } from '../../src/pipeline/steps/user-agent.ts';
import { isDropped } from '../../src/pipeline/drop-reason.ts';
import { draftOf, requestContext } from '../support/drafts.ts';
import { UA } from '../support/user-agents.ts';

test('browser, OS and device class of real user agents', () => {
  const cases: [string, { browser: string; os: string; device: string }][] = [
    [UA.chromeWindows, { browser: 'Chrome', os: 'Windows', device: 'desktop' }],
    [UA.firefoxLinux, { browser: 'Firefox', os: 'Linux', device: 'desktop' }],
    [UA.safariMac, { browser: 'Safari', os: 'macOS', device: 'desktop' }],
    [UA.safariIphone, { browser: 'Safari', os: 'iOS', device: 'mobile' }],
    [UA.safariIpad, { browser: 'Safari', os: 'iOS', device: 'tablet' }],
    [UA.chromeAndroid, { browser: 'Chrome', os: 'Android', device: 'mobile' }],
    [UA.samsungTv, { browser: 'Samsung Internet', os: 'Tizen', device: 'other' }],
  ];
  for (const [ua, expected] of cases) assert.deepEqual(parseUserAgent(ua), expected, ua);
});

test('an unparseable user agent leaves names empty and counts as desktop', () => {
  assert.deepEqual(parseUserAgent('totally-unknown-agent'), { browser: '', os: '', device: 'desktop' });
});

test('the step writes the parse onto the event, the same from cache', async () => {
  const step = userAgentStep(2);
  for (let i = 0; i < 3; i++) {
    const out = await step.run(draftOf(), requestContext({ userAgent: UA.chromeAndroid }));
    assert.ok(!isDropped(out));
    assert.deepEqual([out.event.browser, out.event.os, out.event.device], ['Chrome', 'Android', 'mobile']);
  }
});
