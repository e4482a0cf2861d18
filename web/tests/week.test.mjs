// Browser tests of a facilitator's week and of a person's activities on the person page, against
// the real `baton serve` and its demo data, on a 360 px phone. The demo's activities are all
// completed, so an ongoing weekly group naming the demo facilitator is planned here, with one
// session recorded; its week shows the Tuesday with that session, the next Tuesday with the way to
// record it, and the previous and next weeks move the range. A demo person named in the women's
// peer-support group's attendance has that group on their page, with how often they came. Arabic
// right to left, no overflow at 360 px, and axe-core's WCAG 2 A/AA rules on both screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const run = Math.random().toString(36).slice(2, 8);
const TITLE = `Evening peer-support circle ${run}`;
// A Monday to Sunday inside the activity's dates, with its Tuesdays.
const WEEK = { from: '2016-03-07', to: '2016-03-13' };
const HELD = '2016-03-08';
const NEXT_TUESDAY = '2016-03-15';

let planned; // the ongoing activity planned here
let held; // its session recorded on HELD
let person; // a demo person named in the demo group's attendance
let demoGroup; // the demo's women's peer-support group

let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  const manager = await apiSession('iom.manager');
  const programmes = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(programmes.status, 200);
  const programme = programmes.body.items[0];
  const users = await manager('GET', '/users?limit=200');
  const facilitator = users.body.items.find((u) => u.username === 'iom.facilitator');
  assert.ok(programme && facilitator, 'the demo data has a programme and its facilitator');

  const created = await manager('POST', '/activities', {
    programme_id: programme.id,
    site_id: programme.site_id,
    stream: 'peer_support',
    title: TITLE,
    start_date: '2016-02-01',
    end_date: '2016-06-30',
    status: 'ongoing',
    schedule: { frequency: 'weekly', weekdays: ['tue'] },
    facilitators: { user_ids: [facilitator.id] },
  });
  assert.equal(created.status, 201, 'POST /activities: ' + JSON.stringify(created.body));
  planned = created.body;
  const session = await manager('POST', '/activities/' + planned.id + '/sessions', { date: HELD, place: 'Block 3' });
  assert.equal(session.status, 201, 'POST session: ' + JSON.stringify(session.body));
  held = session.body;

  // The demo's peer-support group with named attendance, and a person it names.
  const groups = await manager('GET', '/activities?stream=peer_support&limit=200');
  assert.equal(groups.status, 200);
  for (const g of groups.body.items.filter((a) => a.id !== planned.id && a.attendance_mode !== 'headcount')) {
    const sessions = await manager('GET', '/activities/' + g.id + '/sessions?limit=500');
    for (const s of sessions.body.items || []) {
      const att = await manager('GET', '/sessions/' + s.id + '/attendance');
      const entry = (att.body?.attendance || []).find((e) => e.person_id);
      if (entry) {
        demoGroup = g;
        person = entry.person_id;
        break;
      }
    }
    if (person) break;
  }
  assert.ok(person, 'the demo group has named attendance');
}

test('facilitator: the week shows the planned group, its Tuesday and session, and moves by weeks', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator');
  // "My week" is in the navigation.
  await page.locator('header.top nav').getByRole('link', { name: 'My week' }).waitFor();
  await screenAt(page, '/activities/week?date=' + HELD);
  await page.getByRole('heading', { name: /My week/, level: 1 }).getByText(WEEK.from).waitFor();
  const item = page.locator('.week-activity', { hasText: TITLE });
  await item.getByRole('link', { name: TITLE }).waitFor();
  await item.getByText('Tuesday').first().waitFor();
  await item.getByText(HELD).waitFor();
  const attendance = item.getByRole('link', { name: /Attendance of the session/ });
  assert.equal(await attendance.getAttribute('href'), '/sessions/' + held.id + '/attendance');
  assert.equal(await page.locator('header.top nav a[aria-current=page]').textContent(), 'My week');
  await noHorizontalOverflow(page, 'my week');
  await shot(page, 'week-360-en');

  // The next week: its Tuesday has no session yet, with the way to record it.
  await page.getByRole('link', { name: 'Next week' }).click();
  await page.waitForURL(base + '/activities/week?date=2016-03-14');
  await page.getByRole('heading', { level: 1 }).getByText('2016-03-20').waitFor();
  await item.getByText(NEXT_TUESDAY).waitFor();
  const record = item.getByRole('link', { name: 'Record the session of Tuesday' });
  assert.equal(await record.getAttribute('href'), '/activities/' + planned.id);

  // Two weeks back: the week before the first one.
  await page.getByRole('link', { name: 'Previous week' }).click();
  await page.waitForURL(base + '/activities/week?date=2016-03-07');
  await page.getByRole('link', { name: 'Previous week' }).click();
  await page.waitForURL(base + '/activities/week?date=2016-02-29');
  await page.getByRole('heading', { level: 1 }).getByText('2016-02-29').waitFor();

  // Long before the activity: nothing planned.
  await screenAt(page, '/activities/week?date=2015-01-06');
  await page.getByText('Nothing planned for you this week').waitFor();
  assert.deepEqual(page.cspErrors, []);
});

test('manager: a demo person’s page lists the women’s group with how often they came', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await screenAt(page, '/persons/' + person);
  const section = page.locator('section[aria-labelledby=activity-title]');
  await section.getByRole('heading', { name: 'Activities', level: 2 }).waitFor();
  const row = section.getByRole('listitem').filter({ hasText: demoGroup.title });
  await row.getByRole('link').first().waitFor();
  assert.equal(await row.getByRole('link').first().getAttribute('href'), '/activities/' + demoGroup.id);
  assert.match(await row.locator('.record-secondary').first().textContent(), /^Peer-support group · /);
  const text = await row.textContent();
  const m = /present at (\d+) of (\d+) sessions/.exec(text);
  assert.ok(m, 'presence counts shown: ' + text);
  assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]), 'the counts make sense: ' + m[0]);
  await noHorizontalOverflow(page, 'person with activities');
  await shot(page, 'person-activities-360-en');
  assert.deepEqual(page.cspErrors, []);
});

const screens = () => [
  ['iom.facilitator', '/activities/week?date=' + HELD, 'week'],
  ['iom.manager', '/persons/' + person, 'person-activities'],
];

test('both screens at 360 px in English and Arabic (right to left), with no WCAG 2 A/AA violations', async () => {
  await ready();
  for (const [user, path, name] of screens()) {
    const { ctx, page } = await newContext(PHONE, { bypassCSP: true });
    for (const lang of ['en', 'ar']) {
      await page.goto(base + '/signin');
      await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
      if (lang === 'en') await signIn(page, user);
      await screenAt(page, path);
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      if (lang === 'ar' && name === 'week') await page.getByText('الأسبوع التالي').waitFor();
      if (lang === 'ar' && name === 'person-activities') await page.getByText(/حاضر في \d+ من \d+ جلسة/).first().waitFor();
      await noHorizontalOverflow(page, `${lang} ${path}`);
      await shot(page, `${name}-360-${lang}`);
      await axeCheck(page, `${path} (${lang})`);
    }
    await ctx.close();
  }
});
