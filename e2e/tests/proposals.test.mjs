// The proposals journey: a resident submits a proposal (with a preview), a
// second resident supports it and comments, an official accepts it with an
// explanation, and the author finds the notification and the timeline entry.
// Once with JavaScript in English and once without it in nynorsk.
//
// The balanced feed: /proposals is in the balanced order by default, says so
// with a link to /how-we-count#feed, and "newest" is one click away (with and
// without JavaScript). "How we count" passes axe in all four languages.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import {
  TEST_TIMEOUT_MS,
  useBrowser,
  newContext,
  login,
  visit,
  submit,
  withLang,
  htmlLang,
  runAxe,
  formatViolations,
  uniqueSuffix,
  LOCALES,
  PAGE_WEIGHT_LIMIT,
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });

const browser = useBrowser({ before, after });

const SUPPORTER = 'kari.n@fjordvik.example';
const OFFICIAL = 'official@fjordvik.example';
const OFFICIAL_NAME = 'Lars Bakken';

// The texts the journey expects, per language (from locales/*.toml).
const TEXT = {
  en: {
    supportedByOne: 'Supported by 1 person',
    youSupport: 'You support this proposal',
    accepted: 'Accepted',
    published: 'Published',
    answeredBy: `Answered by ${OFFICIAL_NAME}`,
    timelineHeading: 'What has happened',
    commentsOne: '1 comment',
    unread: /unread notification/,
    notificationsTitle: 'Notifications',
    notification: (title) => `The proposal “${title}” has a new status: Accepted.`,
    flashPublished: 'Your proposal is published.',
    flashSupported: 'Thank you! You support this proposal.',
    flashComment: 'Your comment has been posted.',
    flashAnswered: 'The answer is published',
  },
  nn: {
    supportedByOne: 'Støtta av 1 person',
    youSupport: 'Du støttar dette forslaget',
    accepted: 'Vedteke',
    published: 'Publisert',
    answeredBy: `Svart av ${OFFICIAL_NAME}`,
    timelineHeading: 'Kva som har skjedd',
    commentsOne: '1 kommentar',
    unread: /ulese varsel/,
    notificationsTitle: 'Varsel',
    notification: (title) => `Forslaget «${title}» har fått ny status: Vedteke.`,
    flashPublished: 'Forslaget ditt er publisert.',
    flashSupported: 'Takk! Du støttar dette forslaget.',
    flashComment: 'Kommentaren din er publisert.',
    flashAnswered: 'Svaret er publisert',
  },
};

const squash = (s) => s.replace(/\s+/g, ' ').trim();

async function textOf(locator) {
  return squash(await locator.innerText());
}

async function flashText(page) {
  const flash = page.locator('main .flash');
  return (await flash.count()) ? textOf(flash.first()) : '';
}

/** Clicks a submit button and waits for the resulting document. */
async function press(page, button) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    button.click(),
  ]);
  return response;
}

function describeResponse(page, response) {
  return `ended on ${page.url()} with status ${response?.status()}`;
}

