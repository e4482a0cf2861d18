// Browser tests of the people registry screens against the real `baton serve` and its demo data
// (about 2,500 people of the Bor story): registering with the duplicate check, consent for a child,
// search by another spelling, the person page, export, merge and erase; what each role sees; 360 px,
// Arabic right to left, and axe-core's WCAG 2 A/AA rules on every new screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt } from './harness.mjs';

const CODE_RE = /^[A-Z0-9]+-[A-Z0-9]+-[A-Z0-9]$/;

// Another spelling of a name that sounds the same: the first vowel after the first letter doubled
// ("Deng" → "Deeng", "Achol" → "Achool").
function variant(name) {
  const m = /^(.+?)([aeiou])/i.exec(name.slice(1));
  if (!m) return name + name.slice(-1);
  const at = 1 + m[1].length;
  return name.slice(0, at) + name[at] + name.slice(at);
}

const isPersonPage = (url) => /^\/persons\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new');

// A demo person to be a near duplicate of: a child today, with names, sex and population group.
async function demoChild(api) {
  const res = await api('GET', '/persons?status=active&age_min=6&age_max=13&limit=100');
  assert.equal(res.status, 200, 'GET /persons as a manager');
  const child = res.body.items.find(
    (p) => p.given_name && p.family_name && p.sex !== 'not_recorded' && typeof p.age_years === 'number' && /[aeiou]/i.test(p.given_name.slice(1)),
  );
  assert.ok(child, 'the demo data has a child with names');
  return child;
}

// Pages through the results until the row with `code` shows, or there are no more.
async function findInResults(page, code) {
  const row = page.locator('.records li', { hasText: code });
  for (let i = 0; i < 20; i++) {
    await page.waitForFunction(() => !document.querySelector('.loading'));
    if ((await row.count()) > 0) return row;
    const more = page.getByRole('button', { name: 'More', exact: true });
    if ((await more.count()) === 0) break;
    await more.click();
  }
  assert.fail(`${code} is not among the search results`);
}

let registered; // { id, code, given, family } of the person the manager registers

