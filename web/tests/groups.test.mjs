// Browser tests of group work against the real `baton serve` and its demo data, on a 360 px phone,
// as the demo manager: a registered person added to the demo women's peer-support group and seen
// listed, a date outside the group's refused at its box, then the person marked as left; a
// participant added to the demo psychological first aid training, a post-test score above the
// training's maximum refused at its box, the scores corrected in place; the certificate of a
// participant who completed (its text, its number as the API keeps it, and the print view without
// the app around it), and the refusal for one who did not; the demo's Umbrella cooperative in the
// list and its page with its 12 members, a cooperative recorded from the bakery cohort with its
// graduates and then dissolved (the missing date refused at its box); the programme calendar of
// March 2016 and the next month. Every new screen in English and Arabic (right to left) with no
// horizontal overflow at 360 px, and axe-core's WCAG 2 A/AA rules on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt, focusMovesTo } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const run = Math.random().toString(36).slice(2, 8);
const TRAINEE = `Achan Deng ${run}`;
const COOP = `Bakery graduates' cooperative ${run}`;
const JOINED = '2016-05-03';
const LEFT = '2016-06-14';
// The demo's dates in sentences are kept on one line with non-breaking hyphens.
const dated = (d) => '\u2066?' + d.replace(/-/g, '[-\u2011]') + '\u2069?';

let manager; // the API as the demo manager
let programme;
let group; // the demo's women's peer-support group
let training; // the demo's psychological first aid training
let bakery; // the demo's bakery cohort
let umbrella; // the demo's Umbrella cooperative
let joiner; // a registered person of the programme who is not in the group
let completed; // a participant of the training who completed it
let notMet; // one who did not
let created; // the cooperative recorded in the browser

let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  const programmes = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(programmes.status, 200);
  programme = programmes.body.items[0];
  const activities = await manager('GET', '/activities?limit=200&programme_id=' + programme.id);
  assert.equal(activities.status, 200);
  const byTitle = (title) => activities.body.items.find((a) => a.title === title);
  group = byTitle("Women's peer-support group, block 3");
  training = byTitle('Psychological first aid for humanitarian staff');
  bakery = byTitle("Women's bakery training, 2016 cohort");
  assert.ok(group && training && bakery, 'the demo data has the group, the training and the bakery cohort');

  const members = await manager('GET', '/activities/' + group.id + '/members');
  assert.equal(members.status, 200);
  const inGroup = new Set(members.body.items.map((m) => m.person_id));
  const people = await manager('GET', '/persons?programme_id=' + programme.id + '&status=active&limit=100');
  const fullName = (p) => p.given_name + ' ' + p.family_name;
  joiner = people.body.items.find(
    (p, _, all) => p.given_name && p.family_name && p.code && !inGroup.has(p.id) && all.filter((q) => fullName(q) === fullName(p)).length === 1,
  );
  assert.ok(joiner, 'a person of the programme outside the group');

  const participants = await manager('GET', '/activities/' + training.id + '/participants');
  assert.equal(participants.status, 200);
  completed = participants.body.items.find((p) => p.completion.status === 'completed');
  notMet = participants.body.items.find((p) => p.completion.status === 'not_met');
  assert.ok(completed && notMet, 'the demo training has participants who completed it and one who did not');

  const coops = await manager('GET', '/cooperatives?programme_id=' + programme.id);
  umbrella = coops.body.items.find((c) => c.name.startsWith('Umbrella'));
  assert.ok(umbrella, 'the demo has the Umbrella cooperative');
}

const nameOf = (p) => p.given_name + ' ' + p.family_name;