async function proposalsJourney({ javaScriptEnabled, lang }) {
  const T = TEXT[lang];
  const options = { javaScriptEnabled };
  const contexts = [];
  const open = async (ctxPromise) => {
    const ctx = await ctxPromise;
    contexts.push(ctx);
    return ctx;
  };

  const suffix = uniqueSuffix();
  const authorEmail = `e2e-author-${suffix}@example.com`;
  const authorPassword = `proposals-${suffix}-pw`;
  const authorName = `Forslagsstillar ${suffix}`;
  const title = `Benk ved badeplassen ${suffix}`;
  const body = `Det trengst ein benk ved badeplassen.\nFolk vil kvile seg der. ${suffix}`;
  const comment = `Eg støttar dette, benken trengst. ${suffix}`;
  const explanation = `Kommunen set opp ein benk i sommar. Takk for forslaget! ${suffix}`;

  try {
    // ---- A: register, write a proposal, preview it, publish it. ----
    const authorCtx = await open(newContext(browser(), baseURL(), options));
    const a = await authorCtx.newPage();
    await visit(a, withLang('/register', lang));
    assert.equal(await htmlLang(a), lang);
    const reg = a.locator('form:has(input[name="display_name"])').first();
    await reg.locator('input[name="email"]').fill(authorEmail);
    await reg.locator('input[name="password"]').fill(authorPassword);
    await reg.locator('input[name="display_name"]').fill(authorName);
    const registered = await submit(a, reg);
    assert.ok(
      !new URL(a.url()).pathname.startsWith('/register'),
      `registering the author: ${describeResponse(a, registered.response)}`,
    );

    const newForm = await visit(a, withLang('/proposals/new', lang));
    assert.equal(newForm.response?.status(), 200, `GET /proposals/new: ${describeResponse(a, newForm.response)}`);
    assert.equal(await htmlLang(a), lang);
    let form = a.locator('form[action="/proposals/new"]');
    assert.equal(await form.count(), 1, 'the proposal form');
    assert.equal(await form.locator('input[name="_csrf"]').count(), 1, 'the proposal form has a _csrf field');
    await form.locator('input[name="title"]').fill(title);
    await form.locator('textarea[name="body"]').fill(body);
    const areaOptions = await form
      .locator('select[name="area"] option')
      .evaluateAll((opts) => opts.filter((o) => o.value).map((o) => ({ value: o.value, name: o.textContent.trim() })));
    assert.ok(areaOptions.length > 0, 'the area select offers the demo areas');
    const area = areaOptions[0];
    await form.locator('select[name="area"]').selectOption(area.value);

    const previewed = await press(a, form.locator('button[name="action"][value="preview"]'));
    assert.equal(previewed?.status(), 200, `preview: ${describeResponse(a, previewed)}`);
    assert.equal(new URL(a.url()).pathname, '/proposals/new', 'the preview stays on the form');
    const preview = a.locator('section.preview');
    assert.equal(await preview.count(), 1, 'the preview is shown');
    const previewText = await textOf(preview);
    assert.ok(previewText.includes(title), `the preview shows the title: ${previewText}`);
    assert.ok(previewText.includes('Det trengst ein benk ved badeplassen.'), `the preview shows the text: ${previewText}`);
    assert.ok(previewText.includes(area.name), `the preview shows the area ${area.name}: ${previewText}`);
    form = a.locator('form[action="/proposals/new"]');
    assert.equal(await form.locator('input[name="title"]').inputValue(), title, 'the title is kept after the preview');
    assert.equal(await form.locator('select[name="area"]').inputValue(), area.value, 'the area is kept after the preview');

    const published = await press(a, form.locator('button[name="action"][value="publish"]'));
    const match = new URL(a.url()).pathname.match(/^\/proposals\/(\d+)$/);
    assert.ok(match, `publishing: ${describeResponse(a, published)}`);
    assert.equal(published?.status(), 200);
    const id = match[1];
    const proposalPath = `/proposals/${id}`;
    assert.equal(await textOf(a.locator('h1')), title);
    assert.equal(await flashText(a), T.flashPublished);
    assert.equal(await textOf(a.locator('.proposal-meta .status')), T.published);
    assert.ok((await textOf(a.locator('.proposal-meta'))).includes(area.name), 'the page names the area');
    assert.equal(await a.locator(`form[action="${proposalPath}/support"]`).count(), 0, 'the author cannot support her own proposal');

    // ---- B: sign in, support, comment. ----
    const supporterCtx = await open(newContext(browser(), baseURL(), options));
    const b = await supporterCtx.newPage();
    await login(b, SUPPORTER, undefined, lang);
    await visit(b, withLang(proposalPath, lang));
    assert.equal(await htmlLang(b), lang);
    assert.equal(await textOf(b.locator('h1')), title);
    const supportForm = b.locator(`form[action="${proposalPath}/support"]`);
    assert.equal(await supportForm.count(), 1, 'the support button is offered to another resident');
    const supported = await submit(b, supportForm);
    assert.equal(supported.response?.status(), 200, `support: ${describeResponse(b, supported.response)}`);
    assert.equal(new URL(b.url()).pathname, proposalPath);
    assert.equal(await flashText(b), T.flashSupported);
    assert.equal(await textOf(b.locator('#support strong')), T.supportedByOne);
    assert.ok((await textOf(b.locator('#support'))).includes(T.youSupport));
    assert.equal(await b.locator(`form[action="${proposalPath}/unsupport"]`).count(), 1, 'the support can be withdrawn');
    assert.equal(await b.locator(`form[action="${proposalPath}/support"]`).count(), 0, 'no second support button');

    const commentForm = b.locator(`form[action="${proposalPath}/comments"]:not(.reply-form)`);
    assert.equal(await commentForm.count(), 1, 'the comment form');
    await commentForm.locator('textarea[name="body"]').fill(comment);
    const commented = await submit(b, commentForm);
    assert.equal(commented.response?.status(), 200, `comment: ${describeResponse(b, commented.response)}`);
    assert.equal(new URL(b.url()).pathname, proposalPath);
    assert.equal(await flashText(b), T.flashComment);
    assert.equal(await textOf(b.locator('#comments-heading')), T.commentsOne);
    const posted = b.locator('.comment-list .comment').filter({ hasText: comment });
    assert.equal(await posted.count(), 1, 'the comment is on the page');
    assert.ok((await textOf(posted.locator('.comment-meta'))).includes('Kari N.'), 'the comment names its author');

    // ---- The official: accept with an explanation. ----
    const officialCtx = await open(newContext(browser(), baseURL(), options));
    const o = await officialCtx.newPage();
    await login(o, OFFICIAL, undefined, lang);
    await visit(o, withLang(proposalPath, lang));
    assert.equal(await htmlLang(o), lang);
    assert.equal(await textOf(o.locator('#support strong')), T.supportedByOne, 'the official sees the support');
    const statusForm = o.locator(`form[action="${proposalPath}/status"]`);
    assert.equal(await statusForm.count(), 1, 'the status form is offered to the official');
    const statusValues = await statusForm
      .locator('select[name="to"] option')
      .evaluateAll((opts) => opts.map((opt) => opt.value));
    assert.ok(statusValues.includes('accepted'), `accepted is offered: ${statusValues.join(', ')}`);
    await statusForm.locator('select[name="to"]').selectOption('accepted');
    await statusForm.locator('textarea[name="explanation"]').fill(explanation);
    const answered = await submit(o, statusForm);
    assert.equal(answered.response?.status(), 200, `status change: ${describeResponse(o, answered.response)}`);
    assert.equal(new URL(o.url()).pathname, proposalPath);
    assert.ok((await flashText(o)).startsWith(T.flashAnswered), `flash after answering: ${await flashText(o)}`);
    assert.equal(await textOf(o.locator('.proposal-meta .status')), T.accepted);
    const officialEntry = o.locator('#timeline li').filter({ hasText: explanation });
    assert.equal(await officialEntry.count(), 1, 'the timeline shows the explanation');
    assert.ok((await textOf(officialEntry)).includes(T.accepted));
    assert.equal(
      await o.locator(`form[action="${proposalPath}/status"] select[name="to"] option[value="accepted"]`).count(),
      0,
      'accepted is no longer offered once the proposal is accepted',
    );

    // ---- A: sign in again, see the notification and the timeline. ----
    await authorCtx.close();
    contexts.splice(contexts.indexOf(authorCtx), 1);
    const authorCtx2 = await open(newContext(browser(), baseURL(), options));
    const a2 = await authorCtx2.newPage();
    await login(a2, authorEmail, authorPassword, lang);
    assert.equal(await htmlLang(a2), lang);
    const badge = a2.locator('header a[href="/notifications"] .badge');
    assert.equal(await badge.count(), 1, 'the header shows an unread badge');
    const badgeText = await textOf(badge);
    assert.match(badgeText, /^[1-9]\d*\b/, `the badge counts the unread notifications: ${badgeText}`);
    assert.match(badgeText, T.unread, `the badge says what it counts: ${badgeText}`);

    await visit(a2, withLang('/notifications', lang));
    assert.equal(await textOf(a2.locator('h1')), T.notificationsTitle);
    const link = a2.locator(`ul.notifications li a`).filter({ hasText: title });
    assert.ok((await link.count()) >= 1, 'a notification names the proposal');
    const statusLink = link.filter({ hasText: T.notification(title) });
    assert.equal(await statusLink.count(), 1, `the status notification: ${await textOf(a2.locator('main'))}`);
    const href = await statusLink.getAttribute('href');
    assert.ok(
      href === proposalPath || href.startsWith(`${proposalPath}#`) || href.startsWith(`${proposalPath}?`),
      `the notification links to the proposal: ${href}`,
    );
    assert.ok(
      (await statusLink.locator('xpath=..').getAttribute('class'))?.includes('unread'),
      'the notification is marked unread',
    );

    const followed = await Promise.all([
      a2.waitForNavigation({ waitUntil: 'load' }),
      statusLink.click(),
    ]).then(([r]) => r);
    assert.equal(followed?.status(), 200, `following the notification: ${describeResponse(a2, followed)}`);
    assert.equal(new URL(a2.url()).pathname, proposalPath);
    assert.equal(await htmlLang(a2), lang);
    assert.equal(await textOf(a2.locator('h1')), title);
    assert.equal(await textOf(a2.locator('.proposal-meta .status')), T.accepted);
    assert.equal(await textOf(a2.locator('#timeline-heading')), T.timelineHeading);
    const entries = a2.locator('#timeline li');
    assert.equal(await entries.count(), 2, 'published and accepted in the timeline');
    assert.ok((await textOf(entries.nth(0))).includes(T.published));
    const entry = entries.nth(1);
    const entryText = await textOf(entry);
    assert.ok(entryText.includes(T.accepted), `the timeline entry names the status: ${entryText}`);
    assert.ok(entryText.includes(T.answeredBy), `the timeline entry names the official: ${entryText}`);
    assert.equal(await textOf(entry.locator('.explanation')), explanation);
    assert.equal(await textOf(a2.locator('#support strong')), T.supportedByOne);
    assert.equal(await a2.locator('.comment-list .comment').filter({ hasText: comment }).count(), 1);

    // axe is injected with page.evaluate, which never returns in a context
    // without JavaScript; the app sends no scripts, so the same session in a
    // context with JavaScript gets the very same page to check.
    let axePage = a2;
    if (!javaScriptEnabled) {
      const axeCtx = await open(
        newContext(browser(), baseURL(), { storageState: await authorCtx2.storageState() }),
      );
      axePage = await axeCtx.newPage();
      const again = await visit(axePage, withLang(proposalPath, lang));
      assert.equal(again.response?.status(), 200);
      assert.equal(await textOf(axePage.locator('.proposal-meta .status')), T.accepted, 'same session, same page');
    }
    const violations = await runAxe(axePage);
    assert.equal(violations.length, 0, formatViolations(`${proposalPath} (${lang})`, violations));
  } finally {
    for (const ctx of contexts) await ctx.close();
  }
}

