// The consultation journey: an official writes a consultation in bokmål and
// Danish, adds a question and publishes it; a resident votes, changes the
// vote and checks the receipt; the official enters a paper ballot, closes
// voting and publishes the results, which count the ballots per channel.
// Once with JavaScript and once without it.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import {
  DEMO,
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
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });
const browser = useBrowser({ before, after });

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const textOf = async (locator) => squash(await locator.innerText());
const RECEIPT = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

// Channel names and receipt answers, per language (from locales/ballots.*.toml).
const TEXT = {
  nb: {
    web: 'På nett',
    paper: 'På papir',
    found: 'Stemmeseddelen din er talt med.',
    notFound: 'Vi fant ingen stemmeseddel med denne koden.',
  },
  da: {
    web: 'Online',
    paper: 'På papir',
    found: 'Din stemmeseddel er talt med.',
    notFound: 'Vi fandt ingen stemmeseddel med denne kode.',
  },
};

/** A day in Oslo as YYYY-MM-DD, offset by days from today. */
function osloDay(offset = 0) {
  const d = new Date(Date.now() + offset * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(d);
}

function describeResponse(page, response) {
  return `ended on ${page.url()} with status ${response?.status()}`;
}

/** Submits a form and checks that it led to a page under path. */
async function submitTo(page, form, pathPattern, what) {
  const { response } = await submit(page, form);
  assert.match(new URL(page.url()).pathname, pathPattern, `${what}: ${describeResponse(page, response)}`);
  assert.equal(response?.status(), 200, `${what}: ${describeResponse(page, response)}`);
  return response;
}

/** Votes for the option labelled choice and returns the receipt code shown. */
async function vote(page, path, choice, lang) {
  await visit(page, withLang(`${path}/vote`, lang));
  assert.equal(await htmlLang(page), lang);
  const form = page.locator(`form[action="${path}/vote"]`);
  assert.equal(await form.count(), 1, 'the ballot form');
  await form.getByLabel(choice, { exact: true }).check();
  await submitTo(page, form, new RegExp(`^${path}/receipt$`), `voting ${choice}`);
  const code = (await textOf(page.locator('main'))).match(RECEIPT);
  assert.ok(code, `the receipt code is shown: ${await textOf(page.locator('main'))}`);
  return code[0];
}

async function checkReceipt(page, path, code, lang) {
  await visit(page, withLang(`${path}/receipt`, lang));
  const form = page.locator(`form[action="${path}/receipt"]`);
  await form.locator('input[name="code"]').fill(code.toLowerCase());
  await submitTo(page, form, new RegExp(`^${path}/receipt$`), 'checking a receipt');
  return textOf(page.locator('.receipt-result'));
}

async function consultationJourney({ javaScriptEnabled, officialLang, residentLang }) {
  const options = { javaScriptEnabled };
  const contexts = [];
  const suffix = uniqueSuffix();
  const title = { nb: `Ny benk i Storparken ${suffix}`, da: `Ny bænk i Storparken ${suffix}` };
  const yes = { nb: 'Ja, sett opp benken', da: 'Ja, sæt bænken op' };
  const no = { nb: 'Nei, la parken være', da: 'Nej, lad parken være' };
  const R = TEXT[residentLang];

  try {
    // ---- The official writes, previews and publishes. ----
    const officialCtx = await newContext(browser(), baseURL(), options);
    contexts.push(officialCtx);
    const o = await officialCtx.newPage();
    await login(o, DEMO.official, undefined, officialLang);
    await visit(o, withLang('/consultations/new', officialLang));
    assert.equal(await htmlLang(o), officialLang);
    let form = o.locator('form[action="/consultations/new"]');
    assert.equal(await form.count(), 1, 'the consultation form');
    await form.locator('input[name="title_nb"]').fill(title.nb);
    await form.locator('textarea[name="summary_nb"]').fill('Kommunen vil sette opp en benk ved dammen. Hva mener du?');
    await form.locator('textarea[name="body_nb"]').fill('Benken koster lite og kan stå der i mange år.');
    await form.locator('input[name="title_da"]').fill(title.da);
    await form.locator('textarea[name="summary_da"]').fill('Kommunen vil sætte en bænk op ved dammen. Hvad mener du?');
    await form.locator('input[name="information_from"]').fill(osloDay(0));
    await form.locator('input[name="voting_from"]').fill(osloDay(0));
    await form.locator('input[name="voting_until"]').fill(osloDay(14));
    await submitTo(o, form, /^\/consultations\/\d+$/, 'creating the consultation');
    const path = new URL(o.url()).pathname;

    await visit(o, withLang(`${path}/questions/new`, officialLang));
    form = o.locator(`form[action="${path}/questions/new"]`);
    assert.equal(await form.count(), 1, 'the question form');
    await form.locator('input[name="kind"][value="single"]').check();
    await form.locator('input[name="prompt_nb"]').fill('Skal kommunen sette opp benken?');
    await form.locator('input[name="prompt_da"]').fill('Skal kommunen sætte bænken op?');
    await form.locator('textarea[name="options_nb"]').fill(`${yes.nb}\n${no.nb}`);
    await form.locator('textarea[name="options_da"]').fill(`${yes.da}\n${no.da}`);
    await submitTo(o, form, new RegExp(`^${path}$`), 'adding the question');

    // The draft is the preview, in each language; residents cannot see it.
    for (const lang of ['nb', 'da']) {
      await visit(o, withLang(path, lang));
      assert.equal(await textOf(o.locator('h1')), title[lang], `the ${lang} preview shows the ${lang} title`);
    }
    await submitTo(o, o.locator(`form[action="${path}/publish"]`), new RegExp(`^${path}$`), 'publishing');
    assert.equal(await o.locator(`form[action="${path}/publish"]`).count(), 0, 'published once');

    // ---- The resident votes, changes the vote and checks the receipt. ----
    const residentCtx = await newContext(browser(), baseURL(), options);
    contexts.push(residentCtx);
    const r = await residentCtx.newPage();
    await login(r, DEMO.resident, undefined, residentLang);
    await visit(r, withLang(path, residentLang));
    assert.equal(await htmlLang(r), residentLang);
    assert.equal(await textOf(r.locator('h1')), title[residentLang], 'the resident reads the title in their language');
    assert.equal(await r.locator(`a[href="${path}/vote"]`).count(), 1, 'the page leads to the ballot');

    const first = await vote(r, path, yes[residentLang], residentLang);
    if (javaScriptEnabled) {
      const violations = await runAxe(r);
      assert.equal(violations.length, 0, formatViolations(`${path}/receipt after voting (${residentLang})`, violations));
    }
    const second = await vote(r, path, no[residentLang], residentLang);
    assert.notEqual(first, second, 'a changed vote gets a new receipt');
    await visit(r, withLang(`${path}/vote`, residentLang));
    assert.ok(
      await r.locator(`form[action="${path}/vote"]`).getByLabel(no[residentLang], { exact: true }).isChecked(),
      'the ballot form shows the changed vote',
    );
    assert.equal(await checkReceipt(r, path, second, residentLang), R.found, 'the newest receipt is in the count');
    assert.ok(
      (await checkReceipt(r, path, first, residentLang)).startsWith(R.notFound),
      'the replaced receipt is not in the count',
    );

    // ---- The official enters a paper ballot, closes voting, publishes the results. ----
    await visit(o, withLang(`${path}/paper`, officialLang));
    form = o.locator(`form[action="${path}/paper"]`);
    assert.equal(await form.count(), 1, 'the paper ballot form');
    await form.locator('input[name="channel"][value="paper"]').check();
    await form.getByLabel(no[officialLang], { exact: true }).check();
    await submitTo(o, form, new RegExp(`^${path}/paper$`), 'entering a paper ballot');
    await visit(o, withLang(path, officialLang));
    await submitTo(o, o.locator(`form[action="${path}/close"]`), new RegExp(`^${path}$`), 'closing voting');
    await submitTo(o, o.locator(`form[action="${path}/publish-results"]`), new RegExp(`^${path}$`), 'publishing the results');

    // After closing, the resident's ballot can no longer be changed.
    await visit(r, withLang(`${path}/vote`, residentLang));
    assert.equal(await r.locator(`form[action="${path}/vote"] button[type="submit"]`).count(), 0, 'no ballot after closing');

    // ---- Anyone reads the results: ballots per channel and per option. ----
    const anonCtx = await newContext(browser(), baseURL(), options);
    contexts.push(anonCtx);
    const a = await anonCtx.newPage();
    const shown = await visit(a, withLang(`${path}/results`, residentLang));
    assert.equal(shown.response?.status(), 200, `results: ${describeResponse(a, shown.response)}`);
    const channels = a.locator('table.channel-table tbody tr');
    const perChannel = {};
    for (let i = 0; i < (await channels.count()); i++) {
      perChannel[await textOf(channels.nth(i).locator('th'))] = await textOf(channels.nth(i).locator('td'));
    }
    assert.deepEqual(perChannel, { [R.web]: '1', [R.paper]: '1' }, 'one ballot on the web and one on paper');
    const table = a.locator('table.result-table').first();
    const totalOf = async (label) => textOf(table.locator('tbody tr').filter({ hasText: label }).locator('td').first());
    assert.equal(await totalOf(no[residentLang]), '2', 'the changed vote and the paper ballot');
    assert.equal(await totalOf(yes[residentLang]), '0', 'the first vote was replaced, not added');

    // axe cannot run without JavaScript; the same pages in a context with it.
    let axePage = a;
    if (!javaScriptEnabled) {
      const axeCtx = await newContext(browser(), baseURL(), {});
      contexts.push(axeCtx);
      axePage = await axeCtx.newPage();
      await visit(axePage, withLang(`${path}/results`, residentLang));
    }
    const violations = await runAxe(axePage);
    assert.equal(violations.length, 0, formatViolations(`${path}/results (${residentLang})`, violations));
  } finally {
    for (const ctx of contexts) await ctx.close();
  }
}

describe('consultations: write in nb and da, vote, change, receipt, paper, results', () => {
  it('with JavaScript (official nb, resident da)', { timeout: 4 * TEST_TIMEOUT_MS }, () =>
    consultationJourney({ javaScriptEnabled: true, officialLang: 'nb', residentLang: 'da' }));
  it('without JavaScript (official da, resident nb)', { timeout: 4 * TEST_TIMEOUT_MS }, () =>
    consultationJourney({ javaScriptEnabled: false, officialLang: 'da', residentLang: 'nb' }));
});
