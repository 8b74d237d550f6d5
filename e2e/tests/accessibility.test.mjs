// Every page, in every locale, passes axe-core's WCAG 2.1 A/AA rules, has
// the shared page layout, declares its language and stays under the page
// weight budget. The login and register forms are also checked with their
// validation errors shown.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer } from '../lib/server.mjs';
import {
  LOCALES,
  DEMO,
  PAGE_WEIGHT_LIMIT,
  TEST_TIMEOUT_MS,
  launchBrowser,
  newContext,
  loggedInContext,
  visit,
  submit,
  withLang,
  htmlLang,
  runAxe,
  formatViolations,
  formatWeight,
  loginForm,
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });

// who: which session visits the page; status: the expected HTTP status.
const PAGES = [
  { path: '/', who: 'anonymous', status: 200 },
  { path: '/login', who: 'anonymous', status: 200 },
  { path: '/register', who: 'anonymous', status: 200 },
  { path: '/accessibility', who: 'anonymous', status: 200 },
  { path: '/no-such-page', who: 'anonymous', status: 404 },
  { path: '/account', who: 'resident', status: 200 },
  { path: '/notifications', who: 'resident', status: 200 },
  { path: '/admin/users', who: 'resident', status: 403 },
  { path: '/admin/users', who: 'admin', status: 200 },
  { path: '/admin/population', who: 'admin', status: 200 },
  { path: '/proposals', who: 'anonymous', status: 200 },
  { path: '/proposals/new', who: 'resident', status: 200 },
  // A proposal submitted through the form in the before hook (no fixed id).
  { get path() { return created.proposal; }, who: 'anonymous', status: 200 },
  { get path() { return created.proposal; }, who: 'official', status: 200 },
  { path: '/proposals/assisted', who: 'official', status: 200 },
  { path: '/admin/categories', who: 'admin', status: 200 },
  { path: '/moderation', who: 'moderator', status: 200 },
  // The author's edit form, and the pages behind a comment's links.
  { get path() { return `${created.editable}/edit`; }, who: 'resident', status: 200 },
  { get path() { return `${created.proposal}/flag`; }, who: 'official', status: 200 },
  { get path() { return created.commentEdit; }, who: 'official', status: 200 },
  { get path() { return created.commentDelete; }, who: 'official', status: 200 },
  { get path() { return created.commentFlag; }, who: 'resident', status: 200 },
  { path: '/proposals?q=benker', who: 'anonymous', status: 200 },
  // Consultations: the demo's closed one (results), the one in its voting
  // phase (participatory budget) and the one taking input; found by title.
  { path: '/consultations', who: 'anonymous', status: 200 },
  { path: '/consultations', who: 'official', status: 200 },
  { path: '/consultations/new', who: 'official', status: 200 },
  { path: '/consultations/new', who: 'resident', status: 403 },
  { get path() { return created.voting; }, who: 'anonymous', status: 200 },
  { get path() { return created.voting; }, who: 'resident', status: 200 },
  { get path() { return created.voting; }, who: 'official', status: 200 },
  { get path() { return `${created.voting}/vote`; }, who: 'resident', status: 200 },
  { get path() { return `${created.input}/vote`; }, who: 'resident', status: 200 },
  { get path() { return `${created.voting}/receipt`; }, who: 'anonymous', status: 200 },
  { get path() { return `${created.voting}/paper`; }, who: 'official', status: 200 },
  { get path() { return `${created.voting}/edit`; }, who: 'official', status: 200 },
  // The consultation has ballots: a new question is refused, and the page says why.
  { get path() { return `${created.input}/questions/new`; }, who: 'official', status: 409 },
  { get path() { return created.questionEdit; }, who: 'official', status: 200 },
  { get path() { return `${created.closed}/results`; }, who: 'anonymous', status: 200 },
  { get path() { return `${created.closed}/results`; }, who: 'moderator', status: 200 },
  // Neighbourhood meetings: the list, the demo's next meeting and a past one
  // with minutes, and the officials' pages.
  { path: '/meetings', who: 'anonymous', status: 200 },
  { path: '/meetings', who: 'official', status: 200 },
  { path: '/meetings?when=past', who: 'anonymous', status: 200 },
  { path: '/meetings?fact=childcare&fact=step_free', who: 'resident', status: 200 },
  { path: '/meetings/new', who: 'official', status: 200 },
  { path: '/meetings/new', who: 'resident', status: 403 },
  { path: '/meetings/propose', who: 'resident', status: 200 },
  { get path() { return created.upcomingMeeting; }, who: 'anonymous', status: 200 },
  { get path() { return created.upcomingMeeting; }, who: 'resident', status: 200 },
  { get path() { return created.upcomingMeeting; }, who: 'official', status: 200 },
  { get path() { return `${created.upcomingMeeting}/edit`; }, who: 'official', status: 200 },
  { get path() { return created.pastMeeting; }, who: 'anonymous', status: 200 },
  { get path() { return `${created.pastMeeting}/attendance`; }, who: 'official', status: 200 },
  { get path() { return `${created.pastMeeting}/minutes`; }, who: 'official', status: 200 },
  { get path() { return `/proposals/assisted?meeting=${created.pastMeeting.split('/').pop()}`; }, who: 'official', status: 200 },
  // The outreach engine: the plan and the lottery for officials, the
  // participation report for moderators and officials, and the public pages.
  // Their own files (outreach, lottery, reports, proposals) check the error
  // states, the other roles and common ground in every locale.
  { path: '/outreach', who: 'official', status: 200 },
  { path: '/outreach', who: 'resident', status: 403 },
  { path: '/outreach/lottery', who: 'official', status: 200 },
  { get path() { return created.lotteryDraw; }, who: 'anonymous', status: 200 },
  { path: '/reports/participation', who: 'moderator', status: 200 },
  { path: '/reports/participation', who: 'resident', status: 403 },
  { path: '/how-we-count', who: 'anonymous', status: 200 },
];