describe('proposals: submit, support and comment, accept, notify', () => {
  it('with JavaScript (en)', { timeout: 3 * TEST_TIMEOUT_MS }, () =>
    proposalsJourney({ javaScriptEnabled: true, lang: 'en' }));
  it('without JavaScript (nn)', { timeout: 3 * TEST_TIMEOUT_MS }, () =>
    proposalsJourney({ javaScriptEnabled: false, lang: 'nn' }));
});

// ---- The balanced feed ----

// The feed's texts per language (from locales/proposals.*.toml).
const FEED = {
  nb: {
    balanced: 'Balansert',
    newest: 'Nyeste først',
    note: 'Forslag fra områder vi hører lite fra, er flyttet litt opp i lista.',
    link: 'Slik teller vi',
    orderedNewest: 'De nyeste forslagene vises først.',
  },
  en: {
    balanced: 'Balanced',
    newest: 'Newest first',
    note: 'Proposals from areas we hear little from have been moved a little higher up the list.',
    link: 'How we count',
    orderedNewest: 'The newest proposals are shown first.',
  },
};

/** The list as shown: each proposal's link and creation time. */
async function listed(page) {
  return page.locator('ol.proposal-list > li.proposal-item').evaluateAll((items) =>
    items.map((li) => ({
      href: li.querySelector('h3 a').getAttribute('href'),
      created: li.querySelector('time').getAttribute('datetime'),
    })),
  );
}