test('manager: adds a person to the demo peer-support group, is refused a date outside it, marks them left', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await screenAt(page, '/activities/' + group.id);
  const section = page.locator('section[aria-labelledby=members-title]');
  await section.getByRole('heading', { name: 'Members', level: 2 }).waitFor();
  await section.getByText('13 now, 14 since the start.').waitFor();
  const rows = section.locator('ul.members > li');
  assert.equal(await rows.count(), 14, 'the demo group has had 14 members');
  await rows.filter({ hasText: 'moved to another block' }).getByText(/^Left · /).waitFor();

  // A date after the group ended: the server's rule, at the date's box.
  await page.locator('#member-joined_on').fill('2018-01-09');
  await page.getByLabel('Find a registered person of the programme to add, by name or code').fill(joiner.code);
  await section.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await section.getByRole('list', { name: 'People found' }).getByText(joiner.code).waitFor();
  await section.getByRole('button', { name: `Add ${nameOf(joiner)} as a member` }).click();
  const dateError = page.locator('#member-joined_on-error');
  await dateError.waitFor();
  assert.match(await dateError.textContent(), new RegExp(`^The date must lie within the activity's dates, .*${dated(group.start_date)}.* to .*${dated(group.end_date)}`));
  assert.equal(await page.locator('#member-joined_on').getAttribute('aria-invalid'), 'true');
  await section.getByRole('alert').getByText(`${nameOf(joiner)} was not added: correct the date.`).waitFor();
  await noHorizontalOverflow(page, 'members with a refused date');
  await shot(page, 'members-refused-360-en');

  // The right date: added, listed, and stored.
  await page.locator('#member-joined_on').fill(JOINED);
  await section.getByRole('button', { name: `Add ${nameOf(joiner)} as a member` }).click();
  await section.getByRole('status').getByText(new RegExp(`^${nameOf(joiner)} is a member from ${dated(JOINED)}\\.$`)).waitFor();
  const row = rows.filter({ hasText: nameOf(joiner) });
  await row.waitFor();
  assert.match(await row.locator('.record-secondary').textContent(), new RegExp(`^Member · from ${JOINED}$`));
  await section.getByText('14 now, 15 since the start.').waitFor();
  assert.equal(await dateError.count(), 0, 'the date error is gone');
  let stored = (await manager('GET', '/activities/' + group.id + '/members')).body.items.find((m) => m.person_id === joiner.id);
  assert.deepEqual([stored.status, stored.joined_on, stored.left_on], ['member', JOINED, undefined]);
  await noHorizontalOverflow(page, 'members after adding');

  // Marked as left, with the day and a reason.
  await row.getByRole('button', { name: `Mark as left: ${nameOf(joiner)}` }).click();
  const end = row.getByRole('form', { name: `How and when ${nameOf(joiner)} ended` });
  await end.getByLabel('Left on').fill(LEFT);
  await end.getByLabel('Reason').fill('moved to Juba');
  await noHorizontalOverflow(page, 'marking a member as left');
  await shot(page, 'members-leave-360-en');
  await end.getByRole('button', { name: 'Save' }).click();
  await section.getByRole('status').getByText(new RegExp(`^${nameOf(joiner)}: Left on ${dated(LEFT)}\\.$`)).waitFor();
  // The list is read again after the message: wait for the row to show it.
  await row.locator('.record-secondary').filter({ hasText: 'Left · ' }).waitFor();
  assert.equal(await row.locator('.record-secondary').textContent(), `Left · ${JOINED} – ${LEFT} · moved to Juba`);
  assert.equal(await row.getByRole('button', { name: `Mark as left: ${nameOf(joiner)}` }).count(), 0, 'no longer a member to mark');
  await section.getByText('13 now, 15 since the start.').waitFor();
  stored = (await manager('GET', '/activities/' + group.id + '/members')).body.items.find((m) => m.person_id === joiner.id);
  assert.deepEqual([stored.status, stored.joined_on, stored.left_on, stored.leave_reason], ['left', JOINED, LEFT, 'moved to Juba']);

  // Reach: the three counts apart, with the sex and age table of the people reached.
  const reach = (await manager('GET', '/activities/' + group.id + '/reach')).body;
  const counts = page.locator('section[aria-labelledby=reach-title]');
  await counts.getByText('These three are never added together', { exact: false }).waitFor();
  assert.equal(await counts.locator('#reach-people_reached dd').textContent(), String(reach.people_reached.total));
  assert.equal(await counts.locator('#reach-service_contacts dd').textContent(), String(reach.service_contacts.total));
  assert.equal(await counts.locator('#reach-headcount_participants dd').textContent(), '0');
  const table = counts.locator('#reach-table-people_reached');
  assert.equal(await table.locator('tbody tr', { hasText: '18–59' }).locator('td').first().textContent(), String(reach.people_reached.cells.female['18_59']));
  assert.equal(await table.locator('tfoot td').last().textContent(), String(reach.people_reached.total));
  assert.equal(await counts.locator('#reach-table-headcount_participants').count(), 0, 'no headcount table for a group counted by name');
  assert.deepEqual(page.cspErrors, []);
});

