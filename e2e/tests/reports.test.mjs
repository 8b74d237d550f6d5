// The participation report: a moderator opens it, chooses "everything since
// the start", downloads the CSV (no count from 1 to 4 in any count column)
// and gets the JSON; once with JavaScript and once without. axe checks the
// report in all four languages, and the print stylesheet gives an A4 report
// without navigation or forms.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useServer } from '../lib/server.mjs';
import {
  DEMO,
  LOCALES,
  TEST_TIMEOUT_MS,
  PAGE_WEIGHT_LIMIT,
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
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });
const browser = useBrowser({ before, after });

const CSV_HEADER =
  'section,group,channel,residents,participants,participant_share,population_share,rate,ratio,value,suppressed';
const MIN_CELL = 5;

/** Splits CSV text into rows of fields (quotes as RFC 4180 has them). */
function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** Checks the CSV text: the documented header and no count from 1 to 4. */
function checkCSV(text) {
  const rows = parseCSV(text.replace(/^\ufeff/, ''));
  assert.equal(rows[0].join(','), CSV_HEADER, 'the CSV header');
  assert.ok(rows.length > 20, `the CSV has only ${rows.length} rows`);
  const residents = rows[0].indexOf('residents');
  const participants = rows[0].indexOf('participants');
  const suppressed = rows[0].indexOf('suppressed');
  for (const row of rows.slice(1)) {
    for (const col of [residents, participants]) {
      if (row[col] === '') continue;
      const n = Number(row[col]);
      assert.ok(!(n >= 1 && n < MIN_CELL), `a CSV row shows a count under ${MIN_CELL}: ${row.join(',')}`);
    }
    if (row[suppressed] === 'true') {
      assert.ok(row[residents] === '' || row[participants] === '', `a suppressed row has both counts: ${row.join(',')}`);
    }
  }
  return rows;
}

/** Returns every "count" from 1 to 4 in a JSON document. */
function smallCounts(value, found = []) {
  if (Array.isArray(value)) value.forEach((v) => smallCounts(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'count' && typeof v === 'number' && v >= 1 && v < MIN_CELL) found.push(v);
      smallCounts(v, found);
    }
  }
  return found;
}

/** The moderator's journey, with or without JavaScript. */
async function exportJourney(javaScriptEnabled) {
  const context = await newContext(browser(), baseURL(), { javaScriptEnabled, acceptDownloads: true });
  try {
    const page = await context.newPage();
    await login(page, DEMO.moderator, undefined, 'en');
    const { response } = await visit(page, '/reports/participation');
    assert.equal(response?.status(), 200);
    assert.equal(await htmlLang(page), 'en');
    assert.match(await page.locator('h1').innerText(), /Participation report/);

    // Everything since the start.
    const form = page.locator('form.scope-form');
    await form.locator('select[name="period"]').selectOption('all');
    const shown = await submit(page, form);
    assert.equal(shown.response?.status(), 200);
    assert.equal(new URL(page.url()).searchParams.get('period'), 'all');
    assert.ok(shown.weight.total <= PAGE_WEIGHT_LIMIT, formatWeight('the report', shown.weight));
    assert.equal(await page.locator('select[name="period"]').inputValue(), 'all');
    assert.ok(await page.locator('svg.report-chart[role="img"]').count() >= 3, 'the charts');
    assert.ok(await page.locator('table.report-table caption').count() >= 5, 'the tables');

    // The page's own cells: no count from 1 to 4.
    const cells = await page.locator('table.report-table td').allInnerTexts();
    for (const text of cells) {
      const plain = text.trim();
      if (/^[0-9][0-9\s,.]*$/.test(plain)) {
        const n = Number(plain.replace(/[^0-9]/g, ''));
        assert.ok(!(n >= 1 && n < MIN_CELL), `a table cell shows ${plain}`);
      }
    }

    // The CSV: a download with a dated name and the current scope.
    const csvLink = page.locator('a[href^="/reports/participation.csv"]');
    assert.match(await csvLink.getAttribute('href'), /period=all/);
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    assert.match(download.suggestedFilename(), /^participation-report-fjordvik-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = checkCSV(await readFile(await download.path(), 'utf8'));
    assert.ok(rows.some((r) => r[0] === 'area'), 'the CSV has the areas');

    // The JSON, through the page's own link.
    const jsonHref = await page.locator('a[href^="/reports/participation.json"]').getAttribute('href');
    assert.match(jsonHref, /period=all/);
    const answer = await page.request.get(jsonHref);
    assert.equal(answer.status(), 200);
    const doc = await answer.json();
    assert.equal(doc.scope.period, 'all');
    assert.ok(doc.population && doc.participants, 'the JSON has population and participants');
    assert.ok(doc.variables.some((v) => v.variable === 'area'), 'the JSON has the areas');
    assert.deepEqual(smallCounts(doc), [], `the JSON has counts under ${MIN_CELL}`);
  } finally {
    await context.close();
  }
}

describe('participation report', { timeout: TEST_TIMEOUT_MS * 4 }, () => {
  it('a moderator chooses everything since the start and exports CSV and JSON', { timeout: TEST_TIMEOUT_MS }, () =>
    exportJourney(true));

  it('works without JavaScript', { timeout: TEST_TIMEOUT_MS }, () => exportJourney(false));

  it('has no axe violations in nb, nn, da and en', { timeout: TEST_TIMEOUT_MS * 2 }, async () => {
    const context = await newContext(browser(), baseURL());
    try {
      const page = await context.newPage();
      await login(page, DEMO.moderator);
      for (const lang of LOCALES) {
        const { response } = await visit(page, withLang('/reports/participation?period=all', lang));
        assert.equal(response?.status(), 200, lang);
        assert.equal(await htmlLang(page), lang);
        const violations = await runAxe(page);
        assert.equal(violations.length, 0, formatViolations(`/reports/participation (${lang})`, violations));
      }
      // The scope form with an error, too.
      const { response } = await visit(page, '/reports/participation?period=custom&from=2026-13-45&lang=en');
      assert.equal(response?.status(), 422);
      assert.match(await page.locator('.scope-form').innerText(), /Write the date like 2026-03-31/);
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatViolations('the report with a scope error', violations));
    } finally {
      await context.close();
    }
  });

  it('prints as a clean A4 report', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(browser(), baseURL());
    try {
      const page = await context.newPage();
      await login(page, DEMO.official, undefined, 'nb');
      await visit(page, '/reports/participation?period=all');
      await page.emulateMedia({ media: 'print' });
      for (const selector of ['.main-nav', 'form.scope-form', '.report-downloads', '.site-footer', '.logout', '.report-print-hint']) {
        assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} is printed`);
      }
      assert.ok(await page.locator('.report-scope').isVisible(), 'the scope is printed');
      assert.ok(await page.locator('table.report-table').first().isVisible(), 'the tables are printed');
      const color = await page.locator('.report-page').evaluate((el) => getComputedStyle(el).color);
      assert.equal(color, 'rgb(0, 0, 0)', 'print is black on white');
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.length > 10_000, `the PDF has only ${pdf.length} bytes`);
    } finally {
      await context.close();
    }
  });
});