async function balancedFeed({ javaScriptEnabled, lang }) {
  const T = FEED[lang];
  const ctx = await newContext(browser(), baseURL(), { javaScriptEnabled });
  try {
    const page = await ctx.newPage();
    const shown = await visit(page, withLang('/proposals', lang));
    assert.equal(shown.response?.status(), 200, `GET /proposals: ${describeResponse(page, shown.response)}`);
    assert.equal(await htmlLang(page), lang);

    // Balanced by default: the order control and the order links say so.
    assert.equal(await page.locator('select[name="order"]').inputValue(), 'balanced', 'the order control shows "balanced"');
    const current = page.locator('nav.proposal-orders a[aria-current="true"]');
    assert.equal(await textOf(current), T.balanced, 'the current order link is "balanced"');
    // The explanation, in plain words, with its link.
    const note = page.locator('p.feed-note');
    assert.equal(await note.count(), 1, 'the balanced order is explained');
    assert.ok((await textOf(note)).startsWith(T.note), `the explanation: ${await textOf(note)}`);
    const how = note.locator('a[href="/how-we-count#feed"]');
    assert.equal(await textOf(how), T.link);
    const balanced = await listed(page);
    assert.ok(balanced.length >= 10, `the demo lists proposals: ${balanced.length}`);

    // "Newest first" is one click away and changes the order.
    const newestLink = page.locator('nav.proposal-orders a').filter({ hasText: T.newest });
    assert.equal(await newestLink.count(), 1, 'a link to the newest first');
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), newestLink.click()]);
    assert.equal(response?.status(), 200, `newest: ${describeResponse(page, response)}`);
    assert.equal(new URL(page.url()).searchParams.get('order'), 'newest');
    assert.equal(await page.locator('select[name="order"]').inputValue(), 'newest');
    assert.equal(await textOf(page.locator('nav.proposal-orders a[aria-current="true"]')), T.newest);
    assert.equal(await page.locator('p.feed-note').count(), 0, 'no balancing under "newest"');
    assert.ok((await textOf(page.locator('main'))).includes(T.orderedNewest));
    const newest = await listed(page);
    const times = newest.map((p) => Date.parse(p.created));
    assert.ok(times.every((t, i) => i === 0 || t <= times[i - 1]), `newest first: ${newest.map((p) => p.created).join(', ')}`);
    assert.notDeepEqual(
      newest.map((p) => p.href),
      balanced.map((p) => p.href),
      'the balanced order differs from the newest first',
    );
    // The chosen order is kept in the pages.
    const next = page.locator('nav.pagination a[rel="next"]');
    if (await next.count()) {
      assert.equal(new URL(await next.getAttribute('href'), baseURL()).searchParams.get('order'), 'newest');
    }

    if (javaScriptEnabled) {
      await visit(page, withLang('/proposals', lang));
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatViolations(`/proposals (${lang})`, violations));
    }
  } finally {
    await ctx.close();
  }
}

