// Browser tests of the programme activity screens against the real `baton serve` and its demo data,
// on a 360 px phone: a manager plans a peer-support group (the stream's defaults shown), edits the
// plan through a conflict; the facilitator named on it records a session with notes, and a date
// outside the activity is refused on the date field; a facilitator not named cannot record; an M&E
// officer sees the plan and the sessions but no notes; Arabic right to left, and axe-core's
// WCAG 2 A/AA rules on every new screen in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt, focusMovesTo } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
// Titles nobody else has, so that a title search finds only this run's activities.
const run = Math.random().toString(36).slice(2, 8);
const GROUP = `Women's peer-support group ${run}`;
const START = '2016-02-01';
const END = '2016-12-20';
const NOTES = 'Members shared ways of coping with the loss of their homes.';
const FIRST_NOTES = 'First meeting: introductions and group rules.';

const isActivityPage = (url) => /^\/activities\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new');

let planned; // the activity the manager plans in the browser
let recorded; // the session the facilitator records on it
let other; // an activity the facilitator is not named on

async function userId(api, username) {
  const res = await api('GET', '/users?limit=200');
  assert.equal(res.status, 200, 'GET /users as a manager');
  const user = res.body.items.find((u) => u.username === username);
  assert.ok(user, `the demo data has ${username}`);
  return user.id;
}

async function programmeInView(api) {
  const res = await api('GET', '/programmes?limit=50&active=true');
  assert.equal(res.status, 200);
  assert.ok(res.body.items.length > 0, 'the demo data has a programme');
  return res.body.items[0];
}