test('manager: adds a training participant, a post-test score above the maximum refused at its box, corrects a score', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await screenAt(page, '/activities/' + training.id);
  const section = page.locator('section[aria-labelledby=participants-title]');
  await section.getByText('Tests are scored out of 100; completing takes 80% of the sessions. Sessions held: 5.').waitFor();
  const cards = section.locator('ul.cards > li');
  const before = await cards.count();
  assert.ok(before >= 18, 'the demo training has its 18 participants');
  const done = cards.filter({ hasText: completed.name });
  await done.getByText('Completed', { exact: true }).waitFor();
  await done.getByText(`before ${completed.pre_score}, after ${completed.post_score} (out of 100)`).waitFor();
  await done.getByText(`${completed.attended} of 5 sessions (${completed.completion.percent}%)`).waitFor();
  await cards.filter({ hasText: notMet.name }).getByText('Did not complete').waitFor();
  assert.equal(await cards.filter({ hasText: notMet.name }).getByRole('link', { name: /^Certificate/ }).count(), 0, 'no certificate for one who did not complete');

  await section.getByRole('button', { name: 'Add a participant' }).click();
  const form = section.getByRole('form', { name: 'Add a participant' });
  await form.getByLabel('Name').fill(TRAINEE);
  await form.getByLabel('Agency').fill('Bor State Hospital');
  await form.getByLabel('Role').fill('nurse');
  await form.getByLabel('Sex').selectOption('female');
  await form.getByLabel('Score before the training').fill('40');
  await form.getByLabel('Score after the training').fill('150');
  await form.getByRole('button', { name: 'Add the participant' }).click();
  const error = page.locator('#pa-post_score-error');
  await error.getByText("Enter a score from 0 to 100, the training's maximum score.").waitFor();
  assert.equal(await page.locator('#pa-post_score').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#pa-post_score').getAttribute('aria-describedby'), /pa-post_score-error/);
  await focusMovesTo(page, 'pa-post_score', 'focus goes to the box at fault');
  assert.equal(await page.locator('#pa-pre_score').getAttribute('aria-invalid'), null, 'the other score is fine');
  await noHorizontalOverflow(page, 'participant form with an error');
  await shot(page, 'participants-error-360-en');

  await form.getByLabel('Score after the training').fill('75');
  await form.getByRole('button', { name: 'Add the participant' }).click();
  await section.getByRole('status').getByText(`${TRAINEE} added to the training.`).waitFor();
  await cards.nth(before).waitFor();
  const mine = cards.filter({ hasText: TRAINEE });
  await mine.getByText('Bor State Hospital · nurse · Female').waitFor();
  await mine.getByText('before 40, after 75 (out of 100)').waitFor();
  assert.equal(await mine.locator('dd', { hasText: /^\+/ }).textContent(), '+35');
  // The training is over and they attended none of its sessions.
  await mine.getByText('Did not complete').waitFor();
  const stored = (await manager('GET', '/activities/' + training.id + '/participants')).body.items.find((p) => p.name === TRAINEE);
  assert.deepEqual([stored.agency, stored.role, stored.sex, stored.pre_score, stored.post_score], ['Bor State Hospital', 'nurse', 'female', 40, 75]);

  // The pre-test score corrected in place.
  await mine.getByRole('button', { name: `Edit scores of ${TRAINEE}` }).click();
  const edit = mine.getByRole('form', { name: `Edit the scores of ${TRAINEE}` });
  await edit.getByLabel('Score before the training').fill('45');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await mine.getByText('before 45, after 75 (out of 100)').waitFor();
  assert.equal(await mine.locator('dd', { hasText: /^\+/ }).textContent(), '+30');
  const again = (await manager('GET', '/activities/' + training.id + '/participants')).body.items.find((p) => p.name === TRAINEE);
  assert.equal(again.pre_score, 45);
  await noHorizontalOverflow(page, 'participants');
  await shot(page, 'participants-360-en');
  assert.deepEqual(page.cspErrors, []);
});

