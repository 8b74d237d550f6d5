// A new resident registers, logs out, logs back in and out again: once with
// JavaScript and once without, since every page must work without it.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import {
  PAGE_WEIGHT_LIMIT,
  TEST_TIMEOUT_MS,
  useBrowser,
  newContext,
  visit,
  submit,
  withLang,
  htmlLang,
  loginForm,
  logoutForm,
  formatWeight,
  uniqueSuffix,
} from '../lib/browser.mjs';

const baseURL = useServer({ before, after });

const browser = useBrowser({ before, after });

async function headerText(page) {
  return (await page.locator('header').first().innerText()).replace(/\s+/g, ' ');
}

/** Fills one choice for a field that may be a <select> or radio buttons. */
async function choose(form, name, value) {
  const select = form.locator(`select[name="${name}"]`);
  if (await select.count()) {
    await select.selectOption(value);
    return;
  }
  await form.locator(`input[type="radio"][name="${name}"][value="${value}"]`).check();
}

async function journey({ javaScriptEnabled, lang, withProfile }) {
  const context = await newContext(browser(), baseURL(), { javaScriptEnabled });
  const page = await context.newPage();
  const weights = [];
  const step = async (label, promise) => {
    const result = await promise;
    weights.push({ label, weight: result.weight });
    return result;
  };

  const suffix = uniqueSuffix();
  const email = `e2e-${suffix}@example.com`;
  const password = `journey-${suffix}-pw`;
  const displayName = `Testbruker ${suffix}`;

  try {
    // Register.
    await step('GET /register', visit(page, withLang('/register', lang)));
    assert.equal(await htmlLang(page), lang);
    const form = page.locator('form:has(input[name="display_name"])').first();
    assert.equal(await form.locator('input[name="_csrf"]').count(), 1, 'register form has a _csrf field');
    await form.locator('input[name="email"]').fill(email);
    await form.locator('input[name="password"]').fill(password);
    await form.locator('input[name="display_name"]').fill(displayName);
    if (withProfile) {
      const area = form.locator('select[name="area"]');
      if (await area.count()) {
        const values = await area
          .locator('option')
          .evaluateAll((opts) => opts.map((o) => o.value).filter(Boolean));
        if (values.length) await area.selectOption(values[0]);
      }
      await form.locator('[name="birth_year"]').fill('1985');
      await choose(form, 'gender', 'female');
      await form.locator('input[name="consent"]').check();
    }
    const registered = await step('POST /register', submit(page, form));
    const afterRegister = new URL(page.url()).pathname;
    assert.ok(
      afterRegister === '/' || afterRegister === '/account',
      `after registering: ended on ${page.url()} with status ${registered.response?.status()}`,
    );
    assert.equal(registered.response?.status(), 200);
    assert.match(await headerText(page), new RegExp(displayName), 'display name in the header after registering');

    // Log out.
    await step('POST /logout', submit(page, logoutForm(page)));
    assert.doesNotMatch(await headerText(page), new RegExp(displayName), 'display name gone after logging out');
    assert.equal(await logoutForm(page).count(), 0, 'no logout button after logging out');

    // Log in with the new account.
    await step('GET /login', visit(page, withLang('/login', lang)));
    const lf = loginForm(page);
    assert.equal(await lf.locator('input[name="_csrf"]').count(), 1, 'login form has a _csrf field');
    await lf.locator('input[name="email"]').fill(email);
    await lf.locator('input[name="password"]').fill(password);
    const loggedIn = await step('POST /login', submit(page, lf));
    assert.ok(
      !new URL(page.url()).pathname.startsWith('/login'),
      `login with the new account: ended on ${page.url()} with status ${loggedIn.response?.status()}`,
    );
    assert.equal(loggedIn.response?.status(), 200);
    assert.match(await headerText(page), new RegExp(displayName), 'display name in the header after logging in');
    assert.equal(await htmlLang(page), lang, 'language kept through the journey');

    // The account page shows up for the new user.
    const account = await step('GET /account', visit(page, '/account'));
    assert.equal(account.response?.status(), 200);

    // Log out again.
    await step('POST /logout', submit(page, logoutForm(page)));
    assert.doesNotMatch(await headerText(page), new RegExp(displayName), 'display name gone after logging out');

    const account2 = await visit(page, '/account');
    assert.ok(
      new URL(page.url()).pathname.startsWith('/login') || [401, 403].includes(account2.response?.status()),
      `/account after logging out: ended on ${page.url()} with status ${account2.response?.status()}`,
    );

    for (const { label, weight } of weights) {
      assert.ok(weight.total < PAGE_WEIGHT_LIMIT, formatWeight(label, weight));
    }
  } finally {
    await context.close();
  }
}

describe('journey: register, log out, log in, log out', () => {
  it('with JavaScript', { timeout: 2 * TEST_TIMEOUT_MS }, () => journey({ javaScriptEnabled: true, lang: 'en', withProfile: true }));
  it('without JavaScript', { timeout: 2 * TEST_TIMEOUT_MS }, () => journey({ javaScriptEnabled: false, lang: 'da', withProfile: false }));
});
