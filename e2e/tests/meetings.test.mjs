// The neighbourhood meeting journey: an official creates a meeting with
// interpretation and childcare; a resident filters the list by childcare and
// registers; the official records attendance (the resident and three people
// without an account), and the participation ledger counts four meeting
// participants in the meeting's area. Once with JavaScript and once without;
// axe runs in the first (it needs JavaScript), and the accessibility suite
// checks every meeting page in all four languages.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

/** Runs one SQL query against the test database and returns its output. */
function sql(query, ...params) {
  const args = [process.env.DATABASE_URL, '-At', '-v', 'ON_ERROR_STOP=1'];
  params.forEach((p, i) => args.push('-v', `p${i + 1}=${p}`));
  // Read from standard input: psql substitutes :p1 there, not in -c.
  return execFileSync('psql', args, { encoding: 'utf8', input: query }).trim();
}

/** A day in Oslo as YYYY-MM-DD, offset by days from today. */
function osloDay(offset = 0) {
  const d = new Date(Date.now() + offset * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(d);
}

function describeResponse(page, response) {
  return `ended on ${page.url()} with status ${response?.status()}`;
}

async function submitTo(page, form, pathPattern, what) {
  const { response } = await submit(page, form);
  assert.match(new URL(page.url()).pathname, pathPattern, `${what}: ${describeResponse(page, response)}`);
  assert.equal(response?.status(), 200, `${what}: ${describeResponse(page, response)}`);
  return response;
}

async function checkAxe(page, where) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(where, violations));
}

async function meetingJourney({ javaScriptEnabled, lang }) {
  const options = { javaScriptEnabled };
  const contexts = [];
  const suffix = uniqueSuffix();
  const title = `Språkkafé med barnepass ${suffix}`;
  // The demo resident lives in Havnebyen; the meeting is held there.
  const areaName = 'Havnebyen';

  try {
    // ---- The official creates the meeting for tomorrow evening. ----
    const officialCtx = await newContext(browser(), baseURL(), options);
    contexts.push(officialCtx);
    const o = await officialCtx.newPage();
    await login(o, DEMO.official, undefined, lang);
    await visit(o, withLang('/meetings/new', lang));
    assert.equal(await htmlLang(o), lang);
    let form = o.locator('form[action="/meetings/new"]');
    assert.equal(await form.count(), 1, 'the meeting form');
    await form.locator('input[name="title_nb"]').fill(title);
    await form.locator('textarea[name="description_nb"]').fill('Vi snakker norsk sammen over en kopp kaffe. Barna leker i rommet ved siden av.');
    await form.locator('select[name="area"]').selectOption({ label: areaName });
    await form.locator('input[name="address"]').fill('Havnegata 4');
    await form.locator('input[name="start_date"]').fill(osloDay(1));
    await form.locator('input[name="start_time"]').fill('18:00');
    await form.locator('input[name="end_time"]').fill('20:00');
    await form.locator('input[name="capacity"]').fill('25');
    await form.locator('input[name="interpretation"]').fill('arabisk, tigrinja');
    await form.locator('input[name="childcare"]').check();
    await submitTo(o, form, /^\/meetings\/\d+$/, 'creating the meeting');
    const path = new URL(o.url()).pathname;
    const id = path.split('/').pop();
    if (javaScriptEnabled) await checkAxe(o, `${path} as official (${lang})`);

    // ---- The resident finds it under "childcare" and registers. ----
    const residentCtx = await newContext(browser(), baseURL(), options);
    contexts.push(residentCtx);
    const r = await residentCtx.newPage();
    await login(r, DEMO.resident, undefined, lang);
    await visit(r, withLang('/meetings', lang));
    const filters = r.locator('form.meeting-filters');
    await filters.locator('input[name="fact"][value="childcare"]').check();
    const { response: filtered } = await submit(r, filters);
    assert.equal(filtered?.status(), 200, `filtering: ${describeResponse(r, filtered)}`);
    assert.ok(new URL(r.url()).searchParams.getAll('fact').includes('childcare'), `the filter is in the address: ${r.url()}`);
    const link = r.locator(`a[href="${path}"]`);
    assert.equal(await link.count(), 1, 'the childcare filter lists the new meeting');
    const withoutChildcare = sql(
      `SELECT count(*) FROM meetings WHERE status = 'scheduled' AND NOT childcare AND ends_at > now()`,
    );
    assert.ok(Number(withoutChildcare) > 0, 'the demo has upcoming meetings without childcare');
    const listed = await r.locator('.meeting-results a[href^="/meetings/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const childcareIDs = sql(`SELECT string_agg(id::text, ',') FROM meetings WHERE childcare`).split(',');
    for (const href of listed) {
      const listedID = href.match(/^\/meetings\/(\d+)$/)?.[1];
      if (listedID) assert.ok(childcareIDs.includes(listedID), `${href} is listed under childcare but has none`);
    }
    await Promise.all([r.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert.equal(await textOf(r.locator('h1')), title);
    await submitTo(r, r.locator(`form[action="${path}/register"]`), new RegExp(`^${path}$`), 'registering');
    assert.equal(await r.locator(`form[action="${path}/unregister"]`).count(), 1, 'registered: the resident can cancel');
    assert.equal(await r.locator(`form[action="${path}/register"]`).count(), 0, 'no second registration');
    if (javaScriptEnabled) await checkAxe(r, `${path} as a registered resident (${lang})`);

    // ---- The meeting is held: the official moves it to yesterday, when it took place. ----
    await visit(o, withLang(`${path}/edit`, lang));
    form = o.locator(`form[action="${path}/edit"]`);
    await form.locator('input[name="start_date"]').fill(osloDay(-1));
    await submitTo(o, form, new RegExp(`^${path}$`), 'moving the meeting to yesterday');

    // ---- The official records attendance. ----
    await visit(o, withLang(`${path}/attendance`, lang));
    const checkIn = o.locator(`form[action="${path}/checkin"]`);
    assert.equal(await checkIn.count(), 1, 'one registrant to check in');
    await submitTo(o, checkIn, new RegExp(`^${path}/attendance$`), 'checking in the resident');
    const count = o.locator(`form[action="${path}/attendees"]`);
    await count.locator('input[name="people"]').fill('3');
    await count.locator('select[name="area"]').selectOption({ label: areaName });
    await submitTo(o, count, new RegExp(`^${path}/attendance$`), 'counting three attendees without an account');
    if (javaScriptEnabled) await checkAxe(o, `${path}/attendance (${lang})`);

    // ---- The ledger: four meeting participants in Havnebyen. ----
    const inArea = sql(
      `SELECT count(*) FROM participation_ledger l JOIN areas a ON a.id = l.area_id
       WHERE l.act = 'meeting_attendance' AND l.scope_type = 'meeting' AND l.scope_id = :p1 AND l.channel = 'meeting'
         AND a.name = :'p2'`,
      id,
      areaName,
    );
    assert.equal(inArea, '4', `meeting participants in ${areaName}`);
  } finally {
    for (const ctx of contexts) await ctx.close();
  }
}

describe('neighbourhood meetings: create, filter, register, record attendance', () => {
  it('with JavaScript (nb)', { timeout: 4 * TEST_TIMEOUT_MS }, () => meetingJourney({ javaScriptEnabled: true, lang: 'nb' }));
  it('without JavaScript (da)', { timeout: 4 * TEST_TIMEOUT_MS }, () => meetingJourney({ javaScriptEnabled: false, lang: 'da' }));
});