test('manager: plan a peer-support group on a phone, with the stream defaults shown', async () => {
  const api = await apiSession('iom.manager');
  const programme = await programmeInView(api);
  const facilitatorId = await userId(api, 'iom.facilitator');

  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await page.locator('header.top nav').getByRole('link', { name: 'Activities', exact: true }).click();
  await page.getByRole('heading', { name: 'Activities', level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await noHorizontalOverflow(page, 'activity list');
  await shot(page, 'activities-360-en');
  await page.getByRole('link', { name: 'Plan an activity' }).click();
  await page.getByRole('heading', { name: 'Plan an activity', level: 1 }).waitFor();

  // The programme in view and its site are chosen; a new activity is planned.
  assert.equal(await page.locator('#f-programme_id').inputValue(), programme.id);
  await page.waitForFunction((site) => document.querySelector('#f-site_id')?.value === site, programme.site_id);
  assert.equal(await page.locator('#f-status').inputValue(), 'planned');

  // Nothing filled in: the server's problems are shown on their fields.
  await page.getByRole('button', { name: 'Plan the activity' }).click();
  await page.locator('#f-title-error').getByText('This is required.').waitFor();
  await page.locator('#f-stream-error').getByText('This is required.').waitFor();
  await page.locator('#f-start_date-error').getByText('This is required.').waitFor();
  assert.equal(await page.locator('#f-title').getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').getByText('Please correct the fields marked below').waitFor();

  // The stream's defaults from the programme's code table, as the server would fill them.
  await page.getByLabel('Title').fill(GROUP);
  await page.getByLabel('Stream').selectOption('peer_support');
  assert.equal(await page.locator('#f-activity_code').inputValue(), '8.2');
  assert.equal(await page.locator('#f-pyramid_layer').inputValue(), '3');
  assert.ok(await page.getByRole('radio', { name: /^By name/ }).isChecked(), 'attendance by name');
  await page.getByText('Default for Peer-support group: code 8.2 — Basic counselling for groups or families, layer 3.').waitFor();
  await page.getByLabel('Stream').selectOption('information');
  assert.equal(await page.locator('#f-activity_code').inputValue(), '1.1');
  assert.equal(await page.locator('#f-pyramid_layer').inputValue(), '1');
  assert.ok(await page.getByRole('radio', { name: /^As a headcount/ }).isChecked(), 'headcount for information sessions');
  await page.getByLabel('Stream').selectOption('peer_support');
  assert.equal(await page.locator('#f-activity_code').inputValue(), '8.2');
  assert.ok(await page.getByRole('radio', { name: /^By name/ }).isChecked());
  // Another code brings its own layer.
  await page.locator('#f-activity_code').selectOption('7.1');
  assert.equal(await page.locator('#f-pyramid_layer').inputValue(), '3');
  await page.locator('#f-activity_code').selectOption('8.2');

  await page.getByLabel('Start date').fill(START);
  await page.getByLabel('End date').fill(END);
  await page.getByLabel('Target group').fill('Women aged 18 to 35, Block 4');
  await page.getByRole('checkbox', { name: /^IOM facilitator/ }).check();
  await page.getByRole('button', { name: 'Add a facilitator without an account' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Mary Nyandeng');
  await page.getByRole('textbox', { name: 'Organisation', exact: true }).fill('ALARM');
  await page.getByLabel('How often').selectOption('weekly');
  await page.getByRole('checkbox', { name: 'Tuesday' }).check();
  await page.getByLabel('From (time)').fill('10:00');
  await page.getByLabel('Until (time)').fill('12:00');
  await page.getByLabel('Description').fill('A weekly group for women who lost their homes.');
  await noHorizontalOverflow(page, 'activity form');
  await shot(page, 'activity-form-360-en');
  await page.getByRole('button', { name: 'Plan the activity' }).click();

  await page.waitForURL(isActivityPage);
  await page.getByRole('status').getByText(`Activity planned: ${GROUP}.`).waitFor();
  await page.getByRole('heading', { name: GROUP, level: 1 }).waitFor();
  const plan = page.locator('section[aria-labelledby=plan-title] dl');
  await plan.getByText('Peer-support group', { exact: true }).waitFor();
  await plan.getByText('8.2 — Basic counselling for groups or families').waitFor();
  await plan.getByText('3 — Focused, non-specialised supports').waitFor();
  await plan.getByText('IOM facilitator').waitFor();
  await plan.getByText('Mary Nyandeng (ALARM)').waitFor();
  await plan.getByText(/Every week · Tuesday · 10:00–12:00/).waitFor();
  await page.getByText('No sessions recorded yet.').waitFor();
  // A manager records sessions too.
  await page.getByRole('link', { name: 'Record a session' }).waitFor();
  await noHorizontalOverflow(page, 'activity page');
  await shot(page, 'activity-360-en');

  const id = new URL(page.url()).pathname.split('/').pop();
  const stored = await api('GET', '/activities/' + id);
  assert.equal(stored.status, 200);
  const a = stored.body;
  assert.equal(a.title, GROUP);
  assert.equal(a.stream, 'peer_support');
  assert.equal(a.programme_id, programme.id);
  assert.equal(a.site_id, programme.site_id);
  assert.equal(a.activity_code, '8.2');
  assert.equal(a.pyramid_layer, 3);
  assert.equal(a.attendance_mode, 'named');
  assert.equal(a.status, 'planned');
  assert.equal(a.start_date, START);
  assert.equal(a.end_date, END);
  assert.deepEqual(a.facilitators, { user_ids: [facilitatorId], external: [{ name: 'Mary Nyandeng', organization: 'ALARM' }] });
  assert.deepEqual(a.schedule, { frequency: 'weekly', weekdays: ['tue'], start_time: '10:00', end_time: '12:00' });
  planned = a;
  assert.deepEqual(page.cspErrors, []);
});

test('manager: edit the plan through a conflict; the stream stays fixed', async () => {
  assert.ok(planned, 'the planning test ran first');
  const api = await apiSession('iom.manager');
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager', '/activities/' + planned.id + '/edit');
  await page.getByRole('heading', { name: 'Edit the plan', level: 1 }).waitFor();
  assert.equal(await page.locator('#f-title').inputValue(), GROUP);
  assert.ok(await page.locator('#f-stream').isDisabled(), 'the stream cannot change');
  await page.getByLabel('Target group').fill('Women aged 18 to 40, Block 4');
  const fresh = await api('GET', '/activities/' + planned.id);
  const elsewhere = await api('PATCH', '/activities/' + planned.id, { status: 'ongoing' }, { 'If-Match': fresh.headers.get('etag') });
  assert.equal(elsewhere.status, 200, 'PATCH elsewhere: ' + JSON.stringify(elsewhere.body));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').getByText('Someone else changed this record').waitFor();
  await page.getByRole('button', { name: 'Reload the latest version' }).click();
  await page.waitForFunction(() => document.querySelector('#f-status')?.value === 'ongoing');
  await page.getByLabel('Target group').fill('Women aged 18 to 40, Block 4');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();
  const after = await api('GET', '/activities/' + planned.id);
  assert.equal(after.body.target_group, 'Women aged 18 to 40, Block 4');
  assert.equal(after.body.status, 'ongoing');
  assert.equal(after.body.activity_code, '8.2', 'the code is kept');
  await noHorizontalOverflow(page, 'activity edit form');
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator named on it: records a session with notes, a date outside the activity refused on the date field', async () => {
  assert.ok(planned, 'the planning test ran first');
  const manager = await apiSession('iom.manager');
  const first = await manager('POST', '/activities/' + planned.id + '/sessions', { date: '2016-02-09', place: 'Block 4', notes: FIRST_NOTES });
  assert.equal(first.status, 201, 'a first session: ' + JSON.stringify(first.body));
  const facilitatorId = await userId(manager, 'iom.facilitator');

  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator');
  await page.locator('header.top nav').getByRole('link', { name: 'Activities', exact: true }).click();
  await page.getByRole('heading', { name: 'Activities', level: 1 }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Plan an activity' }).count(), 0, 'only managers plan');
  await page.getByLabel('Search activities by title').fill(run);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL(/\/activities\?q=/);
  await page.locator('.records li', { hasText: GROUP }).getByRole('link').click();
  await page.getByRole('heading', { name: GROUP, level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  assert.equal(await page.getByRole('link', { name: 'Edit the plan' }).count(), 0, 'only managers edit the plan');
  await page.getByText(FIRST_NOTES).waitFor(); // the activity's facilitators read its notes
  await page.getByRole('link', { name: 'Record a session' }).click();
  await page.getByRole('heading', { name: 'Record a session', level: 1 }).waitFor();
  assert.equal(await page.locator('#f-facilitator_id').inputValue(), facilitatorId, 'the facilitator is the one recording');

  await page.getByLabel('Date').fill('2017-01-10');
  await page.getByLabel('Start time').fill('10:00');
  await page.getByLabel('End time').fill('12:00');
  await page.getByLabel('Place').fill("Women's centre, Block 4");
  await page.getByLabel('Group notes').fill(NOTES);
  await page.getByRole('button', { name: 'Record the session' }).click();
  const shown = (date) => '\u2066' + date.replace(/-/g, '\u2011') + '\u2069'; // isolated, unbroken
  await page.locator('#f-date-error').getByText(`The date must lie within the activity's dates, ${shown(START)} to ${shown(END)}.`).waitFor();
  assert.equal(await page.locator('#f-date').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#f-date').getAttribute('aria-describedby'), /f-date-error/);
  await focusMovesTo(page, 'f-date', 'focus goes to the date');
  await noHorizontalOverflow(page, 'session form with errors');
  await shot(page, 'session-form-errors-360-en');

  await page.getByLabel('Date').fill('2016-03-08');
  await page.getByRole('button', { name: 'Record the session' }).click();
  await page.waitForURL(base + '/activities/' + planned.id);
  await page.getByRole('status').getByText('Session of 2016-03-08 recorded.').waitFor();
  const entries = page.locator('ol.timeline > li');
  await entries.first().getByText(NOTES).waitFor();
  assert.equal(await entries.count(), 2);
  assert.match(await entries.nth(0).textContent(), /2016-03-08.*10:00–12:00/, 'newest first');
  assert.match(await entries.nth(0).textContent(), /at Women's centre, Block 4 · run by IOM facilitator/);
  assert.match(await entries.nth(1).textContent(), /2016-02-09/);
  await noHorizontalOverflow(page, 'activity page with sessions');
  await shot(page, 'activity-sessions-360-en');

  const sessions = await manager('GET', '/activities/' + planned.id + '/sessions');
  recorded = sessions.body.items.find((s) => s.date === '2016-03-08');
  assert.ok(recorded, 'the session is stored');
  assert.equal(recorded.notes, NOTES);
  assert.equal(recorded.facilitator_id, facilitatorId);
  assert.equal(recorded.start_time, '10:00');

  // Correcting it: the same form, filled in.
  await entries.first().getByRole('link').click();
  await page.getByRole('heading', { name: 'Edit the session', level: 1 }).waitFor();
  assert.equal(await page.locator('#f-notes').inputValue(), NOTES);
  await page.getByLabel('Place').fill("Women's centre, Block 5");
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();
  const changed = await manager('GET', '/sessions/' + recorded.id);
  assert.equal(changed.body.place, "Women's centre, Block 5");
  assert.equal(changed.body.notes, NOTES, 'the notes are kept');
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator not named on an activity: no "Record a session", no notes', async () => {
  const manager = await apiSession('iom.manager');
  const programme = await programmeInView(manager);
  const created = await manager('POST', '/activities', {
    programme_id: programme.id,
    site_id: programme.site_id,
    stream: 'recreational',
    title: `Youth football league ${run}`,
    start_date: '2016-01-04',
  });
  assert.equal(created.status, 201, 'POST /activities: ' + JSON.stringify(created.body));
  other = created.body;
  const hidden = 'Two boys argued about the teams.';
  const s = await manager('POST', '/activities/' + other.id + '/sessions', { date: '2016-01-09', place: 'Football pitch', notes: hidden });
  assert.equal(s.status, 201);

  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator');
  await screenAt(page, '/activities/' + other.id);
  await page.getByRole('heading', { name: other.title, level: 1 }).waitFor();
  await page.locator('ol.timeline > li').getByText('2016-01-09').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Record a session' }).count(), 0);
  assert.ok(!(await page.locator('main').textContent()).includes(hidden), 'no notes for a facilitator not named');
  assert.equal(await page.locator('ol.timeline a').count(), 0, 'no session to edit');
  await page.goto(base + '/activities/' + other.id + '/sessions/new');
  await page.getByText('Sessions of this activity are recorded by its facilitators').waitFor();
  assert.equal(await page.locator('#f-date').count(), 0, 'no form');
  await noHorizontalOverflow(page, 'session form refused');
  assert.deepEqual(page.cspErrors, []);
});

test('M&E officer: sees the plan and the sessions, no notes, nothing to record; filters by stream', async () => {
  assert.ok(planned && recorded, 'the planning and recording tests ran first');
  const api = await apiSession('iom.me_officer');
  const list = await api('GET', '/activities/' + planned.id + '/sessions');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length >= 2);
  assert.ok(list.body.items.every((s) => !('notes' in s)), 'the API gives an M&E officer no notes');

  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.me_officer');
  await page.locator('header.top nav').getByRole('link', { name: 'Activities', exact: true }).click();
  await page.getByRole('heading', { name: 'Activities', level: 1 }).waitFor();
  await page.getByLabel('Search activities by title').fill(run);
  await page.locator('details.filters summary').click();
  await page.getByLabel('Stream').selectOption('peer_support');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/stream=peer_support/);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await page.getByText('Filters (1 on)').waitFor();
  const rows = page.locator('.records li');
  assert.equal(await rows.count(), 1, 'only the peer-support group of this run');
  await rows.first().locator('.record-secondary').getByText(/^Peer-support group · 2016-02-01 – 2016-12-20/).waitFor();
  await noHorizontalOverflow(page, 'filtered activity list');
  await shot(page, 'activities-filtered-360-en');
  await rows.first().getByRole('link').click();

  await page.getByRole('heading', { name: GROUP, level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await page.locator('ol.timeline > li').first().getByText('2016-03-08').waitFor();
  const main = await page.locator('main').textContent();
  assert.ok(!main.includes(NOTES) && !main.includes(FIRST_NOTES), 'no notes for an M&E officer');
  await page.locator('section[aria-labelledby=plan-title]').getByText('8.2 — Basic counselling for groups or families').waitFor();
  // Facilitators by name, although an M&E officer may not read user records.
  await page.locator('section[aria-labelledby=plan-title]').getByText('IOM facilitator').waitFor();
  assert.ok(!main.includes('A colleague'), 'no facilitator left unnamed');
  assert.equal(await page.getByRole('link', { name: 'Record a session' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Edit the plan' }).count(), 0);
  await noHorizontalOverflow(page, 'M&E officer activity page');
  await shot(page, 'activity-me-officer-360-en');
  await page.goto(base + '/activities/new');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(page.cspErrors, []);
});

const screens = () => [
  ['/activities', 'activities'],
  ['/activities/new', 'activity-form'],
  ['/activities/' + planned.id, 'activity'],
  ['/activities/' + planned.id + '/edit', 'activity-edit'],
  ['/activities/' + planned.id + '/sessions/new', 'session-form'],
  ['/activities/' + planned.id + '/sessions/' + recorded.id, 'session-edit'],
];

test('activity screens at 360 px, English and Arabic (right to left)', async () => {
  assert.ok(planned && recorded, 'the planning and recording tests ran first');
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  for (const lang of ['en', 'ar']) {
    if (lang === 'ar') {
      await page.getByLabel('Language').selectOption('ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    }
    for (const [path, name] of screens()) {
      await screenAt(page, path);
      assert.equal(await page.locator('html').getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr', path);
      await noHorizontalOverflow(page, `${lang} ${path}`);
      await shot(page, `${name}-360-${lang}`);
    }
  }
  // Arabic: translated, and the date refused in Arabic beside its field.
  await screenAt(page, '/activities');
  await page.getByRole('heading', { name: 'الأنشطة', level: 1 }).waitFor();
  await page.locator('header.top nav').getByRole('link', { name: 'الأنشطة', exact: true }).waitFor();
  await screenAt(page, '/activities/' + planned.id);
  await page.locator('section[aria-labelledby=plan-title]').getByText('مجموعة دعم الأقران', { exact: true }).waitFor();
  await page.getByText(NOTES).waitFor();
  await screenAt(page, '/activities/' + planned.id + '/sessions/new');
  await page.getByLabel('التاريخ').fill('2017-01-10');
  await page.getByRole('button', { name: 'سجّل الجلسة' }).click();
  await page.locator('#f-date-error').getByText('يجب أن يقع التاريخ ضمن تواريخ النشاط').waitFor();
  await noHorizontalOverflow(page, 'ar session form with errors');
  await shot(page, 'session-form-errors-360-ar');
  await screenAt(page, '/activities/new');
  await page.getByRole('button', { name: 'خطّط النشاط' }).click();
  await page.locator('#f-title-error').getByText('هذا الحقل مطلوب.').waitFor();
  await noHorizontalOverflow(page, 'ar activity form with errors');
  await shot(page, 'activity-form-errors-360-ar');
  assert.deepEqual(page.cspErrors, []);
});

// axe-core is injected as a script, so this context alone bypasses the page's CSP.
test('accessibility: no WCAG 2 A/AA violations on the activity screens, English and Arabic', async () => {
  assert.ok(planned && recorded, 'the planning and recording tests ran first');
  const { ctx, page } = await newContext(PHONE, { bypassCSP: true });
  for (const lang of ['en', 'ar']) {
    await page.goto(base + '/signin');
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    await signIn(page, 'iom.manager');
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
    for (const [path] of screens()) {
      await screenAt(page, path);
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      await axeCheck(page, `${path} (${lang})`);
    }
    // With the filters open, and the forms with their errors and an external facilitator row.
    await screenAt(page, '/activities');
    await page.locator('details.filters summary').click();
    await axeCheck(page, `/activities with filters (${lang})`);
    await screenAt(page, '/activities/new');
    await page.waitForLoadState('networkidle');
    await page.locator('#f-stream').selectOption('peer_support');
    await page.locator('#f-schedule-frequency').selectOption('weekly');
    await page.locator('#add-external').click();
    await page.locator('form button[type=submit]').click();
    await page.locator('#f-title-error').waitFor();
    await axeCheck(page, `/activities/new with errors (${lang})`);
    await screenAt(page, '/activities/' + planned.id + '/sessions/new');
    await page.locator('#f-date').fill('2017-01-10');
    await page.locator('form button[type=submit]').click();
    await page.locator('#f-date-error').waitFor();
    await axeCheck(page, `session form with errors (${lang})`);
    await ctx.clearCookies();
  }
});
