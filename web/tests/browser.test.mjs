// Browser tests of sign-in, the shell and the admin screens: Debian's chromium driven by
// playwright-core against the real `baton serve` with a fresh demo data directory (tests/harness.mjs).
// The people screens have their own file, tests/persons.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  base,
  newContext,
  shot,
  signIn,
  noHorizontalOverflow,
  PASSWORD,
  axeCheck,
  screenAt,
} from './harness.mjs';

// One cold load of the sign-in screen over the throttled link; returns the in-page time.
async function slow3gLoad(attempt) {
  const { page } = await newContext({ width: 360, height: 740 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1024) / 8,
    uploadThroughput: (400 * 1024) / 8,
  });
  // Measured in the page, from the start of navigation to the first frame painted with the
  // form visible and enabled (Playwright's own polling would add a few hundred ms of its own).
  await page.addInitScript(() => {
    const usable = () => {
      const els = ['#username', '#password', 'form button[type=submit]'].map((q) => document.querySelector(q));
      return els.every((el) => el && !el.disabled && el.getClientRects().length > 0);
    };
    const obs = new MutationObserver(() => {
      if (usable()) {
        obs.disconnect();
        requestAnimationFrame(() => (window.__signinUsableAt = performance.now()));
      }
    });
    obs.observe(document, { subtree: true, childList: true, attributes: true });
  });
  const t0 = Date.now();
  await page.goto(base + '/', { waitUntil: 'commit' });
  await page.locator('#username:enabled').waitFor({ state: 'visible', timeout: 15000 });
  await page.locator('#password:enabled').waitFor({ state: 'visible' });
  await page.locator('form button[type=submit]:enabled').waitFor({ state: 'visible' });
  const wall = Date.now() - t0;
  const ms = Math.round(await page.waitForFunction(() => window.__signinUsableAt).then((h) => h.jsonValue()));
  console.log(`# slow-3G (400 ms latency, 400 kbit/s), load ${attempt}: sign-in form usable ${ms} ms after navigation start (${wall} ms as seen by the test driver)`);
  if (attempt === 1) await shot(page, 'slow3g-signin-en');
  assert.deepEqual(page.cspErrors, []);
  await page.context().close();
  return ms;
}

test('slow 3G: the sign-in screen is usable within 2 s', async () => {
  // The link is emulated but the CPU is shared with other work: the screen must make it within
  // budget on at least one of three cold loads, so a busy machine does not fail the build.
  const times = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    times.push(await slow3gLoad(attempt));
    if (times.at(-1) <= 2000) break;
  }
  assert.ok(Math.min(...times) <= 2000, `sign-in screen usable after ${times.join(', ')} ms, budget 2000 ms`);
});