test('manager: the certificate of a participant who completed, printable; one who did not is told why', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await screenAt(page, '/activities/' + training.id);
  await page.getByRole('link', { name: `Certificate of ${completed.name}` }).click();
  await page.waitForURL(base + '/participants/' + completed.id + '/certificate?activity=' + training.id);
  const cert = page.locator('article.certificate');
  await cert.getByRole('heading', { name: 'Certificate of completion' }).waitFor();
  const api = await manager('GET', '/participants/' + completed.id + '/certificate');
  assert.equal(api.status, 200);
  assert.match(api.body.number, /^[A-Z0-9]+-\d{4}-\d{4,}$/);
  const text = (await cert.innerText()).replace(/\s+/g, ' ');
  for (const part of [
    'This certifies that',
    completed.name,
    `${completed.role}, ${completed.agency}`,
    'has completed the training',
    'Psychological first aid for humanitarian staff',
    `${training.start_date} – ${training.end_date}`,
    'Topics: psychological first aid, self-care for helpers, referral',
    `Attended ${completed.attended} of 5 sessions.`,
    `Certificate number ${api.body.number}`,
    `Issued on ${api.body.issued_on}`,
    programme.name,
  ]) {
    assert.ok(text.includes(part), `the certificate says "${part}": ${text}`);
  }
  await noHorizontalOverflow(page, 'certificate');
  await shot(page, 'certificate-360-en');

  // Printed: the certificate alone, without the app's header, the way back or the print button.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no app header on paper');
  assert.equal(await page.getByRole('button', { name: 'Print the certificate' }).isVisible(), false);
  assert.equal(await page.getByRole('link', { name: 'Back to the activity' }).isVisible(), false);
  assert.ok(await cert.isVisible());
  await page.emulateMedia({ media: 'screen' });
  // Opened again, the same number.
  await screenAt(page, '/participants/' + completed.id + '/certificate');
  await cert.getByText(api.body.number).waitFor();

  await screenAt(page, '/participants/' + notMet.id + '/certificate');
  await page
    .getByRole('alert')
    .getByText(`No certificate: this participant has not completed the training. They attended ${notMet.attended} of 5 sessions; 80% are needed.`)
    .waitFor();
  assert.equal(await page.locator('article.certificate').count(), 0);
  await noHorizontalOverflow(page, 'certificate refused');
  assert.deepEqual(page.cspErrors, []);
});

