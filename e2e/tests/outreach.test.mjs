// The outreach plan: an official opens /outreach, reads the area with the
// most missing voices from the first row, follows its "plan a meeting" link,
// finds that area chosen in the meeting form, fills in the rest and saves;
// the new meeting's page names the area. Once with JavaScript and once
// without. axe checks the plan in all four languages, also with a refused
// scope; a resident is refused the page.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import {
  DEMO,
  LOCALES,
  PAGE_WEIGHT_LIMIT,
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
  formatWeight,
  uniqueSuffix,
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });
const browser = useBrowser({ before, after });

const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** A day in Oslo as YYYY-MM-DD, offset by days from today. */
function osloDay(offset = 0) {
  const d = new Date(Date.now() + offset * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(d);
}

async function checkAxe(page, where) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(where, violations));
}

async function planJourney({ javaScriptEnabled, lang }) {
  const context = await newContext(browser(), baseURL(), { javaScriptEnabled });
  try {
    const page = await context.newPage();
    await login(page, DEMO.official, undefined, lang);

    // ---- The plan: the first row is the area with the most missing voices. ----
    const { response, weight } = await visit(page, withLang('/outreach', lang));
    assert.equal(response?.status(), 200, `/outreach answered ${response?.status()}`);
    assert.equal(await htmlLang(page), lang);
    assert.ok(weight.total < PAGE_WEIGHT_LIMIT, formatWeight(`/outreach (${lang})`, weight));
    const firstRow = page.locator('table.plan-areas tbody tr').first();
    const areaName = squash(await firstRow.locator('th .plan-area').innerText());
    assert.ok(areaName, 'the first row names an area');
    const link = firstRow.locator('a.plan-link');
    const href = await link.getAttribute('href');
    const areaID = href?.match(/^\/meetings\/new\?area=(\d+)$/)?.[1];
    assert.ok(areaID, `the plan link goes to the meeting form with the area: ${href}`);
    assert.ok(squash(await link.innerText()).includes(areaName), 'the link names the area');

    // ---- The meeting form has the area chosen. ----
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert.equal(new URL(page.url()).pathname, '/meetings/new');
    const form = page.locator('form[action="/meetings/new"]');
    const area = form.locator('select[name="area"]');
    assert.equal(await area.inputValue(), areaID, 'the area of the first row is chosen');
    assert.equal(squash(await area.locator('option:checked').innerText()), areaName);

    // ---- The official fills in the rest and saves. ----
    const title = `Kaffe og prat i ${areaName} ${uniqueSuffix()}`;
    await form.locator('input[name="title_nb"]').fill(title);
    await form.locator('textarea[name="description_nb"]').fill('Vi vil høre fra dere som sjelden sier noe. Kom innom for kaffe og en prat.');
    await form.locator('input[name="address"]').fill('Bygdehuset');
    await form.locator('input[name="start_date"]').fill(osloDay(7));
    await form.locator('input[name="start_time"]').fill('17:00');
    await form.locator('input[name="end_time"]').fill('19:00');
    const { response: saved } = await submit(page, form);
    assert.match(new URL(page.url()).pathname, /^\/meetings\/\d+$/, `saving ended on ${page.url()} (${saved?.status()})`);
    assert.equal(saved?.status(), 200);
    assert.equal(squash(await page.locator('h1').innerText()), title);
    assert.ok(squash(await page.locator('.meeting-details').innerText()).includes(areaName),
      `the new meeting is in ${areaName}`);
  } finally {
    await context.close();
  }
}

describe('outreach plan: plan a meeting in the top-ranked area', () => {
  it('with JavaScript (nb)', { timeout: 2 * TEST_TIMEOUT_MS }, () => planJourney({ javaScriptEnabled: true, lang: 'nb' }));
  it('without JavaScript (en)', { timeout: 2 * TEST_TIMEOUT_MS }, () => planJourney({ javaScriptEnabled: false, lang: 'en' }));
});

describe('outreach plan: accessibility and access', () => {
  it('axe finds nothing in any language, also with a refused scope', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(browser(), baseURL());
    try {
      const page = await context.newPage();
      await login(page, DEMO.official);
      for (const lang of LOCALES) {
        const { response } = await visit(page, withLang('/outreach', lang));
        assert.equal(response?.status(), 200);
        assert.equal(await htmlLang(page), lang);
        await checkAxe(page, `/outreach (${lang})`);

        const refused = await visit(page, withLang('/outreach?period=custom&from=2026-13-45&to=', lang));
        assert.equal(refused.response?.status(), 422, 'a refused date is a 422');
        assert.equal(await page.locator('.error-summary').count(), 1, 'the errors are summed up');
        assert.equal(await page.locator('input[name="from"]').getAttribute('value'), '2026-13-45', 'the typed value is kept');
        assert.ok(await page.locator('table.plan-areas tbody tr').count() > 0, 'the plan still shows figures');
        await checkAxe(page, `/outreach with a refused scope (${lang})`);
      }
    } finally {
      await context.close();
    }
  });

  it('a resident is refused', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(browser(), baseURL());
    try {
      const page = await context.newPage();
      await login(page, DEMO.resident);
      const { response } = await visit(page, '/outreach');
      assert.equal(response?.status(), 403);
      assert.equal(await page.locator('table.plan-areas').count(), 0);
    } finally {
      await context.close();
    }
  });
});