test('admin: sign in, create a site and a programme, validation, Arabic, 360 px, sign out', async () => {
  const { page } = await newContext();

  // Not signed in: a deep link goes to sign in and comes back after it.
  await page.goto(base + '/sites');
  await page.waitForURL(/\/signin\?next=%2Fsites$/);
  assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
  await shot(page, 'signin-en');
  await page.locator('#username').fill('iom.admin');
  await page.locator('#password').fill('wrong password');
  await page.locator('form button[type=submit]').click();
  await page.getByRole('alert').getByText('The username or password is not right').waitFor();
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(base + '/sites');
  await page.getByRole('heading', { name: 'Sites', level: 1 }).waitFor();

  // The shell: organisation in view, admin navigation.
  const header = page.locator('header.top');
  await header.getByText('International Organization for Migration').waitFor();
  for (const name of ['Home', 'Organisations', 'Sites', 'Programmes', 'Users', 'My account']) {
    await header.getByRole('link', { name, exact: true }).waitFor();
  }
  await page.locator('.records li').first().waitFor();
  await shot(page, 'sites-en');

  // A validation error from the server, shown beside the field it names.
  await page.getByRole('link', { name: 'New site' }).click();
  await page.getByRole('heading', { name: 'New site' }).waitFor();
  await page.getByLabel('Name').fill('');
  await page.getByRole('button', { name: 'Create' }).click();
  const nameError = page.locator('#f-name-error');
  await nameError.waitFor();
  assert.match(await nameError.textContent(), /This is required/);
  assert.match(await page.locator('#f-name').getAttribute('aria-describedby'), /f-name-error/);
  assert.equal(await page.locator('#f-name').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#f-admin1-error').textContent(), /This is required/);
  await page.getByRole('alert').getByText('Please correct the fields marked below').waitFor();
  await shot(page, 'site-form-errors-en');

  // Create the site.
  const siteName = 'Bor town ' + Date.now().toString(36);
  await page.getByLabel('Name').fill(siteName);
  await page.getByLabel('Type').selectOption('host_community');
  await page.getByLabel('State / region').fill('Jonglei');
  await page.getByLabel('County / district').fill('Bor South');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(base + '/sites');
  await page.getByRole('status').getByText(`Site “${siteName}” created.`).waitFor();
  await page.locator('.records').getByText(siteName).waitFor();

  // Search finds it.
  await page.getByLabel('Search Sites').fill(siteName);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.records li').length === 1, siteName);

  // Create a programme at that site.
  await header.getByRole('link', { name: 'Programmes', exact: true }).click();
  await page.getByRole('link', { name: 'New programme' }).click();
  const programmeName = 'Psychosocial support, ' + siteName;
  await page.getByLabel('Site').locator('option', { hasText: siteName }).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('#f-site_id-error').waitFor();
  await page.getByLabel('Name').fill(programmeName);
  await page.getByLabel('Site').selectOption({ label: siteName });
  await page.getByLabel('Start date').fill('2026-12-01');
  await page.getByLabel('Status').selectOption('planned');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(base + '/programmes');
  await page.locator('.records').getByText(programmeName).waitFor();
  await shot(page, 'programmes-en');

  // Edit with a conflict: someone else changes the programme meanwhile → 412 → reload.
  await page.locator('.records').getByText(programmeName).click();
  await page.getByRole('heading', { name: 'Programme' }).waitFor();
  await page.getByLabel('Donor').fill('ECHO');
  const id = page.url().split('/').pop();
  const other = await (
    await fetch(base + '/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'iom.manager', password: PASSWORD }),
    })
  ).json();
  const patched = await fetch(base + '/api/v1/programmes/' + id, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + other.token },
    body: JSON.stringify({ description: 'Changed elsewhere' }),
  });
  assert.equal(patched.status, 200);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').getByText('Someone else changed this record').waitFor();
  await shot(page, 'programme-conflict-en');
  await page.getByRole('button', { name: 'Reload the latest version' }).click();
  await page.getByLabel('Description').and(page.locator('textarea')).waitFor();
  assert.equal(await page.getByLabel('Description').inputValue(), 'Changed elsewhere');
  await page.getByLabel('Donor').fill('ECHO');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();

  // Users and my account.
  await header.getByRole('link', { name: 'Users', exact: true }).click();
  await page.locator('.records li').first().waitFor();
  await shot(page, 'users-en');
  await page.getByRole('link', { name: 'New user' }).click();
  await page.getByRole('group', { name: 'Roles' }).waitFor();
  await shot(page, 'user-form-en');
  await header.getByRole('link', { name: 'My account', exact: true }).click();
  await page.getByRole('heading', { name: 'Change password' }).waitFor();
  await shot(page, 'account-en');
  await header.getByRole('link', { name: 'Home', exact: true }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
  await shot(page, 'home-en');

  // 360 px wide: nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/', '/sites', '/sites/new', '/programmes/new', '/users/new', '/account']) {
    await screenAt(page, path);
    await noHorizontalOverflow(page, 'en ' + path);
  }
  await shot(page, 'account-360-en');

  // Arabic: right to left, translated, still fits at 360 px.
  await page.getByLabel('Language').selectOption('ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
  await page.getByRole('heading', { name: 'حسابي', level: 1 }).waitFor();
  await header.getByRole('link', { name: 'المواقع', exact: true }).waitFor();
  await page.getByLabel('كلمة المرور الحالية').waitFor();
  for (const [path, name] of [
    ['/', 'home'],
    ['/sites', 'sites'],
    ['/sites/new', 'site-form'],
    ['/programmes', 'programmes'],
    ['/programmes/new', 'programme-form'],
    ['/users', 'users'],
    ['/users/new', 'user-form'],
    ['/account', 'account'],
  ]) {
    await screenAt(page, path);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl', path + ' after reload');
    await noHorizontalOverflow(page, 'ar ' + path);
    await shot(page, name + '-360-ar');
  }
  await page.goto(base + '/sites/new');
  await page.getByRole('button', { name: 'إنشاء' }).click();
  await page.locator('#f-name-error').getByText('هذا الحقل مطلوب.').waitFor();
  await page.getByLabel('الاسم').waitFor();
  await shot(page, 'site-form-errors-360-ar');

  await page.setViewportSize({ width: 1024, height: 800 });
  for (const [path, name] of [
    ['/', 'home'],
    ['/sites', 'sites'],
    ['/programmes', 'programmes'],
    ['/users/new', 'user-form'],
  ]) {
    await screenAt(page, path);
    await shot(page, name + '-ar');
  }

  // Sign out (in Arabic), then the app is closed again.
  await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
  await page.waitForURL(base + '/signin');
  await page.getByText('لقد سجّلت الخروج.').waitFor();
  await shot(page, 'signin-ar');
  await page.getByLabel('اللغة').selectOption('en');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  await page.goto(base + '/users');
  await page.waitForURL(/\/signin\?next=%2Fusers$/);
  const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status));
  assert.equal(me, 401);
  assert.deepEqual(page.cspErrors, []);
});

