// The invitation lottery: an official opens the lottery form (a fresh seed is
// filled in), uploads a register extract made up here — Fjordvik's area codes
// from the form, the age groups and genders of its population figures from
// the database, households and names —, draws, and downloads the letter
// list. The draw's public audit page, linked from the list of draws, shows
// the seed and the file's SHA-256 and no name from the register, and the
// command it gives repeats the draw byte for byte. Once with JavaScript and
// once without; axe checks the form (also with errors) and the audit page in
// all four languages.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, e2eRoot } from '../lib/server.mjs';
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

/** Runs one SQL query against the test database and returns its output. */
function sql(query) {
  return execFileSync('psql', [process.env.DATABASE_URL, '-At', '-v', 'ON_ERROR_STOP=1'], { encoding: 'utf8', input: query }).trim();
}

function medvirkBin() {
  return process.env.MEDVIRK_BIN ? path.resolve(process.env.MEDVIRK_BIN) : path.resolve(e2eRoot, '..', 'bin', 'medvirk');
}

async function checkAxe(page, where) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(where, violations));
}

/**
 * A register extract for Fjordvik: for every area, age group and gender of
 * the population figures, six residents in three households of two, each
 * with a made-up name and address.
 */
function writeRegister(dir, areaCodes, suffix) {
  const segments = sql(
    `SELECT DISTINCT age_band || ',' || gender FROM population_stats
     WHERE municipality_id = (SELECT id FROM municipalities WHERE slug = 'fjordvik')
       AND as_of = (SELECT max(as_of) FROM population_stats WHERE municipality_id = (SELECT id FROM municipalities WHERE slug = 'fjordvik'))
     ORDER BY 1`,
  ).split('\n');
  assert.ok(segments.length >= 6, `the demo has population figures by age group: ${segments}`);
  const withGender = !segments.some((s) => s.endsWith(',all'));
  const names = [];
  const lines = [withGender ? 'navn,area,age_band,gender,husstand,adresse' : 'navn,area,age_band,husstand,adresse'];
  let row = 0;
  for (const area of areaCodes) {
    for (const seg of segments) {
      const [band, gender] = seg.split(',');
      for (let i = 0; i < 6; i++, row++) {
        const name = `Testperson ${suffix} nr ${row}`;
        names.push(name);
        const cols = withGender ? [name, area, band, gender] : [name, area, band];
        lines.push([...cols, `H-${suffix}-${Math.floor(row / 2)}`, `Fjordveien ${row + 1}`].join(','));
      }
    }
  }
  const file = path.join(dir, `register-${suffix}.csv`);
  const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
  writeFileSync(file, bytes);
  return { file, bytes, names, rows: row, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function parseCSV(text) {
  // The register has no quoted fields; the letter list adds one number.
  return text.trim().split('\n').map((l) => l.split(','));
}

async function lotteryJourney({ javaScriptEnabled, lang, household }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'medvirk-lottery-'));
  const context = await newContext(browser(), baseURL(), { javaScriptEnabled, acceptDownloads: true });
  try {
    const page = await context.newPage();
    await login(page, DEMO.official, undefined, lang);
    const { response, weight } = await visit(page, withLang('/outreach/lottery', lang));
    assert.equal(response?.status(), 200, 'the lottery form');
    assert.equal(await htmlLang(page), lang);
    assert.ok(weight.total < PAGE_WEIGHT_LIMIT, formatWeight('/outreach/lottery', weight));

    const form = page.locator('form[action="/outreach/lottery"]');
    const seed = await form.locator('input[name="seed"]').inputValue();
    assert.match(seed, /^\d{1,20}$/, 'a seed is filled in');
    const areaCodes = await page.locator('table.lottery-areas tbody th code').allInnerTexts();
    assert.ok(areaCodes.length > 0, 'the form lists the area codes');

    const suffix = uniqueSuffix();
    const register = writeRegister(dir, areaCodes, suffix);
    const letters = 25;
    const purpose = `Invitasjon til innbyggerpanel ${suffix}`;
    await form.locator('input[name="purpose"]').fill(purpose);
    await form.locator('input[name="file"]').setInputFiles(register.file);
    await form.locator('input[name="letters"]').fill(String(letters));
    if (household) await form.locator('input[name="household"]').fill('husstand');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.locator('button[type="submit"]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^letters-\d+\.csv$/);
    const listFile = path.join(dir, 'letters.csv');
    await download.saveAs(listFile);
    const listBytes = readFileSync(listFile);
    const list = parseCSV(listBytes.toString('utf8'));
    const header = register.bytes.toString('utf8').split('\n')[0];
    assert.equal(list[0].join(','), `${header},inclusion_probability`, 'the original columns plus inclusion_probability');
    assert.equal(list.length - 1, letters, 'one line per letter');
    const householdCol = list[0].indexOf('husstand');
    if (household) {
      const seen = new Set(list.slice(1).map((r) => r[householdCol]));
      assert.equal(seen.size, letters, 'at most one letter per household');
    }
    for (const r of list.slice(1)) {
      const p = Number(r[r.length - 1]);
      assert.ok(p > 0 && p <= 1, `inclusion probability ${r[r.length - 1]}`);
    }

    // ---- The list of draws links the audit page. ----
    await visit(page, withLang('/outreach/lottery', lang));
    const link = page.locator('table.lottery-draws tbody tr').first().locator('a[href^="/outreach/lottery/"]');
    assert.equal(await page.locator('table.lottery-draws tbody tr').first().locator('th').innerText(), purpose, 'the newest draw comes first');
    const href = await link.getAttribute('href');
    assert.equal(href, `/outreach/lottery/${download.suggestedFilename().match(/\d+/)[0]}`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert.equal(new URL(page.url()).pathname, href);
    assert.equal((await page.locator('.lottery-seed').innerText()).trim(), seed, 'the audit page shows the seed');
    assert.equal((await page.locator('.lottery-hash').innerText()).trim(), register.sha256, 'the audit page shows the SHA-256 of the file');
    const text = await page.locator('main').innerText();
    for (const name of register.names) {
      assert.ok(!text.includes(name), `the audit page shows a name from the register: ${name}`);
    }
    assert.ok(!text.includes('Fjordveien'), 'the audit page shows an address from the register');
    assert.ok(!text.includes(`H-${suffix}`), 'the audit page shows a household from the register');

    // ---- The audit page's instructions repeat the draw with the real command. ----
    const blocks = await page.locator('pre.lottery-code code').allInnerTexts();
    assert.equal(blocks.length, 3, 'two files and a command');
    writeFileSync(path.join(dir, 'letters-per-segment.csv'), blocks[0]);
    writeFileSync(path.join(dir, 'nobody.csv'), blocks[1]);
    const command = blocks[2].replace(/\\\n\s*/g, '');
    assert.match(command, new RegExp(`--seed ${seed}\\b`));
    const args = ['outreach', 'lottery', '--population', 'letters-per-segment.csv', '--participants', 'nobody.csv',
      '--register', register.file, '--letters', command.match(/--letters (\d+)/)[1], '--seed', seed];
    if (household) {
      assert.match(command, /--household-column husstand/);
      args.push('--household-column', 'husstand');
    }
    const repeated = execFileSync(medvirkBin(), args, { cwd: dir });
    assert.ok(repeated.equals(listBytes), 'medvirk outreach lottery repeats the draw byte for byte');

    // ---- Public: the audit page answers without signing in. ----
    const anon = await newContext(browser(), baseURL(), { javaScriptEnabled });
    try {
      const p = await anon.newPage();
      const { response: audit, weight: auditWeight } = await visit(p, withLang(href, lang));
      assert.equal(audit?.status(), 200, 'the audit page is public');
      assert.ok(auditWeight.total < PAGE_WEIGHT_LIMIT, formatWeight(href, auditWeight));
    } finally {
      await anon.close();
    }
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('invitation lottery: draw, download, audit', () => {
  it('with JavaScript and a household column (nb)', { timeout: 3 * TEST_TIMEOUT_MS }, () =>
    lotteryJourney({ javaScriptEnabled: true, lang: 'nb', household: true }));
  it('without JavaScript (da)', { timeout: 3 * TEST_TIMEOUT_MS }, () =>
    lotteryJourney({ javaScriptEnabled: false, lang: 'da', household: false }));

  it('axe: the form, the form with errors and the audit page in every language', { timeout: 4 * TEST_TIMEOUT_MS }, async () => {
    const id = sql(`SELECT max(id) FROM lottery_draws`);
    assert.match(id, /^\d+$/, 'a draw exists (the journeys above made one)');
    const context = await newContext(browser(), baseURL());
    try {
      const page = await context.newPage();
      await login(page, DEMO.official);
      for (const lang of LOCALES) {
        await visit(page, withLang('/outreach/lottery', lang));
        assert.equal(await htmlLang(page), lang);
        await checkAxe(page, `/outreach/lottery (${lang})`);

        const form = page.locator('form[action="/outreach/lottery"]');
        await form.locator('input[name="purpose"]').fill('');
        await form.locator('input[name="letters"]').fill('mange');
        await form.locator('input[name="household"]').fill('husstand');
        const { response } = await submit(page, form);
        assert.equal(response?.status(), 422, `the form with errors (${lang})`);
        assert.equal(await page.locator('.error-summary li').count(), 3, 'purpose, file and letters are wrong');
        assert.equal(await page.locator('input[name="letters"]').inputValue(), 'mange', 'the typed value is kept');
        assert.equal(await page.locator('input[name="household"]').inputValue(), 'husstand', 'the typed value is kept');
        await checkAxe(page, `/outreach/lottery with errors (${lang})`);

        await visit(page, withLang(`/outreach/lottery/${id}`, lang));
        assert.equal(await htmlLang(page), lang);
        await checkAxe(page, `/outreach/lottery/${id} (${lang})`);
      }
    } finally {
      await context.close();
    }
  });
});