test('manager: register a spelling variant, duplicate warning, register anyway, consent for a child, search, person page, export', async () => {
  const api = await apiSession('iom.manager');
  const demo = await demoChild(api);
  const given = variant(demo.given_name);
  assert.notEqual(given, demo.given_name);

  const { page } = await newContext();
  await signIn(page, 'iom.manager');
  const nav = page.locator('header.top nav');
  await nav.getByRole('link', { name: 'People', exact: true }).click();
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  await page.locator('.records li').first().waitFor();
  await shot(page, 'persons-en');

  // Paging by cursor, and the filters (kept in the address).
  const rows = page.locator('.records li');
  assert.equal(await rows.count(), 25);
  await page.getByRole('button', { name: 'More', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('.records li').length === 50);
  await page.locator('details.filters summary').click();
  await page.getByLabel('Sex').selectOption('female');
  await page.getByLabel('Age from').fill('6');
  await page.getByLabel('Age to').fill('13');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/sex=female/);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await page.getByText('Filters (3 on)').waitFor();
  const listed = await page.locator('.records .record-secondary').allTextContents();
  assert.ok(listed.length > 0, 'girls aged 6 to 13 in the demo data');
  for (const f of listed) {
    assert.match(f, /Female/);
    const age = Number(/age (?:about )?(\d+)/.exec(f)?.[1]);
    assert.ok(age >= 6 && age <= 13, `age in ${f}`);
  }
  await shot(page, 'persons-filtered-en');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL(base + '/persons');

  // Register: the form checks for duplicates first.
  await page.getByRole('link', { name: 'Register a person' }).click();
  await page.getByRole('heading', { name: 'Register a person', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Check and save' }).click();
  await page.locator('#f-given_name-error').getByText('This is required.').waitFor();
  assert.equal(await page.locator('#f-given_name').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Given name').fill(given);
  await page.getByLabel('Family name').fill(demo.family_name);
  await page.getByRole('radio', { name: demo.sex === 'female' ? 'Female' : 'Male', exact: true }).check();
  await page.getByLabel('Age in years').fill(String(demo.age_years));
  await page.getByLabel('The age is an estimate').check();
  await page.locator('#f-population_group').selectOption(demo.population_group);
  await page.locator('#f-programme_id').selectOption(demo.programme_id);
  assert.equal(await page.locator('#f-site_id').inputValue(), demo.site_id, 'the site follows the programme');
  await page.getByLabel('Block / sector').fill('Block 7, Sector C');
  await page.getByLabel('Phone').fill('+211 912 345 678');
  await page.getByLabel('Do you have difficulty walking or climbing steps?').selectOption('3');
  await page.getByRole('checkbox', { name: 'Separated child' }).check();
  await page.getByLabel('Notes', { exact: true }).fill('Lives with an aunt.');
  await page.getByRole('button', { name: 'Check and save' }).click();

  // The likely duplicate is listed, with the reasons, before anything is saved.
  const dups = page.locator('section.dups');
  await dups.getByRole('heading', { name: /This person may already be registered/ }).waitFor();
  const match = dups.locator('li', { hasText: demo.code });
  await match.waitFor();
  await match.getByText(demo.given_name).waitFor();
  await match.getByText('same name').waitFor();
  await match.getByRole('link', { name: 'Open this person' }).waitFor();
  await shot(page, 'person-duplicates-en');
  await page.getByRole('button', { name: 'None of these — register new' }).click();

  await page.waitForURL(isPersonPage);
  const flash = await page.getByRole('status').filter({ hasText: 'Registered.' }).textContent();
  const code = /code is (\S+?)\.?$/.exec(flash.trim())?.[1];
  assert.match(code || '', CODE_RE, 'the flash names the new code: ' + flash);
  registered = { id: new URL(page.url()).pathname.split('/').pop(), code, given, family: demo.family_name, sex: demo.sex, age: demo.age_years };
  await page.getByRole('heading', { name: new RegExp(given), level: 1 }).waitFor();
  const facts = page.locator('section[aria-labelledby=identity-title] dl');
  await facts.getByText('Block 7, Sector C').waitFor();
  await facts.getByText('+211 912 345 678').waitFor();
  await page.getByText('Yes — a lot of difficulty or cannot do at all in at least one domain').waitFor();
  await page.getByText('No activities recorded').waitFor();
  await page.locator('section[aria-labelledby=consents-title]').getByText('No consent recorded yet.').waitFor();
  await shot(page, 'person-en');

  // Consent for a child: the form asks for the guardian, beside the fields concerned.
  await page.getByRole('link', { name: 'Record consent' }).first().click();
  await page.getByRole('heading', { name: 'Record consent', level: 1 }).waitFor();
  await page.getByText(/This person is a child/).waitFor();
  await page.locator('#f-purpose').selectOption('services');
  await page.getByRole('radio', { name: 'Verbally' }).check();
  await page.getByLabel('Version of the consent text').fill('2016-1');
  await page.getByRole('button', { name: 'Record consent' }).click();
  await page.locator('#f-method-error').getByText('consent must be given by a parent or guardian').waitFor();
  await page.locator('#f-guardian_name-error').getByText('Enter the name of the parent or guardian.').waitFor();
  assert.match(await page.locator('#f-guardian_name').getAttribute('aria-describedby'), /f-guardian_name-error/);
  assert.equal(await page.locator('#f-guardian_name').getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').getByText('Please correct the fields marked below').waitFor();
  await shot(page, 'consent-errors-en');
  await page.getByRole('radio', { name: 'By a parent or guardian' }).check();
  await page.getByLabel('Name of the parent or guardian').fill('Abuk Deng');
  await page.getByRole('button', { name: 'Record consent' }).click();
  await page.waitForURL(isPersonPage);
  await page.getByRole('status').getByText('Consent recorded: Receiving services.').waitFor();
  const consents = page.locator('section[aria-labelledby=consents-title]');
  await consents.locator('.consents li', { hasText: 'Receiving services' }).getByText('In force').waitFor();
  await consents.locator('.timeline').getByText('guardian: Abuk Deng').waitFor();

  // Search by another spelling (the demo person's) finds the new person.
  await nav.getByRole('link', { name: 'People', exact: true }).click();
  await page.getByLabel('Search people by name or code').fill(demo.given_name + ' ' + demo.family_name);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL(/\/persons\?q=/);
  const row = await findInResults(page, code);
  await shot(page, 'persons-search-en');
  await row.getByRole('link').click();
  await page.waitForURL(base + '/persons/' + registered.id);
  await consents.locator('.consents').getByText('Receiving services').waitFor();
  await consents.locator('.timeline li').first().getByText(/By a parent or guardian/).waitFor();

  // The subject access export: printable, and as JSON.
  await page.getByRole('link', { name: 'Data held (export)' }).click();
  await page.getByRole('heading', { name: /Personal data held/, level: 1 }).waitFor();
  const exported = page.locator('section.export');
  await exported.getByText(code).first().waitFor();
  await exported.getByText('guardian: Abuk Deng').waitFor();
  await exported.getByRole('heading', { name: 'Who opened the record' }).waitFor();
  await exported.getByRole('heading', { name: 'Changes to the record' }).waitFor();
  await shot(page, 'person-export-en');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(json.person.code, code);
  assert.equal(json.person.given_name, given);
  assert.ok(Array.isArray(json.consents) && json.consents.some((c) => c.guardian_name === 'Abuk Deng'));
  assert.ok(Array.isArray(json.views) && Array.isArray(json.history));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no app header in print');
  assert.equal(await page.getByRole('button', { name: 'Print' }).isVisible(), false, 'no buttons in print');
  await page.getByRole('heading', { name: 'Who opened the record' }).waitFor();
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.cspErrors, []);
});

test('manager: edit with a conflict, household link, merge a duplicate into the record kept, erase a person', async () => {
  const api = await apiSession('iom.manager');
  const demo = await demoChild(api);
  const make = async (given) => {
    const res = await api('POST', '/persons', {
      given_name: given,
      family_name: demo.family_name,
      sex: demo.sex,
      age_years: demo.age_years,
      age_estimated: true,
      population_group: demo.population_group,
      programme_id: demo.programme_id,
      site_id: demo.site_id,
    });
    assert.equal(res.status, 201, 'POST /persons: ' + JSON.stringify(res.body));
    return res.body;
  };
  const keep = await make(demo.given_name);
  const dup = await make(variant(demo.given_name));
  const gone = await make('Nyakuoth');

  const { page } = await newContext();

  // Editing with If-Match: a change made elsewhere meanwhile is a conflict, then a reload.
  await signIn(page, 'iom.manager', '/persons/' + keep.id + '/edit');
  await page.getByRole('heading', { name: 'Edit person', level: 1 }).waitFor();
  await page.getByLabel('Phone').fill('+211 955 000 111');
  const fresh = await api('GET', '/persons/' + keep.id);
  const elsewhere = await api('PATCH', '/persons/' + keep.id, { address: 'Block 2, Sector A' }, { 'If-Match': fresh.headers.get('etag') });
  assert.equal(elsewhere.status, 200);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').getByText('Someone else changed this record').waitFor();
  await page.getByRole('button', { name: 'Reload the latest version' }).click();
  await page.waitForFunction(() => document.querySelector('#f-address')?.value === 'Block 2, Sector A');
  await page.getByLabel('Phone').fill('+211 955 000 111');
  await page.getByLabel('Household').fill('BOR-0000-0');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('#f-household-error').getByText('No person has this code.').waitFor();
  await page.getByLabel('Household').fill(demo.code);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();
  await page.getByRole('link', { name: 'Back to the person' }).click();
  await page.locator('section[aria-labelledby=identity-title]').getByText('+211 955 000 111').waitFor();
  await page.getByRole('link', { name: 'Open the head of the household' }).click();
  await page.waitForURL(base + '/persons/' + demo.id);

  await page.goto(base + '/persons/' + dup.id);
  await page.getByRole('heading', { name: new RegExp(dup.given_name), level: 1 }).waitFor();
  await page.getByRole('link', { name: 'This person is a duplicate of…' }).click();
  await page.getByRole('heading', { name: 'Merge a duplicate', level: 1 }).waitFor();
  await page.getByLabel('Find the record to keep, by name or code').fill(keep.code);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const row = page.locator('.records li', { hasText: keep.code });
  await row.getByRole('button', { name: /Keep this one/ }).click();
  const confirm = page.getByRole('group');
  await confirm.getByText(`Fold ${dup.given_name} ${dup.family_name} (${dup.code}) into`).waitFor();
  await confirm.getByText('This cannot be undone.').waitFor();
  await shot(page, 'person-merge-en');
  await confirm.getByRole('button', { name: 'Yes, merge' }).click();
  await page.waitForURL(base + '/persons/' + keep.id);
  await page.getByRole('status').getByText(`Merged: ${dup.code} now opens this record.`).waitFor();
  // The duplicate's address now leads to the record kept.
  await page.goto(base + '/persons/' + dup.id);
  await page.getByText('The record you opened was merged into this one').waitFor();
  await page.locator('section[aria-labelledby=identity-title]').getByText(keep.code).waitFor();

  await page.goto(base + '/persons/' + gone.id);
  await page.getByRole('link', { name: 'Erase…' }).click();
  await page.getByRole('heading', { name: "Erase this person's data", level: 1 }).waitFor();
  await page.getByText('This cannot be undone.').first().waitFor();
  await page.getByRole('button', { name: 'Continue…' }).click();
  await page.locator('#f-reason-error').getByText('This is required.').waitFor();
  await page.getByLabel('Reason for erasure').fill('The person asked for their data to be erased.');
  await page.getByRole('button', { name: 'Continue…' }).click();
  await page.getByRole('group').getByText(`Erase the data of Nyakuoth ${demo.family_name} (${gone.code}) for good?`).waitFor();
  await shot(page, 'person-erase-en');
  await page.getByRole('button', { name: 'Yes, erase for good' }).click();
  await page.waitForURL(base + '/persons/' + gone.id);
  await page.getByRole('status').getByText("The person's data has been erased.").waitFor();
  await page.getByRole('heading', { name: gone.code, level: 1 }).waitFor();
  assert.ok(!(await page.locator('main').textContent()).includes('Nyakuoth'), 'the name is gone from the page');
  const after = await api('GET', '/persons/' + gone.id);
  assert.equal(after.body.status, 'erased');
  assert.ok(!('given_name' in after.body) || !after.body.given_name, 'the name is gone from the record');
  assert.equal(await page.getByRole('link', { name: 'Erase…' }).count(), 0);
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: names but no phone, address or notes, and no registering', async () => {
  const api = await apiSession('iom.manager');
  const list = await api('GET', '/persons?status=active&limit=100');
  // A list shows identity only; contact details come with the opened (and logged) record.
  assert.ok(list.body.items.every((p) => p.phone === undefined && p.address === undefined), 'lists hold no contact details');
  let withPhone;
  for (const p of list.body.items) {
    const full = await api('GET', '/persons/' + p.id);
    if (full.body.phone && full.body.address && full.body.given_name) {
      withPhone = full.body;
      break;
    }
  }
  assert.ok(withPhone, 'a demo person with a phone and an address');
  const notes = 'Prefers sessions in the morning.';
  const current = await api('GET', '/persons/' + withPhone.id);
  const patched = await api('PATCH', '/persons/' + withPhone.id, { notes }, { 'If-Match': current.headers.get('etag') });
  assert.equal(patched.status, 200, 'PATCH notes: ' + JSON.stringify(patched.body));

  const { page } = await newContext({ width: 360, height: 740 });
  await signIn(page, 'iom.facilitator');
  const nav = page.locator('header.top nav');
  await nav.getByRole('link', { name: 'People', exact: true }).click();
  await page.locator('.records li').first().waitFor();
  assert.equal(await page.getByRole('link', { name: 'Register a person' }).count(), 0);
  await page.getByLabel('Search people by name or code').fill(withPhone.code);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.records li', { hasText: withPhone.code }).getByRole('link').click();
  await page.getByRole('heading', { name: new RegExp(withPhone.given_name), level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  const text = await page.locator('main').textContent();
  for (const hidden of ['Phone', 'Block / sector', 'Notes', 'Household', withPhone.phone, withPhone.address, notes, 'Specific needs']) {
    assert.ok(!text.includes(hidden), `a facilitator sees "${hidden}"`);
  }
  for (const action of ['Edit', 'Record consent', 'Data held (export)', 'Erase…']) {
    assert.equal(await page.getByRole('link', { name: action, exact: true }).count(), 0, `a facilitator has "${action}"`);
  }
  await noHorizontalOverflow(page, 'facilitator person page');
  await shot(page, 'person-facilitator-360-en');
  await page.goto(base + '/persons/new');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(page.cspErrors, []);
});

test('M&E officer: codes instead of names; sex, age, groups, disability and consent', async () => {
  const api = await apiSession('iom.manager');
  const demo = await demoChild(api);

  const { page } = await newContext({ width: 360, height: 740 });
  await signIn(page, 'iom.me_officer');
  await page.locator('header.top nav').getByRole('link', { name: 'People', exact: true }).click();
  await page.locator('.records li').first().waitFor();
  for (const primary of await page.locator('.records .record-primary').allTextContents()) {
    assert.match(primary.trim(), CODE_RE, 'an M&E officer sees codes, not names');
  }
  assert.equal(await page.getByRole('link', { name: 'Register a person' }).count(), 0);
  await page.getByLabel('Search people by person code').fill(demo.given_name);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('alert').getByText('Your role can search by person code only').waitFor();
  await page.getByLabel('Search people by person code').fill(demo.code);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.records li', { hasText: demo.code }).getByRole('link').click();
  await page.getByRole('heading', { name: demo.code, level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  const main = await page.locator('main').textContent();
  assert.ok(!main.includes(demo.given_name), 'no given name');
  assert.ok(!main.includes(demo.family_name), 'no family name');
  const facts = page.locator('section[aria-labelledby=identity-title] dl');
  await facts.getByText(demo.sex === 'female' ? 'Female' : 'Male', { exact: true }).waitFor();
  await facts.getByText(/^age (about )?\d+$/).waitFor();
  await page.getByRole('heading', { name: 'Protection' }).waitFor();
  await page.getByText('Disability:').waitFor();
  await page.getByRole('heading', { name: 'Consent', exact: true }).waitFor();
  await noHorizontalOverflow(page, 'M&E officer person page');
  await shot(page, 'person-me-officer-360-en');
  assert.deepEqual(page.cspErrors, []);
});

// The new screens at 360 px in English and Arabic, right to left.
test('people screens at 360 px, English and Arabic (right to left)', async () => {
  assert.ok(registered, 'the registration test ran first');
  const { page } = await newContext({ width: 360, height: 740 });
  await signIn(page, 'iom.manager');
  const screens = [
    ['/persons', 'persons'],
    ['/persons/new', 'person-form'],
    ['/persons/import', 'person-import'],
    ['/persons/' + registered.id, 'person'],
    ['/persons/' + registered.id + '/edit', 'person-edit'],
    ['/persons/' + registered.id + '/consents/new', 'consent-form'],
    ['/persons/' + registered.id + '/export', 'person-export'],
    ['/persons/' + registered.id + '/merge', 'person-merge'],
  ];
  for (const lang of ['en', 'ar']) {
    if (lang === 'ar') {
      await page.getByLabel('Language').selectOption('ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    }
    for (const [path, name] of screens) {
      await screenAt(page, path);
      assert.equal(await page.locator('html').getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr', path);
      await noHorizontalOverflow(page, `${lang} ${path}`);
      await shot(page, `${name}-360-${lang}`);
    }
  }
  // Arabic: translated, and the form's errors still beside their fields.
  await page.goto(base + '/persons');
  await page.getByRole('heading', { name: 'الأشخاص', level: 1 }).waitFor();
  await page.locator('header.top nav').getByRole('link', { name: 'الأشخاص', exact: true }).waitFor();
  await page.goto(base + '/persons/new');
  await page.getByRole('button', { name: 'تحقّق ثم احفظ' }).click();
  await page.locator('#f-given_name-error').getByText('هذا الحقل مطلوب.').waitFor();
  await page.getByLabel('الاسم الأول').waitFor();
  await noHorizontalOverflow(page, 'ar /persons/new with errors');
  await shot(page, 'person-form-errors-360-ar');
  await page.goto(base + '/persons/' + registered.id + '/consents/new');
  await page.getByRole('radio', { name: 'شفهياً' }).check();
  await page.getByRole('button', { name: 'تسجيل الموافقة' }).click();
  await page.locator('#f-method-error').getByText('هذا الشخص طفل').waitFor();
  await noHorizontalOverflow(page, 'ar consent form with errors');
  await shot(page, 'consent-errors-360-ar');
  assert.deepEqual(page.cspErrors, []);
});

// axe-core is injected as a script, so this context alone bypasses the page's CSP.
test('accessibility: no WCAG 2 A/AA violations on the people screens, English and Arabic', async () => {
  assert.ok(registered, 'the registration test ran first');
  const { ctx, page } = await newContext({ width: 1024, height: 800 }, { bypassCSP: true });
  for (const lang of ['en', 'ar']) {
    await page.goto(base + '/signin');
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    await signIn(page, 'iom.manager');
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
    for (const path of [
      '/persons',
      '/persons/new',
      '/persons/import',
      '/persons/' + registered.id,
      '/persons/' + registered.id + '/edit',
      '/persons/' + registered.id + '/consents/new',
      '/persons/' + registered.id + '/export',
      '/persons/' + registered.id + '/merge',
    ]) {
      await screenAt(page, path);
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      await axeCheck(page, `${path} (${lang})`);
    }
    // With the filters open, the duplicate list and the errors shown.
    await page.goto(base + '/persons');
    await page.locator('details.filters summary').click();
    await axeCheck(page, `/persons with filters (${lang})`);
    await page.goto(base + '/persons/new');
    await page.locator('form button[type=submit]').first().click();
    await page.locator('#f-given_name-error').waitFor();
    await axeCheck(page, `/persons/new with errors (${lang})`);
    await page.locator('#f-given_name').fill(registered.given);
    await page.locator('#f-family_name').fill(registered.family);
    await page.locator(`#f-sex input[value=${registered.sex}]`).check();
    await page.locator('#f-age_years').fill(String(registered.age));
    await page.locator('#f-population_group').selectOption({ index: 1 });
    await page.locator('form button[type=submit]').first().click();
    await page.locator('section.dups').waitFor();
    await axeCheck(page, `/persons/new with likely duplicates (${lang})`);
    await page.goto(base + '/persons/' + registered.id + '/consents/new');
    await page.locator('#f-method input[value=verbal]').check();
    await page.locator('form button[type=submit]').first().click();
    await page.locator('#f-method-error').waitFor();
    await axeCheck(page, `consent form with errors (${lang})`);
    await ctx.clearCookies();
  }
});

// Importing a register: a dry run names the bad row by its line; the valid rows only are imported.
test('manager: import a register (dry run, a bad row, import the valid rows); a counsellor has no import', async () => {
  const api = await apiSession('iom.manager');
  // A family name nobody in the demo data has, so that the search finds only these rows.
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let family = 'Imp';
  for (let i = 0; i < 8; i++) family += letters[Math.floor(Math.random() * 26)];
  const csv =
    'given_name,family_name,sex,age_years,population_group\n' +
    `Ayak,${family},female,30,idp_camp\n` +
    `Bol,${family},male,41,returnee\n` +
    `Nyibol,${family},sideways,25,idp_camp\n`;

  const { page } = await newContext({ width: 360, height: 740 });
  await signIn(page, 'iom.manager');
  await page.locator('header.top nav').getByRole('link', { name: 'People', exact: true }).click();
  await page.getByRole('link', { name: 'Import a register' }).click();
  await page.getByRole('heading', { name: 'Import a register', level: 1 }).waitFor();
  assert.notEqual(await page.locator('#import-programme').inputValue(), '', 'a programme is chosen');
  assert.notEqual(await page.locator('#import-site').inputValue(), '', 'its site is chosen');
  await page.getByLabel('Register file (.csv or .xlsx)').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'Result of the check' }).waitFor();
  const count = (name) => page.locator('.import-counts div').filter({ has: page.getByText(name, { exact: true }) }).locator('dd').textContent();
  assert.equal(await count('Rows'), '3');
  assert.equal(await count('Valid rows'), '2');
  assert.equal(await count('Rows with problems'), '1');
  assert.equal(await page.getByLabel('Field for the column “sex”').inputValue(), 'sex');
  const bad = page.locator('.import-errors tbody tr');
  assert.equal(await bad.count(), 1);
  assert.equal((await bad.locator('td').first().textContent()).trim(), '4', 'the bad row is line 4 of the file');
  assert.equal((await bad.locator('td').nth(1).textContent()).trim(), 'sex');
  assert.ok(await page.getByRole('button', { name: 'Import all rows (only if every row is valid)' }).isDisabled());
  await noHorizontalOverflow(page, 'import dry run at 360 px');
  await shot(page, 'person-import-360-en');

  await page.getByRole('button', { name: 'Import the valid rows only' }).click();
  const done = page.locator('.notice-ok');
  await done.getByText('People imported: 2').waitFor();
  await done.getByRole('link', { name: 'Back to the people list' }).waitFor();

  const found = await api('GET', '/persons?q=' + encodeURIComponent(family) + '&limit=100');
  assert.equal(found.status, 200);
  const names = found.body.items.filter((p) => p.family_name === family).map((p) => p.given_name).sort();
  assert.deepEqual(names, ['Ayak', 'Bol'], 'the two good rows are registered, the bad one is not');
  assert.deepEqual(page.cspErrors, []);

  const other = await newContext({ width: 360, height: 740 });
  await signIn(other.page, 'iom.counsellor');
  await other.page.locator('header.top nav').getByRole('link', { name: 'People', exact: true }).click();
  await other.page.locator('.records li').first().waitFor();
  await other.page.getByRole('link', { name: 'Register a person' }).waitFor();
  assert.equal(await other.page.getByRole('link', { name: 'Import a register' }).count(), 0);
  await other.page.goto(base + '/persons/import');
  await other.page.getByRole('heading', { name: 'Page not found' }).waitFor();
});
