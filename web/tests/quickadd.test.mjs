// Browser tests of registering a newcomer from the attendance screen ("New person") against the
// real `baton serve` and its demo data, on a 360 px phone, as the demo manager, on the newest
// session of the demo's peer-support group: a required field left empty is shown at its field; a
// spelling variant of a demo person of the group's site is offered that person as a likely
// duplicate, and choosing them marks them present without registering anyone; a new name is
// registered in the activity's programme and site and marked present; saving the attendance keeps
// both. The demo facilitator is told who registers newcomers. Arabic right to left, no overflow at
// 360 px, and axe-core's WCAG 2 A/AA rules with the form, its errors and the duplicate list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
// Letters nobody's name has, so that the new person matches no one.
const run = Array.from({ length: 6 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');
const NEWCOMER = { given: 'Ingrid', family: 'Vik' + run, birth: '1990-05-14' };
const NONE_AR = 'لا أحد منهم — سجّل شخصاً جديداً';

// Another spelling of a name: the first vowel after the first letter doubled ("Nyakuma" → "Nyaakuma").
function variant(name) {
  const m = /^(.+?)([aeiou])/i.exec(name.slice(1));
  if (!m) return name + name.slice(-1);
  const at = 1 + m[1].length;
  return name.slice(0, at) + name[at] + name.slice(at);
}

let manager; // the API as the demo manager
let group; // the demo's peer-support group (named attendance)
let session; // its newest session
let twin; // a demo person of the group's programme and site, not on that session's list
let siteName;
let programmeName;

const row = (page, id) => page.locator('#att-' + id);
const search = async (q) => {
  const res = await manager('GET', '/persons?limit=100&q=' + encodeURIComponent(q));
  assert.equal(res.status, 200, 'GET /persons?q=' + q);
  return res.body.items;
};
const attendanceOf = async (id) => {
  const res = await manager('GET', '/sessions/' + id + '/attendance');
  assert.equal(res.status, 200, 'GET attendance: ' + JSON.stringify(res.body));
  return res.body;
};

let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  const list = await manager('GET', '/activities?limit=200');
  assert.equal(list.status, 200);
  group = list.body.items.find((a) => a.stream === 'peer_support' && a.attendance_mode === 'named');
  assert.ok(group, 'the demo data has a peer-support group');
  const sessions = await manager('GET', '/activities/' + group.id + '/sessions?limit=500');
  session = sessions.body.items.sort((a, b) => b.date.localeCompare(a.date))[0];
  assert.ok(session, 'the demo group has sessions');
  const view = await attendanceOf(session.id);
  const listed = new Set([...view.attendance.map((e) => e.person_id), ...view.roster.map((p) => p.id)]);

  const people = await manager('GET', `/persons?programme_id=${group.programme_id}&site_id=${group.site_id}&status=active&age_min=18&age_max=60&limit=100`);
  assert.equal(people.status, 200);
  const fullName = (p) => p.given_name + ' ' + p.family_name;
  twin = people.body.items.find(
    (p, _, all) =>
      !listed.has(p.id) &&
      p.given_name &&
      p.family_name &&
      p.sex !== 'not_recorded' &&
      typeof p.age_years === 'number' &&
      p.population_group &&
      /[aeiou]/i.test(p.given_name.slice(1)) &&
      all.filter((q) => fullName(q) === fullName(p)).length === 1,
  );
  assert.ok(twin, 'the demo data has an adult of the group\'s site who is not on its newest session');
  twin.variant = variant(twin.given_name);
  assert.notEqual(twin.variant, twin.given_name);

  const site = await manager('GET', '/sites/' + group.site_id);
  const programme = await manager('GET', '/programmes/' + group.programme_id);
  assert.equal(site.status, 200);
  assert.equal(programme.status, 200);
  siteName = site.body.name;
  programmeName = programme.body.name;
}

test('manager: a likely duplicate is offered and marked present; a new name is registered and marked present; both saved', async () => {
  await ready();
  const before = (await search(twin.family_name)).map((p) => p.id).sort();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager', '/sessions/' + session.id + '/attendance');
  await page.getByRole('heading', { name: 'Attendance', level: 1 }).waitFor();
  const section = page.locator('section[aria-labelledby=qa-title]');
  await section.getByRole('heading', { name: 'Not registered yet', level: 2 }).waitFor();
  assert.equal(await row(page, twin.id).count(), 0, 'the demo person is not on the list yet');

  // The form: the activity's programme and site named, a required field left empty shown at it.
  await section.getByRole('button', { name: 'New person', exact: true }).click();
  await page.locator('#qa-given_name').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'qa-given_name', 'focus goes to the first field');
  await section.getByText(`Registered in the activity's programme and site: ${programmeName} · ${siteName}.`).waitFor();
  await page.locator('#qa-family_name').fill(twin.family_name);
  await section.getByRole('button', { name: 'Check and add' }).click();
  await page.locator('#qa-given_name-error').getByText('This is required.').waitFor();
  assert.equal(await page.locator('#qa-given_name').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#qa-given_name').getAttribute('aria-describedby'), 'qa-given_name-error');
  await page.locator('#qa-sex-error').getByText('This is required.').waitFor();
  await page.locator('#qa-age_years-error').getByText('This is required.').waitFor();
  await page.locator('#qa-population_group-error').getByText('This is required.').waitFor();
  assert.equal(await page.locator('#qa-family_name-error').count(), 0, 'the family name is not required');
  await page.getByText('Please correct the fields marked below.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'qa-given_name', 'focus goes to the first field at fault');
  await noHorizontalOverflow(page, 'quick add with errors');
  await shot(page, 'quickadd-errors-360-en');

  // Another spelling of a demo person's name, same sex and age, at the group's site: offered.
  await page.locator('#qa-given_name').fill(twin.variant);
  await section.getByRole('radio', { name: twin.sex === 'female' ? 'Female' : 'Male', exact: true }).check();
  await page.locator('#qa-age_years').fill(String(twin.age_years));
  await section.getByLabel('The age is an estimate').check();
  await page.locator('#qa-population_group').selectOption(twin.population_group);
  await section.getByRole('button', { name: 'Check and add' }).click();
  const dups = section.locator('section.dups');
  await dups.getByRole('heading', { name: /This person may already be registered/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'qa-dups-title', 'focus goes to the list of matches');
  assert.equal(await section.locator('.field-error').count(), 0, 'the messages about the empty fields are gone');
  const match = dups.locator('li', { hasText: twin.code });
  await match.getByText(`${twin.given_name} ${twin.family_name}`).waitFor();
  await match.getByText(new RegExp(`age (about )?${twin.age_years}\\b`)).waitFor();
  const reasons = await match.locator('.reasons .badge').allTextContents();
  assert.ok(reasons.some((r) => /name/.test(r)), 'it matches by name: ' + reasons.join(', '));
  assert.ok(reasons.includes('same site'), 'and by site: ' + reasons.join(', '));
  await dups.getByRole('button', { name: 'None of these — register new' }).waitFor();
  assert.equal(JSON.stringify((await search(twin.family_name)).map((p) => p.id).sort()), JSON.stringify(before), 'checking registers no one');
  await noHorizontalOverflow(page, 'quick add with likely duplicates');
  await shot(page, 'quickadd-duplicates-360-en');

  // "This is them": marked present, the form closed, no one registered.
  await match.getByRole('button', { name: 'This is them: mark present' }).click();
  await section.getByRole('status').getByText(`${twin.given_name} ${twin.family_name} marked present. Save the attendance to keep it.`).waitFor();
  assert.equal(await row(page, twin.id).getAttribute('aria-checked'), 'true', 'the match is on the list, present');
  assert.equal(await page.locator('#qa-given_name').count(), 0, 'the form is closed');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'New person', 'focus is back on "New person"');
  assert.equal(JSON.stringify((await search(twin.family_name)).map((p) => p.id).sort()), JSON.stringify(before), 'no one was registered');

  // A new name, with a date of birth: no likely match, registered at once and marked present.
  assert.equal((await search(NEWCOMER.family)).length, 0, 'no one has the newcomer\'s name yet');
  await section.getByRole('button', { name: 'New person', exact: true }).click();
  await page.locator('#qa-given_name').fill(NEWCOMER.given);
  await page.locator('#qa-family_name').fill(NEWCOMER.family);
  await section.getByRole('radio', { name: 'Female', exact: true }).check();
  await section.getByRole('radio', { name: 'Exact date of birth', exact: true }).check();
  assert.equal(await page.locator('#qa-age_years').count(), 0, 'the age in years gives way to the date');
  await page.locator('#qa-birth_date').fill(NEWCOMER.birth);
  await page.locator('#qa-population_group').selectOption('idp_camp');
  await section.getByRole('button', { name: 'Check and add' }).click();
  const said = section.getByRole('status').getByText(new RegExp(`^${NEWCOMER.given} ${NEWCOMER.family} registered with the code (\\S+) and marked present\\.`));
  await said.waitFor();
  const code = /code (\S+) and/.exec(await said.textContent())[1];
  const found = await search(NEWCOMER.family);
  assert.equal(found.length, 1, 'the newcomer is registered once');
  const newcomer = found[0];
  assert.equal(newcomer.code, code, 'the message gives the new code');
  assert.equal(newcomer.given_name, NEWCOMER.given);
  assert.equal(newcomer.programme_id, group.programme_id, 'registered in the activity\'s programme');
  assert.equal(newcomer.site_id, group.site_id, 'and at its site');
  const record = await manager('GET', '/persons/' + newcomer.id + '?reason=test');
  assert.equal(record.body.birth_date, NEWCOMER.birth);
  assert.equal(record.body.population_group, 'idp_camp');
  assert.equal(record.body.sex, 'female');
  assert.equal(await row(page, newcomer.id).getAttribute('aria-checked'), 'true', 'the newcomer is on the list, present');
  await row(page, newcomer.id).getByText(NEWCOMER.given + ' ' + NEWCOMER.family).waitFor();
  // Nothing of the attendance is saved yet.
  const unsaved = await attendanceOf(session.id);
  assert.ok(!unsaved.attendance.some((e) => e.person_id === twin.id || e.person_id === newcomer.id), 'not saved before "Save attendance"');
  await noHorizontalOverflow(page, 'attendance after the quick adds');
  await shot(page, 'quickadd-added-360-en');

  // Saved as usual: both present.
  await page.getByRole('button', { name: 'Save attendance' }).click();
  const anyway = page.getByRole('button', { name: 'Save without them' });
  await Promise.race([page.waitForURL(base + '/activities/' + group.id), anyway.waitFor()]);
  if (await anyway.count()) await anyway.click();
  await page.waitForURL(base + '/activities/' + group.id);
  const saved = await attendanceOf(session.id);
  const present = Object.fromEntries(saved.attendance.map((e) => [e.person_id, e.present]));
  assert.equal(present[twin.id], true, 'the match is saved present');
  assert.equal(present[newcomer.id], true, 'the newcomer is saved present');
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: told who registers newcomers, with no way to register', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/sessions/' + session.id + '/attendance');
  await page.getByRole('heading', { name: 'Attendance', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Save attendance' }).waitFor();
  const section = page.locator('section[aria-labelledby=qa-title]');
  await section.getByText('A counsellor or a programme manager registers newcomers').waitFor();
  assert.equal(await page.getByRole('button', { name: 'New person' }).count(), 0);
  assert.equal(await page.locator('#qa-given_name').count(), 0);
  assert.deepEqual(page.cspErrors, []);
});

// Opens the form, submits it empty, then fills it as a spelling variant of the demo person and
// checks: the duplicate list is up.
async function formWithMatches(page, sexWord) {
  const section = page.locator('section[aria-labelledby=qa-title]');
  await section.locator('button.btn').first().click();
  await page.locator('#qa-given_name').waitFor();
  await section.locator('button[type=submit]').click();
  await page.locator('#qa-given_name-error').waitFor();
  const errors = { given: await page.locator('#qa-given_name-error').textContent(), top: await section.locator('.form-top').textContent() };
  await page.locator('#qa-given_name').fill(twin.variant);
  await page.locator('#qa-family_name').fill(twin.family_name);
  await section.getByRole('radio', { name: sexWord, exact: true }).check();
  await page.locator('#qa-age_years').fill(String(twin.age_years));
  await page.locator('#qa-population_group').selectOption(twin.population_group);
  await section.locator('button[type=submit]').click();
  await section.locator('section.dups li', { hasText: twin.code }).waitFor();
  return errors;
}

test('quick add at 360 px in Arabic, right to left', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await page.getByLabel('Language').selectOption('ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await screenAt(page, '/sessions/' + session.id + '/attendance');
  await page.getByRole('heading', { name: 'الحضور', level: 1 }).waitFor();
  const section = page.locator('section[aria-labelledby=qa-title]');
  await section.getByRole('heading', { name: 'غير مسجّل بعد', level: 2 }).waitFor();
  await section.getByRole('button', { name: 'شخص جديد', exact: true }).waitFor();
  const errors = await formWithMatches(page, twin.sex === 'female' ? 'أنثى' : 'ذكر');
  assert.match(errors.given, /[\u0600-\u06FF]/, 'the required-field message is in Arabic: ' + errors.given);
  assert.match(errors.top, /[\u0600-\u06FF]/, 'and the sentence above the form: ' + errors.top);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await section.getByText(`يُسجَّل في برنامج النشاط وموقعه: ${programmeName} · ${siteName}.`).waitFor();
  await section.getByRole('button', { name: 'تحقّق ثم أضف' }).waitFor();
  const match = section.locator('section.dups li', { hasText: twin.code });
  await match.getByRole('button', { name: 'هذا هو: سجّله حاضراً' }).waitFor();
  await section.getByRole('button', { name: NONE_AR, exact: true }).waitFor();
  assert.match(await section.locator('section.dups h2').textContent(), /[\u0600-\u06FF]/, 'the duplicate list speaks Arabic');
  assert.match((await match.locator('.reasons').textContent()).trim(), /[\u0600-\u06FF]/);
  await noHorizontalOverflow(page, 'ar quick add with likely duplicates');
  await shot(page, 'quickadd-duplicates-360-ar');
  await match.getByRole('button').click();
  await section.getByRole('status').getByText(`${twin.given_name} ${twin.family_name} حاضر في القائمة`).waitFor();
  assert.equal(await row(page, twin.id).getAttribute('aria-checked'), 'true');
  await noHorizontalOverflow(page, 'ar attendance after the quick add');
  assert.deepEqual(page.cspErrors, []);
});

// axe-core is injected as a script, so this context alone bypasses the page's CSP.
test('accessibility: no WCAG 2 A/AA violations with the quick add, its errors and its matches, English and Arabic', async () => {
  await ready();
  const { ctx, page } = await newContext(PHONE, { bypassCSP: true });
  for (const lang of ['en', 'ar']) {
    await page.goto(base + '/signin');
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    await signIn(page, 'iom.manager');
    await screenAt(page, '/sessions/' + session.id + '/attendance');
    await page.waitForLoadState('networkidle');
    await page.locator('section[aria-labelledby=qa-title] button.btn').first().click();
    await page.locator('#qa-given_name').waitFor();
    await page.waitForLoadState('networkidle');
    await axeCheck(page, `quick add form (${lang})`);
    await page.locator('section[aria-labelledby=qa-title] button[type=submit]').click();
    await page.locator('#qa-given_name-error').waitFor();
    await axeCheck(page, `quick add with errors (${lang})`);
    await page.locator('section[aria-labelledby=qa-title] button[type=button]').last().click();
    await formWithMatches(page, lang === 'ar' ? (twin.sex === 'female' ? 'أنثى' : 'ذكر') : twin.sex === 'female' ? 'Female' : 'Male');
    await axeCheck(page, `quick add with likely duplicates (${lang})`);
    await ctx.clearCookies();
  }
});
