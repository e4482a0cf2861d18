// Browser tests of taking a session's attendance against the real `baton serve` and its demo data,
// on a 360 px phone, as the demo facilitator. A peer-support group of the demo programme is set up
// here with its own sessions and roster, so that the counts are known whatever attendance the demo
// holds: a session marked person by person with one person added through the search, saved and
// read back; a conflict with a change made elsewhere, reloaded without losing the marks; an entry
// the server refuses (a person merged away meanwhile) shown under that person; "mark all present".
// A headcount reached from "Record and take attendance", a count too large refused at its box; the
// demo group's own attendance as recorded; an M&E officer reads but cannot change. Arabic right to
// left, no overflow at 360 px, and axe-core's WCAG 2 A/AA rules on both screens. The taps and the
// time to mark 15 people and save are printed as "# ..." lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt, focusMovesTo } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
// The day a new session of the headcount activity is recorded (within the activity's dates).
const NEW_SESSION_DATE = '2017-08-10';
// A title nobody else has.
const run = Math.random().toString(36).slice(2, 8);
const GROUP = `Mothers' peer-support group ${run}`;
// The group's sessions, oldest first: the people come to the first; the others list them as roster.
const GROUP_DATES = ['2016-03-01', '2016-03-15', '2016-03-29', '2016-04-12'];

let manager; // the API as the demo manager, for setting up and checking
let group; // the peer-support group set up here (named attendance)
let sessions; // its sessions, newest first: [0] marked person by person, [1] refused entry, [2] all present
let demoGroup; // the demo's own peer-support group, with the attendance the demo recorded
let demoNewest; // its newest session
let roster; // 16 people named at an earlier session of the group: the roster of the three above
let walkIn; // a person of the programme on no list, added through the search
let survivor; // the person the refused entry's person is merged into
let league; // the demo football league (headcount)
let counted; // the session recorded on it in the browser

const row = (page, person) => page.locator('#att-' + person.id);
const attendanceOf = async (sessionId) => {
  const res = await manager('GET', '/sessions/' + sessionId + '/attendance');
  assert.equal(res.status, 200, 'GET attendance: ' + JSON.stringify(res.body));
  return res;
};
const marked = (view) => Object.fromEntries(view.attendance.map((e) => [e.person_id, e.present]));

// Each click the facilitator makes, counted.
function tapper(page) {
  const tapped = { n: 0 };
  tapped.tap = async (locator) => {
    tapped.n++;
    await locator.click();
  };
  return tapped;
}

// Set up once, by the first test (after the harness has started the server): the activities, the
// people, and a roster for the group's newest sessions.
let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  const programmes = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(programmes.status, 200);
  const programme = programmes.body.items[0];
  const users = await manager('GET', '/users?limit=200');
  const facilitator = users.body.items.find((u) => u.username === 'iom.facilitator');
  assert.ok(programme && facilitator, 'the demo data has a programme and its facilitator');

  const list = await manager('GET', '/activities?limit=200');
  assert.equal(list.status, 200);
  demoGroup = list.body.items.find((a) => a.stream === 'peer_support' && a.attendance_mode === 'named');
  league = list.body.items.find((a) => a.stream === 'recreational' && a.attendance_mode === 'headcount' && (!a.end_date || a.end_date >= NEW_SESSION_DATE));
  assert.ok(demoGroup && league, 'the demo data has a peer-support group and a headcount activity');
  const demoSessions = await manager('GET', '/activities/' + demoGroup.id + '/sessions?limit=500');
  demoNewest = demoSessions.body.items.sort((a, b) => b.date.localeCompare(a.date))[0];
  assert.ok(demoNewest, 'the demo group has sessions');

  const created = await manager('POST', '/activities', {
    programme_id: programme.id,
    site_id: programme.site_id,
    stream: 'peer_support',
    title: GROUP,
    start_date: '2016-01-05',
    end_date: '2016-12-27',
    facilitators: { user_ids: [facilitator.id] },
  });
  assert.equal(created.status, 201, 'POST /activities: ' + JSON.stringify(created.body));
  group = created.body;
  sessions = [];
  for (const date of GROUP_DATES) {
    const res = await manager('POST', '/activities/' + group.id + '/sessions', { date, place: 'Block 7' });
    assert.equal(res.status, 201, 'POST session: ' + JSON.stringify(res.body));
    sessions.unshift(res.body);
  }

  // 16 people with names, and two more: one to add through the search, one to merge into.
  const people = await manager('GET', '/persons?programme_id=' + group.programme_id + '&status=active&limit=60');
  assert.equal(people.status, 200);
  // With names nobody else in the list has, so that a row is found by its name.
  const fullName = (p) => p.given_name + ' ' + p.family_name;
  const named = people.body.items.filter(
    (p, _, all) => p.given_name && p.family_name && p.code && all.filter((q) => fullName(q) === fullName(p)).length === 1,
  );
  assert.ok(named.length >= 18, 'the demo data has people in the programme');
  roster = named.slice(0, 16);
  walkIn = named[16];
  survivor = named[17];

  // The people came to the first session: the three after it list them as their roster.
  const earlier = await attendanceOf(sessions[3].id);
  const seeded = await manager(
    'PUT',
    '/sessions/' + sessions[3].id + '/attendance',
    { attendance: roster.map((p) => ({ person_id: p.id, present: true })) },
    { 'If-Match': earlier.headers.get('etag') },
  );
  assert.equal(seeded.status, 200, 'seeding the roster: ' + JSON.stringify(seeded.body));
}

