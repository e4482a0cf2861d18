// Browser tests of the mediation register against the real `baton serve` and its demo data, on a
// 360 px phone: a counsellor opens a mediation between a registered person and a group (the empty
// form refused at its first box), records a session and an agreement, is refused closing as referred
// without saying to whom, closes it resolved and records that the agreement held; a facilitator who
// mediates a demo case sees it without what was agreed, and the M&E officer without names; a
// gender-based violence case says it is referred, not mediated. Every screen in English and Arabic
// (right to left) with no horizontal overflow at 360 px, and axe-core's WCAG 2 A/AA rules on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt, focusMovesTo } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const run = Math.random().toString(36).slice(2, 8);
const GROUP = `youth of block 3 (${run})`;
const SUMMARY = `Fights at the water point every morning (${run}).`;
const NOTES = `Both sides spoke; the elder asked for a rota (${run}).`;
const AGREED = `Block 3 draws water on odd days, block 4 on even days (${run}).`;

let manager; // the API as the demo manager
let programme;
let party; // a registered person of the programme
let agreed; // a demo mediation the facilitator mediates, with an agreement
let agreedText; // what was agreed in it, as the manager reads it
let gbv; // the demo's gender-based violence case
let created; // the mediation opened in the browser

let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  const programmes = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(programmes.status, 200);
  programme = programmes.body.items[0];
  const people = await manager('GET', '/persons?programme_id=' + programme.id + '&status=active&limit=100');
  const fullName = (p) => p.given_name + ' ' + p.family_name;
  party = people.body.items.find(
    (p, _, all) => p.given_name && p.family_name && p.code && all.filter((q) => fullName(q) === fullName(p)).length === 1,
  );
  assert.ok(party, 'a person of the programme');

  const closed = await manager('GET', '/mediations?limit=200&status=closed&programme_id=' + programme.id);
  assert.equal(closed.status, 200);
  for (const m of closed.body.items) {
    if (m.dispute_type === 'gender_based') gbv ||= m;
    if (agreed || m.outcome !== 'resolved') continue;
    const list = await manager('GET', '/mediations/' + m.id + '/agreements');
    if (list.body.items.length === 1 && list.body.items[0].text && list.body.items[0].held) {
      agreed = m;
      agreedText = list.body.items[0].text;
    }
  }
  assert.ok(agreed, 'the demo has a resolved mediation with an agreement followed up');
  assert.ok(gbv, 'the demo has a gender-based violence case');
}

const nameOf = (p) => p.given_name + ' ' + p.family_name;

