// Browser helpers: Debian's Chromium through playwright-core, page visits
// with transfer accounting, form submission, logins and axe-core.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const LOCALES = ['nb', 'nn', 'da', 'en'];
export const DEMO_PASSWORD = 'medvirk-demo';
export const DEMO = {
  resident: 'resident@fjordvik.example',
  official: 'official@fjordvik.example',
  moderator: 'moderator@fjordvik.example',
  admin: 'admin@fjordvik.example',
};
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const PAGE_WEIGHT_LIMIT = 60 * 1024;
// No single test may take longer than this; a hang fails instead of stalling the run.
export const TEST_TIMEOUT_MS = 60_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * For a test file: returns a function that yields the shared browser, launched
 * in a `before` hook and closed in `after`.
 */
export function useBrowser({ before, after }) {
  let browser = null;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser;
}

/**
 * A fresh context. Every request is routed through Playwright, which turns
 * the HTTP cache off, so each visit transfers everything it needs and the
 * page weight is measured honestly.
 */
export async function newContext(browser, baseURL, options = {}) {
  const context = await browser.newContext({
    baseURL,
    locale: 'nb-NO',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  await context.route('**/*', (route) => route.continue());
  return context;
}

export function withLang(url, lang) {
  if (!lang) return url;
  return url + (url.includes('?') ? '&' : '?') + `lang=${lang}`;
}

/** Records what a page transfers until `done()` is called. */
function trackTransfers(page) {
  const pending = [];
  const onResponse = (response) => {
    const request = response.request();
    const type = request.resourceType();
    if (type === 'image' || type === 'media') return;
    if ((response.headers()['content-type'] || '').startsWith('image/')) return;
    pending.push(
      (async () => {
        let bytes = 0;
        try {
          const sizes = await request.sizes();
          bytes = sizes.responseBodySize;
        } catch {
          bytes = 0;
        }
        if (!bytes) {
          try {
            bytes = (await response.body()).length;
          } catch {
            bytes = 0;
          }
        }
        return { url: response.url(), type, status: response.status(), bytes };
      })(),
    );
  };
  page.on('response', onResponse);
  return {
    async done() {
      page.off('response', onResponse);
      const entries = await Promise.all(pending);
      const total = entries.reduce((sum, e) => sum + e.bytes, 0);
      return { total, entries };
    },
  };
}

/** GET a page and wait for it to load. Returns { response, weight }. */
export async function visit(page, url) {
  const tracker = trackTransfers(page);
  const response = await page.goto(url, { waitUntil: 'load' });
  const weight = await tracker.done();
  return { response, weight };
}

/**
 * Submits `form` by clicking its submit button and waits for the resulting
 * document (after redirects). Returns { response, weight }.
 */
export async function submit(page, form) {
  const tracker = trackTransfers(page);
  const button = form
    .locator('button[type="submit"], input[type="submit"], button:not([type])')
    .first();
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    button.click(),
  ]);
  const weight = await tracker.done();
  return { response, weight };
}

export function loginForm(page) {
  return page.locator('form:has(input[name="password"]):has(input[name="email"])').first();
}

export function logoutForm(page) {
  return page.locator('form[action*="/logout"]').first();
}

export async function login(page, email, password = DEMO_PASSWORD, lang) {
  await visit(page, withLang('/login', lang));
  const form = loginForm(page);
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  const result = await submit(page, form);
  const url = new URL(page.url());
  if (url.pathname.startsWith('/login')) {
    throw new Error(
      `login as ${email} failed: ended on ${url.pathname} with status ${result.response?.status()}`,
    );
  }
  return result;
}

export async function logout(page) {
  const form = logoutForm(page);
  return submit(page, form);
}

/** A context with a logged-in session for `email`. */
export async function loggedInContext(browser, baseURL, email, options = {}) {
  const context = await newContext(browser, baseURL, options);
  const page = await context.newPage();
  await login(page, email);
  await page.close();
  return context;
}

export async function htmlLang(page) {
  return page.locator('html').getAttribute('lang');
}

/** Runs axe-core on the current page with the WCAG 2.1 A/AA tags. */
export async function runAxe(page) {
  // axe runs inside the page: in a context without JavaScript evaluate never
  // answers, so fail at once with the reason instead of at the test's timeout.
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('axe needs JavaScript: run it in a context with JavaScript enabled')), 5_000);
  });
  try {
    await Promise.race([page.evaluate(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
        summary: n.failureSummary,
      })),
    }));
  }, AXE_TAGS);
}

export function formatViolations(where, violations) {
  const lines = [`${violations.length} axe violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`  - ${v.id} [${v.impact}] ${v.help}`);
    lines.push(`    help: ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 10)) {
      lines.push(`    target: ${n.target}`);
      if (n.summary) lines.push(`      ${n.summary.replace(/\n/g, '\n      ')}`);
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more node(s)`);
  }
  return lines.join('\n');
}

export function formatWeight(where, weight) {
  const lines = [
    `${where} transferred ${weight.total} bytes (limit ${PAGE_WEIGHT_LIMIT}):`,
  ];
  for (const e of weight.entries) lines.push(`  ${e.bytes}\t${e.type}\t${e.status}\t${e.url}`);
  return lines.join('\n');
}

/** The visible text lines of <main> (or <body> if there is no <main>). */
export async function mainLines(page) {
  const main = (await page.locator('main').count()) ? page.locator('main').first() : page.locator('body');
  const text = await main.innerText();
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function uniqueSuffix() {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}