// Paths of what the before hook creates; the placeholder names the tests
// until the hook has run.
const created = {
  proposal: '/proposals/{id}',
  editable: '/proposals/{id}',
  commentEdit: '/comments/{id}/edit',
  commentDelete: '/comments/{id}/delete',
  commentFlag: '/comments/{id}/flag',
  closed: '/consultations/{closed}',
  voting: '/consultations/{voting}',
  input: '/consultations/{input}',
  questionEdit: '/consultations/{id}/questions/{id}/edit',
  upcomingMeeting: '/meetings/{upcoming}',
  pastMeeting: '/meetings/{past}',
  lotteryDraw: '/outreach/lottery/{id}',
};

// The demo's next scheduled meeting and its most recent past one with
// minutes, read from the test database.
function findMeetings() {
  const query = (q) =>
    execFileSync('psql', [process.env.DATABASE_URL, '-At', '-c', q], { encoding: 'utf8' }).trim();
  const upcoming = query(`SELECT id FROM meetings WHERE status = 'scheduled' AND starts_at > now() ORDER BY starts_at, id LIMIT 1`);
  const past = query(`SELECT id FROM meetings WHERE status = 'scheduled' AND ends_at < now()
    AND minutes_published_at IS NOT NULL ORDER BY starts_at DESC, id LIMIT 1`);
  assert.match(upcoming, /^\d+$/, 'the demo has an upcoming meeting');
  assert.match(past, /^\d+$/, 'the demo has a past meeting with minutes');
  return { upcomingMeeting: `/meetings/${upcoming}`, pastMeeting: `/meetings/${past}` };
}

