// Failures a person meets: a wrong password, a page they may not see, a
// page that does not exist. Each answers in the person's language.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import {
  LOCALES,
  DEMO,
  TEST_TIMEOUT_MS,
  useBrowser,
  newContext,
  loggedInContext,
  visit,
  submit,
  withLang,
  htmlLang,
  loginForm,
  mainLines,
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });

const browser = useBrowser({ before, after });

const RAW_KEY = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/i;

function assertTranslated(byLang, what) {
  for (const [lang, text] of Object.entries(byLang)) {
    assert.ok(text.length > 0, `${what} (${lang}): no text`);
    for (const line of text.split('\n')) {
      assert.doesNotMatch(line, RAW_KEY, `${what} (${lang}) shows an untranslated message key: ${line}`);
    }
  }
  assert.notEqual(byLang.en, byLang.nb, `${what}: the English and Bokmål texts are the same:\n${byLang.en}`);
  assert.notEqual(byLang.en, byLang.da, `${what}: the English and Danish texts are the same:\n${byLang.en}`);
  assert.notEqual(byLang.nb, byLang.da, `${what}: the Bokmål and Danish texts are the same:\n${byLang.nb}`);
}

describe('wrong password', () => {
  it('re-renders the login form with a translated error and keeps the email', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(browser(), baseURL());
    const page = await context.newPage();
    const errors = {};
    try {
      for (const lang of LOCALES) {
        await visit(page, withLang('/login', lang));
        const before = new Set(await mainLines(page));
        const form = loginForm(page);
        await form.locator('input[name="email"]').fill(DEMO.official);
        await form.locator('input[name="password"]').fill('definitely-wrong-password');
        const { response } = await submit(page, form);

        assert.equal(response?.status(), 422, `failed login (${lang}): HTTP status`);
        assert.equal(await htmlLang(page), lang, `failed login (${lang}): <html lang>`);
        assert.equal(
          await loginForm(page).locator('input[name="email"]').inputValue(),
          DEMO.official,
          `failed login (${lang}): the typed email is kept`,
        );
        assert.equal(
          await loginForm(page).locator('input[name="password"]').inputValue(),
          '',
          `failed login (${lang}): the password is not sent back`,
        );
        const added = (await mainLines(page)).filter((l) => !before.has(l));
        assert.ok(added.length > 0, `failed login (${lang}): no error message appeared`);
        errors[lang] = added.join('\n');
      }
      assertTranslated(errors, 'login error');
    } finally {
      await context.close();
    }
  });
});

describe('forbidden and missing pages', () => {
  it('a resident visiting /admin/users gets a 403 page in the current language', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
    const context = await loggedInContext(browser(), baseURL(), DEMO.resident);
    const page = await context.newPage();
    const texts = {};
    try {
      for (const lang of LOCALES) {
        // Choose the language first; the cookie carries it to the next page.
        await visit(page, withLang('/', lang));
        const { response } = await visit(page, '/admin/users');
        assert.equal(response?.status(), 403, `/admin/users as resident (${lang}): HTTP status`);
        assert.equal(await htmlLang(page), lang, `/admin/users as resident (${lang}): <html lang>`);
        assert.equal(await page.locator('select[name="role"]').count(), 0, 'no role controls on the 403 page');
        texts[lang] = (await mainLines(page)).join('\n');
      }
      assertTranslated(texts, '403 page');
    } finally {
      await context.close();
    }
  });

  it('an unknown address gets a 404 page in the current language', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(browser(), baseURL());
    const page = await context.newPage();
    const texts = {};
    try {
      for (const lang of LOCALES) {
        await visit(page, withLang('/', lang));
        const { response } = await visit(page, '/no-such-page');
        assert.equal(response?.status(), 404, `/no-such-page (${lang}): HTTP status`);
        assert.equal(await htmlLang(page), lang, `/no-such-page (${lang}): <html lang>`);
        texts[lang] = (await mainLines(page)).join('\n');
      }
      assertTranslated(texts, '404 page');
    } finally {
      await context.close();
    }
  });

  it('an anonymous visitor to /account is sent to log in', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
    const context = await newContext(browser(), baseURL());
    const page = await context.newPage();
    try {
      const { response } = await visit(page, '/account');
      const url = new URL(page.url());
      assert.ok(
        url.pathname.startsWith('/login') || [401, 403].includes(response?.status()),
        `/account anonymously: ended on ${page.url()} with status ${response?.status()}`,
      );
    } finally {
      await context.close();
    }
  });
});

describe('admin users page', () => {
  it('lists users with a role select that posts to /admin/users/{id}/role', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
    const context = await loggedInContext(browser(), baseURL(), DEMO.admin);
    const page = await context.newPage();
    try {
      const { response } = await visit(page, withLang('/admin/users', 'en'));
      assert.equal(response?.status(), 200);
      // A GET form may filter the list by role; the role changes are POSTs.
      const forms = page.locator('form[method="post" i]:has(select[name="role"])');
      assert.ok((await forms.count()) >= 4, 'a role form per demo user');
      const actions = await forms.evaluateAll((fs) => fs.map((f) => f.getAttribute('action')));
      for (const action of actions) {
        assert.match(action ?? '', /^\/admin\/users\/[^/]+\/role$/, `role form action ${action}`);
      }
      const csrf = await forms.evaluateAll((fs) => fs.every((f) => f.querySelector('input[name="_csrf"]')));
      assert.ok(csrf, 'every role form has a _csrf field');
    } finally {
      await context.close();
    }
  });
});