describe('proposals: the balanced feed', () => {
  it('with JavaScript (en)', { timeout: TEST_TIMEOUT_MS }, () => balancedFeed({ javaScriptEnabled: true, lang: 'en' }));
  it('without JavaScript (nb)', { timeout: TEST_TIMEOUT_MS }, () => balancedFeed({ javaScriptEnabled: false, lang: 'nb' }));
});

describe('how we count', () => {
  const anchors = ['what-we-count', 'participants', 'population', 'missing-voices', 'feed', 'lottery',
    'weighting', 'common-ground', 'data', 'small-cells'];
  for (const lang of LOCALES) {
    it(`passes axe and has its sections (${lang})`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const ctx = await newContext(browser(), baseURL());
      try {
        const page = await ctx.newPage();
        const shown = await visit(page, withLang('/how-we-count', lang));
        assert.equal(shown.response?.status(), 200, `GET /how-we-count: ${describeResponse(page, shown.response)}`);
        assert.equal(await htmlLang(page), lang);
        for (const id of anchors) {
          assert.equal(await page.locator(`h2#${id}`).count(), 1, `the section #${id}`);
          assert.equal(await page.locator(`nav.toc a[href="#${id}"]`).count(), 1, `the contents link to #${id}`);
        }
        assert.ok(shown.weight.total < PAGE_WEIGHT_LIMIT, `page weight ${shown.weight.total} bytes`);
        const violations = await runAxe(page);
        assert.equal(violations.length, 0, formatViolations(`/how-we-count (${lang})`, violations));
      } finally {
        await ctx.close();
      }
    });
  }
  it('is readable without JavaScript, and the feed link lands on its section', { timeout: TEST_TIMEOUT_MS }, async () => {
    const ctx = await newContext(browser(), baseURL(), { javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await visit(page, withLang('/proposals', 'nn'));
      const link = page.locator('p.feed-note a[href="/how-we-count#feed"]');
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
      assert.equal(response?.status(), 200);
      const url = new URL(page.url());
      assert.equal(url.pathname + url.hash, '/how-we-count#feed');
      assert.equal(await htmlLang(page), 'nn');
      assert.equal(await textOf(page.locator('h2#feed')), 'Balansert rekkjefølgje på forslag');
    } finally {
      await ctx.close();
    }
  });
});