// Records a lottery draw as the lottery form would (the form itself is
// tested in lottery.test.mjs) and returns its public audit page.
function recordLotteryDraw() {
  const id = execFileSync('psql', [process.env.DATABASE_URL, '-At', '-v', 'ON_ERROR_STOP=1', '-c', `
    WITH m AS (SELECT id FROM municipalities WHERE slug = 'fjordvik'),
    a AS (SELECT code FROM areas WHERE municipality_id = (SELECT id FROM m) ORDER BY code LIMIT 2),
    d AS (INSERT INTO lottery_draws (municipality_id, purpose, file_name, file_sha256, register_rows,
            household_column, households, letters_asked, letters_drawn, seed, prior, rates_from, rates_to)
          SELECT id, 'Invitasjoner til nabolagsmøte', 'utdrag.csv', repeat('ab', 32), 400, 'husstand', 310,
            20, 20, 12345678901234567890, 200, now() - interval '24 months', now() FROM m RETURNING id, municipality_id)
    INSERT INTO lottery_draw_segments (municipality_id, draw_id, area, age_band, gender, register_rows, allocated, letters)
    SELECT d.municipality_id, d.id, a.code, b.band, g.gender, 50, 5, 5
    FROM d, a, (VALUES ('16-19'), ('80+')) AS b(band), (VALUES ('female')) AS g(gender)
    RETURNING draw_id`], { encoding: 'utf8' }).trim().split('\n')[0];
  assert.match(id, /^\d+$/, 'a lottery draw was recorded');
  return { lotteryDraw: `/outreach/lottery/${id}` };
}

// Words in the demo consultations' bokmål titles (store/seed_demo_consultations.go).
const DEMO_CONSULTATIONS = { closed: 'skolestruktur', voting: 'Innbyggerbudsjett', input: 'trives' };

// Finds the demo consultations on the list and a question's edit link.
async function findConsultations(context) {
  const page = await context.newPage();
  try {
    await visit(page, withLang('/consultations', 'nb'));
    const found = {};
    for (const [key, word] of Object.entries(DEMO_CONSULTATIONS)) {
      const href = await page.locator('main h3 a').filter({ hasText: word }).first().getAttribute('href');
      assert.match(href ?? '', /^\/consultations\/\d+$/, `the demo consultation with "${word}" is listed`);
      found[key] = href;
    }
    await visit(page, found.voting);
    found.questionEdit = await page.locator('a[href*="/questions/"][href$="/edit"]').first().getAttribute('href');
    return found;
  } finally {
    await page.close();
  }
}

let browser;
const contexts = {};

before(async () => {
  browser = await launchBrowser();
  // One set of signed-in browsers per locale: the language is a cookie, and
  // the locales run side by side.
  for (const lang of LOCALES) {
    contexts[lang] = {
      anonymous: await newContext(browser, baseURL(), { bypassCSP: true }),
      resident: await loggedInContext(browser, baseURL(), DEMO.resident, { bypassCSP: true }),
      admin: await loggedInContext(browser, baseURL(), DEMO.admin, { bypassCSP: true }),
      moderator: await loggedInContext(browser, baseURL(), DEMO.moderator, { bypassCSP: true }),
      official: await loggedInContext(browser, baseURL(), DEMO.official, { bypassCSP: true }),
    };
  }
  Object.assign(contexts, contexts[LOCALES[0]]);
  created.proposal = await submitProposal(contexts.resident);
  created.editable = await submitProposal(contexts.resident);
  Object.assign(created, await postComment(contexts.official, created.proposal));
  created.commentFlag = await linkOn(contexts.resident, created.proposal, 'flag');
  Object.assign(created, await findConsultations(contexts.official));
  Object.assign(created, findMeetings());
  Object.assign(created, recordLotteryDraw());
}, { timeout: TEST_TIMEOUT_MS });

// Posts a comment as the official and returns the paths of its edit and
// delete links.
async function postComment(context, proposalPath) {
  const page = await context.newPage();
  try {
    await visit(page, proposalPath);
    const form = page.locator('form.comment-form:not(.reply-form)').first();
    await form.locator('textarea[name="body"]').fill('Godt forslag. Vi ser på det.');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
    return { commentEdit: await commentLink(page, 'edit'), commentDelete: await commentLink(page, 'delete') };
  } finally {
    await page.close();
  }
}

function commentLink(page, action) {
  return page.locator(`a[href^="/comments/"][href*="/${action}"]`).first().getAttribute('href');
}

// Returns the path of a comment link (edit, delete, flag) as another user sees it.
async function linkOn(context, proposalPath, action) {
  const page = await context.newPage();
  try {
    await visit(page, proposalPath);
    return await commentLink(page, action);
  } finally {
    await page.close();
  }
}