test('facilitator: marks a session person by person, adds someone through the search, saves, and reads it back', async () => {
  await ready();
  const target = sessions[0];
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/activities/' + group.id);
  await page.getByRole('heading', { name: group.title, level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  // The newest session's attendance is one tap from the activity.
  assert.equal(await page.getByLabel('Attendance of the session of').inputValue(), target.id, 'the newest session is chosen');
  await page.getByRole('link', { name: 'Take attendance', exact: true }).click();
  await page.waitForURL(base + '/sessions/' + target.id + '/attendance');
  await page.getByRole('heading', { name: 'Attendance', level: 1 }).waitFor();
  await row(page, roster[0]).waitFor();

  // The roster, not marked yet, with names and codes.
  for (const p of roster) {
    assert.equal(await row(page, p).getAttribute('aria-checked'), 'mixed', p.code + ' not marked');
  }
  await page.getByRole('checkbox', { name: roster[0].given_name + ' ' + roster[0].family_name, exact: true }).waitFor();
  await page.getByText('0 present · 0 absent · 16 not marked').waitFor();
  await noHorizontalOverflow(page, 'attendance list');
  await shot(page, 'attendance-named-360-en');

  // Someone not on the list, found by code and added: marked present.
  await page.getByLabel('Find a registered person of the programme by name or code').fill(walkIn.code);
  await page.getByRole('search').getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('list', { name: 'People found' }).getByText(walkIn.code).waitFor();
  await noHorizontalOverflow(page, 'attendance search results');
  await shot(page, 'attendance-search-360-en');
  await page.getByRole('button', { name: `Add ${walkIn.given_name} ${walkIn.family_name}, marked present` }).click();
  await page.getByText(`${walkIn.given_name} ${walkIn.family_name} added to the list, marked present.`).waitFor();
  assert.equal(await row(page, walkIn).getAttribute('aria-checked'), 'true');
  await page.getByText('1 present · 0 absent · 16 not marked').waitFor();

  // 15 people marked one by one: 12 present (one tap), 3 absent (a second tap); one left unmarked.
  const present = roster.slice(0, 12);
  const absent = roster.slice(12, 15);
  const unmarked = roster[15];
  const taps = tapper(page);
  const started = Date.now();
  for (const p of present) await taps.tap(row(page, p));
  for (const p of absent) {
    await taps.tap(row(page, p));
    await taps.tap(row(page, p));
  }
  await page.getByText('13 present · 3 absent · 1 not marked').waitFor();
  await taps.tap(page.getByRole('button', { name: 'Save attendance' }));
  await page.getByText('Not marked: 1. They will be left out of this session\'s attendance.').waitFor();
  await noHorizontalOverflow(page, 'attendance confirm');
  await shot(page, 'attendance-confirm-360-en');
  await taps.tap(page.getByRole('button', { name: 'Save without them' }));
  await page.waitForURL(base + '/activities/' + group.id);
  await page.getByRole('status').getByText(`Attendance of ${target.date} saved: 13 present, 3 absent.`).waitFor();
  const seconds = (Date.now() - started) / 1000;
  console.log(`# named attendance, one tap per mark: 15 people (12 present, 3 absent) marked and saved in ${taps.n} taps, ${seconds.toFixed(1)} s`);

  await noHorizontalOverflow(page, 'activity page after attendance');

  // Read back: from the server, and on the screen afresh.
  const stored = marked((await attendanceOf(target.id)).body);
  const expected = Object.fromEntries([...present.map((p) => [p.id, true]), ...absent.map((p) => [p.id, false]), [walkIn.id, true]]);
  assert.deepEqual(stored, expected);
  await screenAt(page, '/sessions/' + target.id + '/attendance');
  await row(page, roster[0]).waitFor();
  for (const p of [...present, walkIn]) assert.equal(await row(page, p).getAttribute('aria-checked'), 'true', p.code + ' present');
  for (const p of absent) assert.equal(await row(page, p).getAttribute('aria-checked'), 'false', p.code + ' absent');
  assert.equal(await row(page, unmarked).getAttribute('aria-checked'), 'mixed', 'the one left out is on the roster again');
  await page.getByText('13 present · 3 absent · 1 not marked').waitFor();
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: a change saved elsewhere meanwhile is a conflict; reloading keeps the marks made here', async () => {
  await ready();
  const target = sessions[0];
  const { page } = await newContext(PHONE);
  // The session's page says what its attendance came to, and leads to it.
  await signIn(page, 'iom.facilitator', '/activities/' + group.id + '/sessions/' + target.id);
  await page.getByRole('heading', { name: 'Edit the session', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Attendance: 13 present · 3 absent' }).click();
  await page.getByRole('heading', { name: 'Attendance', level: 1 }).waitFor();
  await row(page, roster[15]).waitFor();
  await row(page, roster[15]).click();
  assert.equal(await row(page, roster[15]).getAttribute('aria-checked'), 'true');

  // Meanwhile the manager marks the first person absent.
  const now = await attendanceOf(target.id);
  const changed = now.body.attendance.map((e) => ({ person_id: e.person_id, present: e.person_id === roster[0].id ? false : e.present }));
  const elsewhere = await manager('PUT', '/sessions/' + target.id + '/attendance', { attendance: changed }, { 'If-Match': now.headers.get('etag') });
  assert.equal(elsewhere.status, 200, 'PUT elsewhere: ' + JSON.stringify(elsewhere.body));

  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.getByRole('alert').getByText("Someone else saved this session's attendance while you were taking it.").waitFor();
  await noHorizontalOverflow(page, 'attendance conflict');
  await shot(page, 'attendance-conflict-360-en');
  await page.getByRole('button', { name: 'Reload the latest version' }).click();
  await page.waitForFunction((id) => document.getElementById('att-' + id)?.getAttribute('aria-checked') === 'false', roster[0].id);
  assert.equal(await row(page, roster[15]).getAttribute('aria-checked'), 'true', 'the mark made here is kept');
  assert.equal(await page.getByRole('alert').count(), 0, 'the conflict notice is gone');
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.getByRole('status').getByText(`Attendance of ${target.date} saved: 13 present, 4 absent.`).waitFor();
  const stored = marked((await attendanceOf(target.id)).body);
  assert.equal(stored[roster[0].id], false, 'the change made elsewhere is kept');
  assert.equal(stored[roster[15].id], true, 'the mark made here is saved');
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: an entry the server refuses (the person was merged meanwhile) is shown under that person', async () => {
  await ready();
  const target = sessions[1];
  const merged = roster[13];
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/sessions/' + target.id + '/attendance');
  await row(page, merged).waitFor();
  await row(page, roster[0]).click();
  await row(page, merged).click();

  const res = await manager('POST', '/persons/' + survivor.id + '/merge', { duplicate_id: merged.id });
  assert.ok(res.status === 200 || res.status === 201, 'merge: ' + JSON.stringify(res.body));

  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.getByRole('button', { name: 'Save without them' }).click();
  const message = `This record was merged into ${survivor.code}: record the attendance under that person.`;
  await page.locator('#att-' + merged.id + '-error').getByText(message).waitFor();
  assert.equal(await row(page, merged).getAttribute('aria-invalid'), 'true');
  assert.match(await row(page, merged).getAttribute('aria-describedby'), new RegExp('att-' + merged.id + '-error'));
  await focusMovesTo(page, 'att-' + merged.id, 'focus goes to that person');
  assert.equal(await page.locator('.field-error').count(), 1, 'only that person has a message');
  await noHorizontalOverflow(page, 'attendance with a refused entry');
  await shot(page, 'attendance-refused-360-en');

  await page.getByRole('button', { name: `Leave ${merged.given_name} ${merged.family_name} out` }).click();
  assert.equal(await row(page, merged).getAttribute('aria-checked'), 'mixed');
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.getByRole('button', { name: 'Save without them' }).click();
  await page.getByRole('status').getByText(`Attendance of ${target.date} saved: 1 present, 0 absent.`).waitFor();
  assert.deepEqual(marked((await attendanceOf(target.id)).body), { [roster[0].id]: true });
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: "mark all present", then the few absent', async () => {
  await ready();
  const target = sessions[2];
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/sessions/' + target.id + '/attendance');
  await row(page, roster[0]).waitFor();
  const people = await page.locator('.att-list > li').count();
  const absent = [roster[1], roster[5], roster[9]];
  const taps = tapper(page);
  const started = Date.now();
  await taps.tap(page.getByRole('button', { name: 'Mark all present' }));
  for (const p of absent) await taps.tap(row(page, p));
  await page.getByText(`${people - 3} present · 3 absent`, { exact: true }).waitFor();
  await taps.tap(page.getByRole('button', { name: 'Save attendance' }));
  await page.getByRole('status').getByText(`Attendance of ${target.date} saved: ${people - 3} present, 3 absent.`).waitFor();
  const seconds = (Date.now() - started) / 1000;
  console.log(`# named attendance, "mark all present" then the absent: ${people} people marked and saved in ${taps.n} taps, ${seconds.toFixed(1)} s`);
  const stored = marked((await attendanceOf(target.id)).body);
  assert.equal(Object.keys(stored).length, people);
  for (const p of absent) assert.equal(stored[p.id], false);
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: records a session and goes on to its headcount; a count too large is refused at its box', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/activities/' + league.id + '/sessions/new');
  await page.getByRole('heading', { name: 'Record a session', level: 1 }).waitFor();
  await page.getByLabel('Date').fill(NEW_SESSION_DATE);
  await page.getByRole('button', { name: 'Record and take attendance' }).click();
  await page.waitForURL(/\/sessions\/[^/]+\/attendance$/);
  counted = { id: page.url().split('/').slice(-2)[0] };
  await page.getByRole('status').getByText(`Session of ${NEW_SESSION_DATE} recorded.`).waitFor();
  await page.getByRole('heading', { name: 'Attendance', level: 1 }).waitFor();
  const cell = (sex, band) => page.locator(`#hc-${sex}-${band}`);
  await cell('female', '18_59').waitFor();
  assert.equal(await cell('female', '18_59').getAttribute('inputmode'), 'numeric');
  await page.getByRole('group', { name: 'Female', exact: true }).getByLabel('18–59').waitFor();
  await page.getByRole('group', { name: 'Male', exact: true }).getByText('60+').waitFor();

  await cell('female', '18_59').fill('12');
  await cell('male', '12_17').fill('20');
  await cell('not_recorded', '6_11').fill('3');
  assert.equal(await page.locator('#hc-female-total').textContent(), '12');
  assert.equal(await page.locator('#hc-male-total').textContent(), '20');
  assert.equal(await page.locator('#hc-not_recorded-total').textContent(), '3');
  await page.getByText('Everyone: 35').waitFor();

  // Not a number: refused here, without asking the server.
  await cell('male', '0_5').fill('1x');
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.locator('#hc-male-0_5-error').getByText('Enter a whole number, or leave the box empty.').waitFor();
  await cell('male', '0_5').fill('');

  // Too many: the server's rule, its message at that box.
  await cell('male', '18_59').fill('20000');
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.locator('#hc-male-18_59-error').getByText('Enter a whole number from 0 to 10000.').waitFor();
  assert.equal(await cell('male', '18_59').getAttribute('aria-invalid'), 'true');
  assert.equal(await cell('male', '18_59').getAttribute('aria-describedby'), 'hc-male-18_59-error');
  assert.equal(await cell('male', '0_5').getAttribute('aria-invalid'), null, 'the other boxes are fine');
  await focusMovesTo(page, 'hc-male-18_59', 'focus goes to the box');
  await noHorizontalOverflow(page, 'headcount with an error');
  await shot(page, 'attendance-headcount-error-360-en');

  await cell('male', '18_59').fill('5');
  await page.getByText('Everyone: 40').waitFor();
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.waitForURL(base + '/activities/' + league.id);
  await page.getByRole('status').getByText(`Headcount of ${NEW_SESSION_DATE} saved: 40 people.`).waitFor();
  const session = await manager('GET', '/sessions/' + counted.id);
  assert.deepEqual(session.body.attendance_summary, { headcount: 40 });

  const stored = (await attendanceOf(counted.id)).body;
  assert.deepEqual(stored.headcount, { female: { '18_59': 12 }, male: { '12_17': 20, '18_59': 5 }, not_recorded: { '6_11': 3 } });
  await screenAt(page, '/sessions/' + counted.id + '/attendance');
  await cell('male', '18_59').waitFor();
  assert.equal(await cell('female', '18_59').inputValue(), '12');
  assert.equal(await cell('male', '12_17').inputValue(), '20');
  assert.equal(await cell('male', '18_59').inputValue(), '5');
  assert.equal(await cell('male', '0_5').inputValue(), '');
  assert.equal(await page.locator('#hc-male-total').textContent(), '25');
  await page.getByText('Everyone: 40').waitFor();
  await noHorizontalOverflow(page, 'headcount');
  await shot(page, 'attendance-headcount-360-en');
  assert.deepEqual(page.cspErrors, []);
});

test('M&E officer: reads the attendance, cannot change it', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  // Any session's attendance, chosen by its date on the activity page.
  await signIn(page, 'iom.me_officer', '/activities/' + group.id);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await page.getByLabel('Attendance of the session of').selectOption({ label: sessions[1].date });
  await page.getByRole('link', { name: 'See the attendance', exact: true }).click();
  await page.waitForURL(base + '/sessions/' + sessions[1].id + '/attendance');
  await page.getByText('1 present · 0 absent').waitFor();
  await screenAt(page, '/sessions/' + sessions[0].id + '/attendance');
  await page.getByText('13 present · 4 absent').waitFor();
  await page.getByText('Sessions of this activity are recorded by its facilitators').waitFor();
  assert.equal(await page.getByRole('checkbox').count(), 0, 'nothing to tap');
  assert.equal(await page.getByRole('button', { name: 'Save attendance' }).count(), 0);
  assert.equal(await page.locator('#att-q').count(), 0, 'no search to add people');
  await screenAt(page, '/sessions/' + counted.id + '/attendance');
  assert.ok(await page.locator('#hc-female-18_59').evaluate((el) => el.readOnly));
  await noHorizontalOverflow(page, 'attendance read only');
  assert.deepEqual(page.cspErrors, []);
});

test("facilitator: the demo group's newest session, as the demo recorded it", async () => {
  await ready();
  const view = (await attendanceOf(demoNewest.id)).body;
  const present = view.attendance.filter((e) => e.present).length;
  const absent = view.attendance.length - present;
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/activities/' + demoGroup.id + '/sessions/' + demoNewest.id);
  await page.getByRole('heading', { name: 'Edit the session', level: 1 }).waitFor();
  const summary = await manager('GET', '/sessions/' + demoNewest.id);
  await page.getByRole('link', { name: summary.body.attendance_summary ? `Attendance: ${present} present · ${absent} absent` : 'Take attendance' }).click();
  await page.waitForURL(base + '/sessions/' + demoNewest.id + '/attendance');
  await page.locator('.att-list > li').first().waitFor();
  assert.equal(await page.locator('.att-list > li').count(), view.attendance.length + view.roster.length);
  assert.equal(await page.locator('.att-list [aria-checked=true]').count(), present);
  assert.equal(await page.locator('.att-list [aria-checked=false]').count(), absent);
  assert.equal(await page.locator('.att-list [aria-checked=mixed]').count(), view.roster.length);
  await noHorizontalOverflow(page, 'demo attendance');
  await shot(page, 'attendance-demo-360-en');
  assert.deepEqual(page.cspErrors, []);
});

const screens = () => [
  ['/sessions/' + sessions[0].id + '/attendance', 'attendance-named'],
  ['/sessions/' + counted.id + '/attendance', 'attendance-headcount'],
  ['/activities/' + group.id, 'activity-with-attendance'],
  ['/sessions/' + demoNewest.id + '/attendance', 'attendance-demo'],
];

test('attendance screens at 360 px, English and Arabic (right to left)', async () => {
  await ready();
  assert.ok(counted, 'the headcount test ran first');
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator');
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
  // Arabic: translated, the list and the search, and a count refused in Arabic at its box.
  await screenAt(page, '/sessions/' + sessions[1].id + '/attendance');
  await page.getByRole('heading', { name: 'الحضور', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'تسجيل الجميع حاضرين' }).waitFor();
  await page.locator('#att-q').fill(walkIn.code);
  await page.getByRole('search').getByRole('button').click();
  await page.getByRole('button', { name: /^إضافة / }).click();
  await page.waitForFunction((id) => document.getElementById('att-' + id)?.getAttribute('aria-checked') === 'true', walkIn.id);
  await page.getByRole('button', { name: 'حفظ الحضور' }).click();
  await page.getByText(/^لم يُحدَّد: \d+\./).waitFor();
  await noHorizontalOverflow(page, 'ar attendance confirm');
  await shot(page, 'attendance-confirm-360-ar');
  await screenAt(page, '/sessions/' + counted.id + '/attendance');
  await page.locator('#hc-female-0_5').fill('20000');
  await page.getByRole('button', { name: 'حفظ الحضور' }).click();
  await page.locator('#hc-female-0_5-error').getByText('أدخل عدداً صحيحاً من 0 إلى 10000.').waitFor();
  await page.getByRole('group', { name: 'ذكر', exact: true }).getByText('60 فأكثر').waitFor();
  await noHorizontalOverflow(page, 'ar headcount with an error');
  await shot(page, 'attendance-headcount-error-360-ar');
  assert.deepEqual(page.cspErrors, []);
});

// axe-core is injected as a script, so this context alone bypasses the page's CSP.
test('accessibility: no WCAG 2 A/AA violations on the attendance screens, English and Arabic', async () => {
  await ready();
  assert.ok(counted, 'the headcount test ran first');
  const { ctx, page } = await newContext(PHONE, { bypassCSP: true });
  for (const lang of ['en', 'ar']) {
    await page.goto(base + '/signin');
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    await signIn(page, 'iom.facilitator');
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
    for (const [path] of screens()) {
      await screenAt(page, path);
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      await axeCheck(page, `${path} (${lang})`);
    }
    // The list with search results, a question before saving; the grid with a box at fault.
    await screenAt(page, '/sessions/' + sessions[1].id + '/attendance');
    await page.waitForLoadState('networkidle');
    await page.locator('#att-q').fill(walkIn.code);
    await page.getByRole('search').getByRole('button').click();
    await page.locator('.att-add .records li').first().waitFor();
    await page.locator('.att-bar .btn-primary').click();
    await page.locator('#att-confirm').waitFor();
    await axeCheck(page, `named attendance with results and a question (${lang})`);
    await screenAt(page, '/sessions/' + counted.id + '/attendance');
    await page.waitForLoadState('networkidle');
    await page.locator('#hc-male-6_11').fill('x');
    await page.locator('.att-bar .btn-primary').click();
    await page.locator('#hc-male-6_11-error').waitFor();
    await axeCheck(page, `headcount with an error (${lang})`);
    await ctx.clearCookies();
  }
});