test('manager: the Umbrella cooperative and its 12 members; a cooperative recorded from the bakery cohort, then dissolved', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await screenAt(page, '/activities');
  await page.getByRole('link', { name: 'Cooperatives', exact: true }).click();
  await page.getByRole('heading', { name: 'Cooperatives', level: 1 }).waitFor();
  const item = page.getByRole('list', { name: 'Cooperatives found' }).getByRole('listitem').filter({ hasText: "Umbrella women's bakery cooperative" });
  await item.getByText('12 members · from 2016-09-01').waitFor();
  await item.getByText('Cooperative · bakery: bread and mandazi for the site\'s market').waitFor();
  await item.getByText('Active').waitFor();
  assert.equal(await page.locator('header.top nav a[aria-current=page]').textContent(), 'Activities');
  await noHorizontalOverflow(page, 'cooperatives');
  await shot(page, 'cooperatives-360-en');

  await item.getByRole('link').click();
  await page.waitForURL(base + '/cooperatives/' + umbrella.id);
  await page.getByRole('heading', { name: "Umbrella women's bakery cooperative", level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Members (12)' }).waitFor();
  const members = page.getByRole('list', { name: 'Members of the cooperative' }).getByRole('listitem');
  assert.equal(await members.count(), 12);
  const full = (await manager('GET', '/cooperatives/' + umbrella.id)).body;
  const chair = full.members.find((m) => m.role === 'chair');
  await members.filter({ hasText: nameOf(chair.person) }).getByText('chair').waitFor();
  await members.filter({ hasText: 'treasurer' }).first().waitFor();
  const facts = page.locator('dl.facts');
  await facts.getByRole('link', { name: bakery.title }).waitFor();
  await facts.getByText('2016-09-01').waitFor();
  await page.getByText('Started with the oven from the training', { exact: false }).waitFor();
  await noHorizontalOverflow(page, 'cooperative');
  await shot(page, 'cooperative-360-en');

  // From the bakery cohort's page: the cohort's cooperatives, and the way to record one.
  await screenAt(page, '/activities/' + bakery.id);
  const cohort = page.locator('section[aria-labelledby=members-title]');
  await cohort.getByRole('heading', { name: 'Enrolled in the cohort' }).waitFor();
  await cohort.getByRole('link', { name: /Umbrella women's bakery cooperative/ }).waitFor();
  const graduates = (await manager('GET', '/activities/' + bakery.id + '/members')).body.items.filter((m) => m.status === 'completed');
  await cohort.getByRole('link', { name: 'Record a cooperative formed from this cohort' }).click();
  await page.getByRole('heading', { name: 'Record a cooperative', level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  assert.equal(await page.getByLabel('Formed from the cohort').inputValue(), bakery.id);
  await page.locator('#f-name').fill(COOP);
  await page.getByLabel('What it does').fill('tailoring and bread');
  await page.getByLabel('Started on').fill('2016-10-01');
  await page.getByRole('button', { name: 'Add everyone who completed the cohort' }).click();
  await page.getByText(`Graduates added: ${graduates.length}.`).waitFor();
  await page.getByRole('heading', { name: `Members (${graduates.length})` }).waitFor();
  await page.locator('#f-members-0-role').fill('chair');
  await noHorizontalOverflow(page, 'cooperative form');
  await shot(page, 'cooperative-form-360-en');
  await page.getByRole('button', { name: 'Record the cooperative' }).click();
  await page.getByRole('status').getByText(`Cooperative recorded: ${COOP}.`).waitFor();
  created = { id: page.url().split('/').pop() };
  await page.getByRole('heading', { name: `Members (${graduates.length})` }).waitFor();
  const stored = (await manager('GET', '/cooperatives/' + created.id)).body;
  assert.equal(stored.formed_from, bakery.id);
  assert.equal(stored.members.length, graduates.length);
  assert.equal(stored.members[0].role, 'chair');

  // Dissolved without its date: refused at the date's box; with it, saved.
  await page.getByRole('link', { name: 'Edit the cooperative' }).click();
  await page.getByRole('heading', { name: 'Edit the cooperative', level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await page.getByLabel('Status').selectOption('dissolved');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('#f-dissolved_on-error').getByText('Give the day the cooperative was dissolved.').waitFor();
  assert.equal(await page.locator('#f-dissolved_on').getAttribute('aria-invalid'), 'true');
  await noHorizontalOverflow(page, 'cooperative form with an error');
  await page.getByLabel('Dissolved on').fill('2017-01-31');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Changes to the cooperative saved.').waitFor();
  await page.locator('dl.facts').getByText('2017-01-31').waitFor();
  assert.equal((await manager('GET', '/cooperatives/' + created.id)).body.status, 'dissolved');
  assert.deepEqual(page.cspErrors, []);
});

test("the programme calendar: March 2016's sessions day by day, and the next month", async () => {
  await ready();
  const month = async (from, to) => {
    const res = await manager('GET', `/sessions?programme_id=${programme.id}&from=${from}&to=${to}&limit=500`);
    assert.equal(res.status, 200);
    return res.body.items;
  };
  const march = await month('2016-03-01', '2016-03-31');
  const april = await month('2016-04-01', '2016-04-30');
  assert.ok(march.length > 0 && april.length > 0, 'the demo has sessions in both months');
  const days = (list) => new Set(list.map((s) => s.date)).size;

  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator');
  await screenAt(page, '/activities');
  await page.getByRole('link', { name: 'Calendar', exact: true }).click();
  await page.getByRole('heading', { name: /^Calendar/, level: 1 }).waitFor();
  await screenAt(page, '/activities/calendar?month=2016-03');
  await page.getByRole('heading', { level: 1 }).getByText('March 2016').waitFor();
  await page.getByText(`${march.length} sessions on ${days(march)} days.`).waitFor();
  const list = page.getByRole('list', { name: 'Sessions of March 2016, day by day' });
  assert.equal(await list.locator('.cal-day').count(), days(march));
  assert.equal(await list.locator('.cal-sessions > li').count(), march.length);
  // Each session leads to its attendance: the bakery cohort's first session of the month.
  const first = march.find((s) => s.activity_id === bakery.id);
  const day = list.locator('.cal-day', { has: page.getByRole('heading', { name: new RegExp(first.date) }) });
  const link = day.getByRole('link', { name: new RegExp(bakery.title) });
  assert.equal(await link.getAttribute('href'), '/sessions/' + first.id + '/attendance');
  await day.getByRole('heading', { name: `Monday ${first.date}` }).waitFor();
  await noHorizontalOverflow(page, 'calendar');
  await shot(page, 'calendar-360-en');

  await page.getByRole('link', { name: 'Next month' }).click();
  await page.waitForURL(base + '/activities/calendar?month=2016-04');
  await page.getByRole('heading', { level: 1 }).getByText('April 2016').waitFor();
  await page.getByText(`${april.length} sessions on ${days(april)} days.`).waitFor();
  const next = page.getByRole('list', { name: 'Sessions of April 2016, day by day' });
  assert.equal(await next.locator('.cal-sessions > li').count(), april.length);
  const hrefs = await next.locator('.cal-sessions a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(!hrefs.includes('/sessions/' + first.id + '/attendance'), "March's sessions are gone");
  assert.ok(hrefs.includes('/sessions/' + april[0].id + '/attendance') || april[0].activity_id === training.id);
  await page.getByRole('link', { name: 'Previous month' }).click();
  await page.waitForURL(base + '/activities/calendar?month=2016-03');
  await page.getByText(`${march.length} sessions on ${days(march)} days.`).waitFor();
  assert.deepEqual(page.cspErrors, []);
});

const screens = () => [
  ['/activities/' + group.id, 'members', 'الأعضاء'],
  ['/activities/' + training.id, 'participants', 'المشاركون'],
  ['/participants/' + completed.id + '/certificate?activity=' + training.id, 'certificate', 'شهادة إتمام'],
  ['/participants/' + notMet.id + '/certificate', 'certificate-refused', 'لم يُتمّ هذا المشارك التدريب'],
  ['/cooperatives', 'cooperatives', 'التعاونيات'],
  ['/cooperatives/' + umbrella.id, 'cooperative', 'الأعضاء (12)'],
  ['/cooperatives/new?from=' + bakery.id, 'cooperative-new', 'إضافة كل من أتمّ الدفعة'],
  ['/activities/calendar?month=2016-03', 'calendar', 'الشهر التالي'],
];

// axe-core is injected as a script, so this context bypasses the page's CSP.
test('every new screen at 360 px in English and Arabic (right to left), with no WCAG 2 A/AA violations', async () => {
  await ready();
  const { page } = await newContext(PHONE, { bypassCSP: true });
  for (const lang of ['en', 'ar']) {
    await page.goto(base + '/signin');
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    if (lang === 'en') await signIn(page, 'iom.manager');
    for (const [path, name, arabic] of screens()) {
      await screenAt(page, path);
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr', path);
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      if (lang === 'ar') await page.locator('main').getByText(arabic).first().waitFor();
      await noHorizontalOverflow(page, `${lang} ${path}`);
      await shot(page, `${name}-360-${lang}`);
      await axeCheck(page, `${path} (${lang})`);
    }
    // The forms opened, and with an error at a box.
    await screenAt(page, '/activities/' + training.id);
    await page.waitForLoadState('networkidle');
    await page.locator('section[aria-labelledby=participants-title] .btn-primary').click();
    await page.locator('#pa-name').fill('x');
    await page.locator('#pa-agency').fill('y');
    await page.locator('#pa-sex').selectOption('male');
    await page.locator('#pa-post_score').fill('500');
    await page.locator('.participant-add button[type=submit]').click();
    await page.locator('#pa-post_score-error').waitFor();
    if (lang === 'ar') await page.locator('#pa-post_score-error').getByText('أدخل درجة من 0 إلى 100، وهي الدرجة القصوى للتدريب.').waitFor();
    await page.locator('.cards > li .btn', { hasText: lang === 'ar' ? 'تعديل الدرجات' : 'Edit scores' }).first().click();
    await noHorizontalOverflow(page, `${lang} participant forms`);
    await axeCheck(page, `participant forms with an error (${lang})`);
    await screenAt(page, '/activities/' + group.id);
    await page.waitForLoadState('networkidle');
    await page.locator('ul.members > li .btn').first().click();
    await page.locator('#member-q').fill(joiner.code);
    await page.locator('section[aria-labelledby=members-title] form[role=search] button').click();
    await page.locator('section[aria-labelledby=members-title] .records').last().getByText(joiner.code).waitFor();
    await noHorizontalOverflow(page, `${lang} member forms`);
    await shot(page, `members-forms-360-${lang}`);
    await axeCheck(page, `member forms and search results (${lang})`);
  }
});