// Submits a proposal through the form, as a resident does, and returns its path.
async function submitProposal(context) {
  const page = await context.newPage();
  try {
    await visit(page, '/proposals/new');
    const form = page.locator('form:has(textarea[name="body"])').first();
    await form.locator('input[name="title"]').fill('Flere benker langs elva');
    await form.locator('textarea[name="body"]').fill('Vi trenger flere benker.\n\nSe https://example.no/benker for ideer.');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      form.locator('button[name="action"][value="publish"]').click(),
    ]);
    const path = new URL(page.url()).pathname;
    assert.match(path, /^\/proposals\/\d+$/, `publishing a proposal ended on ${page.url()}`);
    return path;
  } finally {
    await page.close();
  }
}

// One tab per locale and visitor for the sweep, reused from page to page:
// a new tab for every page would start a new renderer each time, and the
// sweep would spend most of its time there.
const sweepTabs = {};
async function sweepPage(lang, who) {
  const key = `${lang}/${who}`;
  sweepTabs[key] ??= await contexts[lang][who].newPage();
  return sweepTabs[key];
}

after(async () => {
  await browser?.close();
});

async function checkLayout(page, lang, who) {
  const problems = [];
  const count = (sel) => page.locator(sel).count();

  if ((await count('a[href="#main"]')) === 0) problems.push('no skip link a[href="#main"]');
  if ((await count('#main')) === 0) problems.push('no element with id="main"');
  if ((await count('header')) === 0) problems.push('no <header>');
  if ((await count('header nav, nav')) === 0) problems.push('no <nav>');
  if ((await count('footer')) === 0) problems.push('no <footer>');
  if ((await count('footer a[href^="/accessibility"]')) === 0) {
    problems.push('footer has no link to /accessibility');
  }
  const hreflangs = await page
    .locator('a[hreflang]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('hreflang')));
  for (const l of LOCALES) {
    if (!hreflangs.includes(l) && l !== lang) problems.push(`language switcher has no link with hreflang="${l}"`);
  }
  if (who !== 'anonymous') {
    const logout = page.locator('header form[action*="/logout"]');
    if ((await logout.count()) === 0) problems.push('no logout form in the header');
    else if ((await logout.first().locator('input[name="_csrf"]').count()) === 0) {
      problems.push('logout form has no _csrf field');
    }
  }
  assert.deepEqual(problems, [], `layout problems on ${page.url()} (lang ${lang})`);
}

async function checkAxe(page, where) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(where, violations));
}

function checkWeight(weight, where) {
  assert.ok(weight.total < PAGE_WEIGHT_LIMIT, formatWeight(where, weight));
}

