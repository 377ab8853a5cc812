import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@vigil/core/event/stored';
import { sourceChannelStep } from '../../src/pipeline/steps/source-channel.ts';
import { isDropped } from '../../src/pipeline/drop-reason.ts';
import { knownReferrerByHost } from '../../src/referrers/known-referrers.ts';
import { draftOf, requestContext } from '../support/drafts.ts';

interface Case {
  name: string;
  page: string;
  referrer?: string;
  expect: { source: string; channel: Channel; referrer: string };
}

const cases: Case[] = [
  { name: 'Google search', page: 'https://example.com/', referrer: 'https://www.google.com/', expect: { source: 'Google', channel: 'search', referrer: 'https://www.google.com/' } },
  { name: 'Google under a country domain', page: 'https://example.com/', referrer: 'https://www.google.co.uk/search?q=vigil', expect: { source: 'Google', channel: 'search', referrer: 'https://www.google.co.uk/search' } },
  { name: 'DuckDuckGo', page: 'https://example.com/', referrer: 'https://duckduckgo.com/', expect: { source: 'DuckDuckGo', channel: 'search', referrer: 'https://duckduckgo.com/' } },
  { name: 't.co is Twitter, social', page: 'https://example.com/', referrer: 'https://t.co/AbC123', expect: { source: 'Twitter', channel: 'social', referrer: 'https://t.co/AbC123' } },
  { name: 'lnkd.in is LinkedIn', page: 'https://example.com/', referrer: 'https://lnkd.in/x', expect: { source: 'LinkedIn', channel: 'social', referrer: 'https://lnkd.in/x' } },
  { name: 'Hacker News', page: 'https://example.com/', referrer: 'https://news.ycombinator.com/item?id=1', expect: { source: 'Hacker News', channel: 'social', referrer: 'https://news.ycombinator.com/item' } },
  { name: 'Gmail web is email, not Google search', page: 'https://example.com/', referrer: 'https://mail.google.com/mail/u/0/', expect: { source: 'Gmail', channel: 'email', referrer: 'https://mail.google.com/mail/u/0/' } },
  { name: 'newsletter medium is email', page: 'https://example.com/?utm_source=weekly&utm_medium=newsletter', expect: { source: 'weekly', channel: 'email', referrer: '' } },
  { name: 'cpc is paid even from a search engine', page: 'https://example.com/?utm_source=google&utm_medium=cpc', referrer: 'https://www.google.com/', expect: { source: 'Google', channel: 'paid', referrer: 'https://www.google.com/' } },
  { name: 'GitHub is a referral', page: 'https://example.com/', referrer: 'https://github.com/acme/vigil#readme', expect: { source: 'GitHub', channel: 'referral', referrer: 'https://github.com/acme/vigil' } },
  { name: 'an unknown site is a referral named by its host', page: 'https://example.com/', referrer: 'https://www.someblog.dev/post?ref=1', expect: { source: 'someblog.dev', channel: 'referral', referrer: 'https://www.someblog.dev/post' } },
  { name: 'self-referral from the same host is direct', page: 'https://example.com/b', referrer: 'https://example.com/a', expect: { source: '', channel: 'direct', referrer: '' } },
  { name: 'self-referral from another host of the site is direct', page: 'https://example.com/b', referrer: 'https://docs.example.com/a', expect: { source: '', channel: 'direct', referrer: '' } },
  { name: 'no referrer is direct', page: 'https://example.com/', expect: { source: '', channel: 'direct', referrer: '' } },
  { name: 'utm_source overrides the name, matched case-insensitively', page: 'https://example.com/?utm_source=TWITTER', referrer: 'https://someblog.dev/', expect: { source: 'Twitter', channel: 'social', referrer: 'https://someblog.dev/' } },
  { name: 'an unknown utm_source is used as given', page: 'https://example.com/?utm_source=Partner%20Co', referrer: 'https://www.google.com/', expect: { source: 'Partner Co', channel: 'search', referrer: 'https://www.google.com/' } },
  { name: 'utm_medium social with no referrer', page: 'https://example.com/?utm_source=pixelfed&utm_medium=social', expect: { source: 'pixelfed', channel: 'social', referrer: '' } },
  { name: 'utm_source naming a known network', page: 'https://example.com/?utm_source=fb', expect: { source: 'Facebook', channel: 'social', referrer: '' } },
];

for (const c of cases) {
  test(`channel: ${c.name}`, async () => {
    const draft = { ...draftOf({ u: c.page, r: c.referrer }), site: { id: 'site1', domain: 'example.com', allowed_hostnames: [] } };
    const out = await sourceChannelStep().run(draft, requestContext());
    assert.ok(!isDropped(out));
    assert.deepEqual({ source: out.event.source, channel: out.event.channel, referrer: out.event.referrer }, c.expect);
  });
}

test('UTM values come from the page URL query', async () => {
  const page = 'https://example.com/?utm_source=news&utm_medium=email&utm_campaign=spring%20sale&utm_term=shoes&utm_content=header';
  const out = await sourceChannelStep().run(draftOf({ u: page }), requestContext());
  assert.ok(!isDropped(out));
  const { utm_source, utm_medium, utm_campaign, utm_term, utm_content } = out.event;
  assert.deepEqual({ utm_source, utm_medium, utm_campaign, utm_term, utm_content }, {
    utm_source: 'news', utm_medium: 'email', utm_campaign: 'spring sale', utm_term: 'shoes', utm_content: 'header',
  });
});

test('host lookup prefers the most specific entry and ignores look-alikes', () => {
  assert.equal(knownReferrerByHost('mail.yahoo.com')?.name, 'Yahoo! Mail');
  assert.equal(knownReferrerByHost('search.yahoo.com')?.name, 'Yahoo!');
  assert.equal(knownReferrerByHost('yandex.com.tr')?.name, 'Yandex');
  assert.equal(knownReferrerByHost('m.facebook.com')?.name, 'Facebook');
  assert.equal(knownReferrerByHost('google.evil.example'), null);
  assert.equal(knownReferrerByHost('notgoogle.com'), null);
});