test('navigation follows the role', async () => {
  const { page } = await newContext({ width: 360, height: 740 });
  await signIn(page, 'iom.manager');
  const nav = page.locator('header.top nav');
  const names = async () => (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
  assert.deepEqual(await names(), ['Home', 'People', 'Activities', 'My week', 'Supervision queue', 'Cases', 'Referrals', 'Services', 'Mediation', 'Reports', 'Handover', 'Programmes', 'Sites', 'My account']);
  // The programme in view sits in the header next to the organisation.
  await page.locator('header.top .context').getByText('Programme:').waitFor();
  await shot(page, 'home-manager-360-en');
  await noHorizontalOverflow(page, 'manager home');
  // A manager can look at sites but not create them.
  await nav.getByRole('link', { name: 'Sites' }).click();
  await page.locator('.records li').first().waitFor();
  assert.equal(await page.getByRole('link', { name: 'New site' }).count(), 0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(base + '/signin');

  await signIn(page, 'alarm.counsellor');
  assert.deepEqual(await names(), ['Home', 'People', 'Activities', 'My week', 'My caseload', 'Referrals', 'Services', 'Mediation', 'Reports', 'My account']);
  await page.goto(base + '/users');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(page.cspErrors, []);
});

test('changing the password ends the session and asks to sign in again', async () => {
  const { page } = await newContext();
  await signIn(page, 'dca.viewer', '/account');
  await page.getByRole('heading', { name: 'Change password' }).waitFor();
  await page.getByLabel('Current password').fill('not the password');
  await page.getByLabel('New password (at least 10 characters)').fill('a fresh passphrase 42');
  await page.getByLabel('New password again').fill('a fresh passphrase 42');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').waitFor();
  await shot(page, 'account-error-en');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.waitForURL(base + '/signin');
  await page.getByText('Your password has been changed').waitFor();
  await page.locator('#username').fill('dca.viewer');
  await page.locator('#password').fill('a fresh passphrase 42');
  await page.locator('form button[type=submit]').click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
  assert.deepEqual(page.cspErrors, []);
});

// WCAG 2 A/AA rules (contrast, labels, names, lang, ...) checked by axe-core on the main screens in
// both languages. axe is injected as a script, so this context alone lets the page's CSP be
// bypassed; every other test runs under the real policy.
test('accessibility: no WCAG 2 A/AA violations on the main screens, English and Arabic', async () => {
  const { ctx, page } = await newContext({ width: 1024, height: 800 }, { bypassCSP: true });
  const check = (label) => axeCheck(page, label);
  for (const lang of ['en', 'ar']) {
    await page.goto(base + '/signin');
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    await page.goto(base + '/signin');
    await page.locator('#username').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
    await check(`sign in (${lang})`);
    await page.locator('#username').fill('iom.admin');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('header.top nav').waitFor();
    await check(`home (${lang})`);
    for (const path of ['/sites', '/programmes', '/users', '/sites/new', '/account']) {
      await page.goto(base + path);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await check(`${path} (${lang})`);
    }
    await page.locator('form button[type=submit]').first().click();  // my account: empty form, errors shown
    await page.waitForLoadState('networkidle');
    await check(`/account with errors (${lang})`);
    await ctx.clearCookies();
  }
});