// The locales only read, so two run side by side (more would only compete
// for the processor); the pages of one locale run one after another.
describe('every page in every locale', { concurrency: 2 }, () => {
  for (const lang of LOCALES) {
    describe(`locale ${lang}`, { concurrency: 1 }, () => {
      for (const p of PAGES) {
        it(`${p.path} as ${p.who}`, { timeout: TEST_TIMEOUT_MS }, async (t) => {
          const page = await sweepPage(lang, p.who);
          const where = `${p.path} (${lang}, ${p.who})`;
          const { response, weight } = await visit(page, withLang(p.path, lang));
          await t.test('status', () => {
            assert.equal(response?.status(), p.status, `${where}: HTTP status`);
          });
          await t.test('html lang', async () => {
            assert.equal(await htmlLang(page), lang, `${where}: <html lang>`);
          });
          await t.test('layout', () => checkLayout(page, lang, p.who));
          await t.test('axe', () => checkAxe(page, where));
          await t.test('page weight', () => checkWeight(weight, where));
        });
      }

      it('login form with a validation error', { timeout: TEST_TIMEOUT_MS }, async (t) => {
        const page = await contexts[lang].anonymous.newPage();
        const where = `/login after a failed submit (${lang})`;
        try {
          await visit(page, withLang('/login', lang));
          const form = loginForm(page);
          await form.locator('input[name="email"]').fill('nobody-here@fjordvik.example');
          await form.locator('input[name="password"]').fill('not-the-password');
          const { response, weight } = await submit(page, form);
          await t.test('status 422', () => {
            assert.equal(response?.status(), 422, `${where}: HTTP status`);
          });
          await t.test('html lang', async () => {
            assert.equal(await htmlLang(page), lang, `${where}: <html lang>`);
          });
          await t.test('axe', () => checkAxe(page, where));
          await t.test('page weight', () => checkWeight(weight, where));
        } finally {
          await page.close();
        }
      });

      it('ballot over budget', { timeout: TEST_TIMEOUT_MS }, async (t) => {
        const page = await contexts[lang].resident.newPage();
        const where = `${created.voting}/vote over budget (${lang})`;
        try {
          await visit(page, withLang(`${created.voting}/vote`, lang));
          const form = page.locator(`form[action="${created.voting}/vote"]`);
          // Every option of the participatory budget: more than it allows.
          const boxes = form.locator('fieldset:has(input[type="checkbox"]) input[type="checkbox"]');
          for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
          const { response, weight } = await submit(page, form);
          await t.test('refused, choices kept', async () => {
            assert.equal(response?.status(), 422, `${where}: HTTP status`);
            assert.ok(await boxes.last().isChecked(), `${where}: the choices are kept`);
            assert.ok((await page.locator('[aria-invalid="true"], .field-error').count()) > 0, `${where}: an error is shown`);
          });
          await t.test('html lang', async () => {
            assert.equal(await htmlLang(page), lang, `${where}: <html lang>`);
          });
          await t.test('axe', () => checkAxe(page, where));
          await t.test('page weight', () => checkWeight(weight, where));
        } finally {
          await page.close();
        }
      });

      it('consultation form with validation errors', { timeout: TEST_TIMEOUT_MS }, async (t) => {
        const page = await contexts[lang].official.newPage();
        const where = `/consultations/new after a failed submit (${lang})`;
        try {
          await visit(page, withLang('/consultations/new', lang));
          const form = page.locator('form[action="/consultations/new"]');
          await form.locator('input[name="voting_from"]').fill('2030-01-10');
          await form.locator('input[name="voting_until"]').fill('2030-01-01');
          const { response, weight } = await submit(page, form);
          await t.test('refused, values kept', async () => {
            assert.equal(response?.status(), 422, `${where}: HTTP status`);
            assert.equal(await form.locator('input[name="voting_from"]').inputValue(), '2030-01-10', `${where}: kept`);
          });
          await t.test('axe', () => checkAxe(page, where));
          await t.test('page weight', () => checkWeight(weight, where));
        } finally {
          await page.close();
        }
      });

      it('register form with validation errors', { timeout: TEST_TIMEOUT_MS }, async (t) => {
        const page = await contexts[lang].anonymous.newPage();
        const where = `/register after a failed submit (${lang})`;
        try {
          await visit(page, withLang('/register', lang));
          const form = page.locator('form:has(input[name="display_name"])').first();
          // Let the server, not the browser, judge the input.
          await form.evaluate((f) => {
            f.noValidate = true;
          });
          await form.locator('input[name="email"]').fill('not-an-email');
          await form.locator('input[name="password"]').fill('short');
          await form.locator('input[name="display_name"]').fill('');
          const { response, weight } = await submit(page, form);
          await t.test('re-rendered with a 4xx status', () => {
            const status = response?.status() ?? 0;
            assert.ok(status >= 400 && status < 500, `${where}: HTTP status ${status}, want 4xx`);
          });
          await t.test('form kept', async () => {
            assert.ok(new URL(page.url()).pathname.startsWith('/register'), `${where}: ended on ${page.url()}`);
            assert.equal(
              await page.locator('form:has(input[name="display_name"]) input[name="email"]').inputValue(),
              'not-an-email',
              `${where}: the typed email is kept`,
            );
          });
          await t.test('html lang', async () => {
            assert.equal(await htmlLang(page), lang, `${where}: <html lang>`);
          });
          await t.test('axe', () => checkAxe(page, where));
          await t.test('page weight', () => checkWeight(weight, where));
        } finally {
          await page.close();
        }
      });
    });
  }
});