test('counsellor: opens a mediation, records a session and an agreement, closes it and records that it held', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.counsellor');
  await page.locator('header.top nav').getByRole('link', { name: 'Mediation' }).click();
  await page.getByRole('heading', { name: 'Mediation register', level: 1 }).waitFor();
  await page.getByText('The mediations you mediate, newest first.').waitFor();
  await page.locator('ul.records > li').first().waitFor();
  await noHorizontalOverflow(page, 'register');

  // The empty form: refused, focus on the first box at fault.
  await page.getByRole('link', { name: 'Open a mediation' }).click();
  await page.getByRole('heading', { name: 'Open a mediation', level: 1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  const mediators = page.locator('fieldset#f-mediators');
  await mediators.getByText('IOM counsellor').waitFor();
  assert.equal(await mediators.getByRole('button', { name: 'Remove IOM counsellor' }).count(), 0, 'a counsellor mediates what they open');
  await page.getByRole('button', { name: 'Open the mediation' }).click();
  await page.locator('#f-dispute_type-error').waitFor();
  await focusMovesTo(page, 'f-dispute_type', 'focus goes to the first box at fault');
  await page.locator('fieldset#f-parties .field-error').waitFor();

  // The dispute, its parties (a person from the registry and a group), what it is about.
  await page.locator('#f-dispute_type').selectOption('resource');
  await page.getByLabel('Find a registered person of the programme, by name or code').fill(party.code);
  await page.locator('fieldset#f-parties').getByRole('search').getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: `Add ${nameOf(party)} as a party` }).click();
  await page.locator('#party-group').fill(GROUP);
  await page.getByRole('button', { name: 'Add the group' }).click();
  const parties = page.getByRole('list', { name: 'Parties' });
  await parties.getByText(nameOf(party)).waitFor();
  await parties.getByText(GROUP).waitFor();
  await page.locator('#f-summary').fill(SUMMARY);
  await noHorizontalOverflow(page, 'the form');
  await shot(page, 'mediation-new-360-en');
  await page.getByRole('button', { name: 'Open the mediation' }).click();
  await page.getByRole('heading', { name: 'Resources (water, firewood, rations)', level: 1 }).waitFor();
  await page.getByRole('status').getByText('The mediation is open.').waitFor();
  created = page.url().split('/').pop();
  let stored = (await manager('GET', '/mediations/' + created)).body;
  assert.deepEqual(
    stored.parties.map((p) => p.person_id || p.description),
    [party.id, GROUP],
  );
  assert.equal(stored.summary, SUMMARY);
  await page.getByText(SUMMARY).waitFor();

  // A session, then the agreement reached.
  await page.getByText('Record a session').click();
  await page.locator('#f-ms-kind').selectOption('joint');
  await page.locator('#f-ms-duration_minutes').fill('90');
  await page.locator('#f-ms-notes').fill(NOTES);
  await page.getByRole('button', { name: 'Save the session' }).click();
  await page.getByRole('heading', { name: 'Sessions (1)' }).waitFor();
  await page.getByText(NOTES).waitFor();
  await page.getByText('Record an agreement').click();
  await page.locator('#f-ag-text').fill(AGREED);
  await page.getByRole('button', { name: 'Save the agreement' }).click();
  await page.getByRole('heading', { name: 'Agreements (1)' }).waitFor();
  await page.getByText(AGREED).waitFor();

  // Closing as referred says to whom; closed resolved with a follow-up date.
  await page.getByRole('button', { name: 'Close with an outcome' }).click();
  await page.locator('#f-move-outcome').selectOption('referred');
  await page.locator('#f-move-referral_note').waitFor();
  await page.getByRole('button', { name: 'Close the mediation' }).click();
  await page.locator('#f-move-referral_note-error').waitFor();
  await focusMovesTo(page, 'f-move-referral_note', 'focus goes to the referral note');
  await noHorizontalOverflow(page, 'closing refused');
  await shot(page, 'mediation-close-refused-360-en');
  await page.locator('#f-move-outcome').selectOption('resolved');
  await page.locator('#f-move-follow_up_on').fill('2030-01-15');
  await page.getByRole('button', { name: 'Close the mediation' }).click();
  await page.getByRole('status').getByText('The mediation is closed.').waitFor();
  await page.locator('h1 .subtitle').getByText('Resolved').waitFor();
  stored = (await manager('GET', '/mediations/' + created)).body;
  assert.deepEqual([stored.status, stored.outcome, stored.follow_up_on], ['closed', 'resolved', '2030-01-15']);

  // Whether the agreement held, at follow-up.
  await page.getByRole('button', { name: 'Record the follow-up' }).click();
  const followUp = page.getByRole('form', { name: /^Follow-up of the agreement of / });
  await followUp.getByLabel('Did it hold?').selectOption('held');
  await followUp.getByRole('button', { name: 'Save the follow-up' }).click();
  await page.getByText(/^Held \(followed up on /).waitFor();
  const agreements = (await manager('GET', '/mediations/' + created + '/agreements')).body.items;
  assert.deepEqual([agreements[0].text, agreements[0].held], [AGREED, 'held']);
  await noHorizontalOverflow(page, 'the mediation');
  await shot(page, 'mediation-360-en');
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: sees a demo mediation they mediate without what was agreed; the M&E officer without names', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator');
  await screenAt(page, '/mediations/' + agreed.id);
  await page.getByText('What was agreed is shown only to managers, supervisors and counsellors who mediate', { exact: false }).waitFor();
  await page.getByRole('heading', { name: 'Agreements (1)' }).waitFor();
  await page.getByText(/^Held|^Partly held|^Did not hold/).first().waitFor();
  const shown = await page.locator('main').innerText();
  assert.ok(!shown.includes(agreedText), 'the facilitator does not see what was agreed');
  // They record: a follow-up can be noted, an agreement added.
  assert.equal(await page.getByRole('button', { name: 'Record the follow-up' }).count(), 1);
  const adding = page.locator('details.add-record', { hasText: 'Record an agreement' });
  await adding.getByText('Record an agreement').click();
  await adding.getByText('What you write here is kept sealed', { exact: false }).waitFor();
  await noHorizontalOverflow(page, 'facilitator');
  await shot(page, 'mediation-facilitator-360-en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(base + '/signin');

  // The M&E officer: the parties without names, no group descriptions, nothing to change.
  await signIn(page, 'iom.me_officer');
  await screenAt(page, '/mediations/' + created);
  const parties = page.locator('section[aria-labelledby=parties-title]');
  await parties.getByText('A group').waitFor();
  const text = await page.locator('main').innerText();
  for (const hidden of [nameOf(party), GROUP, SUMMARY, AGREED, NOTES]) assert.ok(!text.includes(hidden), `the M&E officer sees ${hidden}`);
  assert.ok(text.includes(party.code), 'the person by code');
  assert.equal(await page.getByRole('link', { name: 'Change the mediation' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Reopen' }).count(), 0);
  assert.deepEqual(page.cspErrors, []);
});

test('manager: a gender-based violence case says it is referred, not mediated', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager');
  await screenAt(page, '/mediations/' + gbv.id);
  await page.getByText('This is not mediated.').waitFor();
  await page.getByText('refer them to GBV case management', { exact: false }).first().waitFor();
  await page.locator('h1 .subtitle').getByText('Referred').waitFor();
  assert.equal(await page.getByText('Record a session').count(), 0, 'no sessions for a case that is not mediated');
  // The form says it before anything is opened.
  await screenAt(page, '/mediations/new');
  await page.locator('#f-dispute_type').selectOption('gender_based');
  await page.getByText('This is not mediated.').waitFor();
  assert.deepEqual(page.cspErrors, []);
});

const screens = () => [
  ['/mediations', 'mediations', 'سجل الوساطة'],
  ['/mediations?status=closed&dispute_type=family', 'mediations-filtered', 'حُلّت'],
  ['/mediations/' + agreed.id, 'mediation', 'الاتفاقات (1)'],
  ['/mediations/' + gbv.id, 'mediation-gbv', 'هذا لا يُتوسط فيه.'],
  ['/mediations/new', 'mediation-form', 'موضوع النزاع'],
];

// axe-core is injected as a script, so this context bypasses the page's CSP.
test('every mediation screen at 360 px in English and Arabic (right to left), with no WCAG 2 A/AA violations', async () => {
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
      await shot(page, `${name}-360-${lang}`);
      await noHorizontalOverflow(page, `${lang} ${path}`);
      await axeCheck(page, `${path} (${lang})`);
    }
    // The page's forms opened, and the new form with its errors.
    await screenAt(page, '/mediations/' + agreed.id);
    await page.waitForLoadState('networkidle');
    await page.locator('details.add-record summary').first().click();
    await page.locator('details.add-record summary').last().click();
    await page.getByRole('button', { name: lang === 'ar' ? 'إعادة الفتح' : 'Reopen' }).click();
    await noHorizontalOverflow(page, `${lang} the page's forms`);
    await shot(page, `mediation-forms-360-${lang}`);
    await axeCheck(page, `the page's forms (${lang})`);
    await screenAt(page, '/mediations/new');
    await page.waitForLoadState('networkidle');
    await page.locator('#mediation-form button[type=submit]').click();
    await page.locator('#f-dispute_type-error').waitFor();
    await noHorizontalOverflow(page, `${lang} the form with errors`);
    await axeCheck(page, `the form with errors (${lang})`);
  }
});
