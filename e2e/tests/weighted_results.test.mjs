// Weighted results and common ground on a consultation's results page. The
// demo's closed consultation shows, under each choice question's count, the
// weighted estimate or the plain-language reason there is none; the
// consultation that takes statements shows its common-ground list, which an
// official switches from areas to age groups. axe runs on both pages in all
// four languages, and the switch is walked once without JavaScript.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  withLang,
  htmlLang,
  runAxe,
  formatViolations,
  formatWeight,
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });
const browser = useBrowser({ before, after });

const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** Runs one SQL query against the test database and returns its output. */
function sql(query) {
  return execFileSync('psql', [process.env.DATABASE_URL, '-At', '-v', 'ON_ERROR_STOP=1'], {
    encoding: 'utf8',
    input: query,
  }).trim();
}

/** The demo's closed consultation: voting is over. */
function closedConsultation() {
  const id = sql(`SELECT id FROM consultations WHERE status IN ('closed', 'results_published') ORDER BY id LIMIT 1`);
  assert.ok(id, 'the demo has a closed consultation');
  return id;
}

/** The consultation whose statements residents have taken stances on, if any. */
function statementConsultation() {
  return sql(`SELECT c.id FROM consultations c
    WHERE EXISTS (SELECT 1 FROM ballot_stances s WHERE s.consultation_id = c.id)
    ORDER BY c.id LIMIT 1`);
}

async function checkAxe(page, where) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(where, violations));
}

/** Visits a page, checks its language, status and weight, and returns it. */
async function open(page, path, lang) {
  const { response, weight } = await visit(page, withLang(path, lang));
  assert.equal(response?.status(), 200, `${path} (${lang}): status ${response?.status()}`);
  assert.equal(await htmlLang(page), lang);
  assert.ok(weight.total < PAGE_WEIGHT_LIMIT, formatWeight(`${path} (${lang})`, weight));
}

/** Every weighted section has either an estimate table with n_eff, or a reason. */
async function checkWeighted(page, where) {
  const sections = page.locator('.weighted-result');
  const count = await sections.count();
  assert.ok(count > 0, `${where}: no weighted section`);
  for (let i = 0; i < count; i++) {
    const s = sections.nth(i);
    const tables = await s.locator('table.weighted-table').count();
    const reasons = await s.locator('.weighted-refused').count();
    assert.equal(tables + reasons, 1, `${where}: section ${i + 1} has neither an estimate nor a reason`);
    assert.equal(await s.locator('a[href="/how-we-count#weighting"]').count(), 1, `${where}: no link to the method`);
    if (tables) {
      assert.equal(await s.locator('dl.weighted-facts dd').count(), 4, `${where}: n, n_eff, design effect and method`);
    } else {
      const reason = squash(await s.locator('.weighted-refused').innerText());
      assert.doesNotMatch(reason, /has no respondents|effective sample size|did not converge|invalid input/, `${where}: an English engine message`);
    }
  }
}

/** The statements of the common-ground list, in order. */
async function commonGroundOrder(page) {
  return page.locator('.common-ground-table tbody th').evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
}

describe('weighted results and common ground', () => {
  it('closed consultation: weighted estimate or reason, axe clean in every language', { timeout: 4 * TEST_TIMEOUT_MS }, async () => {
    const id = closedConsultation();
    const ctx = await newContext(browser(), baseURL());
    try {
      const page = await ctx.newPage();
      await login(page, DEMO.official);
      for (const lang of LOCALES) {
        const path = `/consultations/${id}/results`;
        await open(page, path, lang);
        await checkWeighted(page, `${path} (${lang})`);
        await checkAxe(page, `${path} (${lang})`);
      }
    } finally {
      await ctx.close();
    }
  });

  it('statements: common ground by area and by age group, axe clean in every language', { timeout: 4 * TEST_TIMEOUT_MS }, async (t) => {
    const id = statementConsultation();
    if (!id) {
      t.diagnostic('the demo has no stances on statements: no common-ground list to check');
      assert.equal(sql(`SELECT count(*) FROM ballot_stances`), '0');
      return;
    }
    const ctx = await newContext(browser(), baseURL());
    try {
      const page = await ctx.newPage();
      await login(page, DEMO.official);
      const statements = Number(sql(`SELECT count(*) FROM consultation_questions WHERE consultation_id = ${Number(id)} AND kind = 'statement'`));
      for (const lang of LOCALES) {
        for (const groups of ['area', 'age_band']) {
          const path = `/consultations/${id}/results?groups=${groups}`;
          await open(page, path, lang);
          assert.equal(await page.locator('section.common-ground').count(), 1, `${path} (${lang}): the list`);
          assert.equal((await commonGroundOrder(page)).length, statements, `${path} (${lang}): every statement listed`);
          assert.equal(
            await page.locator(`.common-ground-groups a[aria-current="true"][href*="groups=${groups}"]`).count(),
            1,
            `${path} (${lang}): the chosen grouping is marked`,
          );
          await checkAxe(page, `${path} (${lang})`);
        }
      }
    } finally {
      await ctx.close();
    }
  });

  it('without JavaScript: the groups switch is a plain link', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
    const id = statementConsultation() || closedConsultation();
    const ctx = await newContext(browser(), baseURL(), { javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await login(page, DEMO.official, undefined, 'nn');
      await open(page, `/consultations/${id}/results`, 'nn');
      await checkWeighted(page, `/consultations/${id}/results (nn, no JavaScript)`);
      if (!(await page.locator('section.common-ground').count())) return;
      const caption = squash(await page.locator('.common-ground-table caption').innerText());
      const link = page.locator('.common-ground-groups a[href*="groups=age_band"]');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('groups'), 'age_band', `the switch leads to ${page.url()}`);
      assert.equal(url.hash, '#common-ground');
      assert.equal(await page.locator('.common-ground-groups a[aria-current="true"][href*="groups=age_band"]').count(), 1);
      const byAge = squash(await page.locator('.common-ground-table caption').innerText());
      assert.notEqual(byAge, caption, 'the caption names the new grouping');
      assert.match(byAge, /aldersgrupper/);
    } finally {
      await ctx.close();
    }
  });
});
