// Browser tests of the referral screens against the real `baton serve` and its demo data, on a
// 360 px phone. Two people are registered here over the API, one who consented to referral today
// and one who did not. As iom.counsellor: a referral of the first to the demo directory's hospital
// unit made through the form (person found by code, service, urgency, reason), seen on the board in
// the "Made" column (and not under another urgency), accepted and completed on its page, feedback
// recorded, and its slip opened (the person named, the reason, the service; printing leaves the slip
// alone), then listed on the person's page, which offers to refer them again; the second refused
// for want of consent, with the server's words at the person and the explanation that consent is
// recorded on the person's page, with the way there, and nothing stored. The M&E officer reads the referral without its reason. Every screen in English and
// Arabic (right to left) with no horizontal overflow at 360 px, and axe-core's WCAG 2 A/AA rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt, focusMovesTo } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
// Letters only: names hold no digits.
const run = Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)]).join('');
const REASON = `Low mood and poor sleep since the floods ${run}`;
const FEEDBACK = `Seen by the clinician twice ${run}`;

let manager; // the API as the demo manager
let counsellor; // the API as the demo counsellor
let consenting; // a person of the programme who consented to referral today
let refusing; // one who did not
let hospital; // the demo directory's hospital mental health unit
let referral; // the referral made in the browser

const today = () => {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const nameOf = (p) => p.given_name + ' ' + p.family_name;

let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  counsellor = await apiSession('iom.counsellor');
  const programmes = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(programmes.status, 200);
  const programme = programmes.body.items[0];
  const sites = await manager('GET', '/sites?q=Bor%20PoC');
  const site = sites.body.items[0];
  const register = async (family) => {
    const r = await manager('POST', '/persons', {
      given_name: 'Nyabol',
      family_name: family,
      sex: 'female',
      birth_date: '1987-06-01',
      population_group: 'idp_camp',
      phone: '0977 000 111',
      notes: 'Lives near the water point',
      programme_id: programme.id,
      site_id: site.id,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  consenting = await register('Consenting' + run);
  refusing = await register('Unasked' + run);
  const consent = await counsellor('POST', '/persons/' + consenting.id + '/consents', {
    purpose: 'referral',
    status: 'given',
    method: 'verbal',
    text_version: 'bor-2017',
  });
  assert.equal(consent.status, 201, JSON.stringify(consent.body));
  const services = await manager('GET', '/services?limit=200&active=true');
  hospital = services.body.items.find((s) => s.name === 'Bor State Hospital mental health unit');
  assert.ok(hospital, 'the demo directory has the hospital unit');
}

test('counsellor: makes a referral, finds it on the board, accepts and completes it, opens its slip', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.counsellor');
  await page.locator('header.top nav').getByRole('link', { name: 'Referrals', exact: true }).click();
  await page.getByRole('heading', { name: 'Referrals', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New referral' }).click();
  await page.getByRole('heading', { name: 'New referral', level: 1 }).waitFor();

  // The person, found by code and chosen.
  await page.getByLabel('Find the person by name or code').fill(consenting.code);
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page.getByRole('list', { name: 'People found' }).getByText(nameOf(consenting)).waitFor();
  await page.getByRole('button', { name: `Choose ${nameOf(consenting)}` }).click();
  await page.locator('.rf-chosen').getByText(nameOf(consenting)).waitFor();
  await focusMovesTo(page, 'rf-person_id', 'focus goes to the person chosen');

  await page.locator('#rf-service_id').selectOption({ label: 'Bor State Hospital mental health unit — Bor State Hospital' });
  await page.locator('#rf-urgency').selectOption('urgent');
  assert.equal(await page.locator('#rf-made_on').inputValue(), today(), 'the referral is dated today');
  await page.locator('#rf-reason').fill(REASON);
  await noHorizontalOverflow(page, 'referral form');
  await shot(page, 'referral-form-360-en');
  await page.getByRole('button', { name: 'Make the referral' }).click();
  await page.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
  await page.getByRole('status').getByText(`Referral of ${nameOf(consenting)} made.`).waitFor();

  const stored = await manager('GET', '/referrals?person_id=' + consenting.id);
  assert.equal(stored.body.items.length, 1);
  referral = stored.body.items[0];
  assert.equal(page.url(), base + '/referrals/' + referral.id);
  assert.deepEqual([referral.status, referral.urgency, referral.service_id, referral.made_on, referral.direction], ['made', 'urgent', hospital.id, today(), 'outgoing']);
  assert.equal((await manager('GET', '/referrals/' + referral.id)).body.reason, REASON);

  // On the board: in the "Made" column, under its urgency and not under another.
  await page.getByRole('link', { name: 'Back to Referrals' }).click();
  const made = page.locator('section.rf-column-made');
  await made.getByRole('heading', { name: /^Made/ }).waitFor();
  const card = made.locator('li', { hasText: nameOf(consenting) });
  await card.waitFor();
  assert.match(await card.textContent(), /Bor State Hospital mental health unit/);
  assert.equal(await card.locator('.badge').textContent(), 'Urgent');
  assert.equal(await page.locator('section.rf-column-accepted li', { hasText: nameOf(consenting) }).count(), 0);
  await noHorizontalOverflow(page, 'board');
  await shot(page, 'referral-board-360-en');
  await page.getByLabel('Urgency', { exact: true }).selectOption('emergency');
  await page.waitForURL(base + '/referrals?urgency=emergency');
  await page.waitForFunction(() => !document.querySelector('.loading'));
  assert.equal(await made.locator('li', { hasText: nameOf(consenting) }).count(), 0, 'not an emergency');
  await page.getByLabel('Urgency', { exact: true }).selectOption('urgent');
  await page.waitForURL(base + '/referrals?urgency=urgent');
  await card.waitFor();

  // Accepted, then completed, on its page.
  await card.getByRole('link').click();
  await page.waitForURL(base + '/referrals/' + referral.id);
  await page.getByRole('heading', { name: 'What happened' }).waitFor();
  assert.equal(await page.locator('#rf-on').inputValue(), today());
  await page.getByRole('button', { name: 'Accepted by the service' }).click();
  await page.getByRole('status').getByText('The referral is now: Accepted.').waitFor();
  await page.getByRole('button', { name: 'Completed' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accepted by the service' }).count(), 0);
  await page.getByRole('button', { name: 'Completed' }).click();
  await page.getByRole('status').getByText('The referral is now: Completed.').waitFor();
  await page.getByText('This referral is closed', { exact: false }).waitFor();
  let now = (await manager('GET', '/referrals/' + referral.id)).body;
  assert.deepEqual([now.status, now.accepted_on, now.closed_on], ['completed', today(), today()]);

  // Feedback after closing.
  await page.locator('#rf-feedback').fill(FEEDBACK);
  await page.getByRole('button', { name: 'Save feedback and follow-up' }).click();
  await page.locator('.rf-follow').getByRole('status').getByText('Saved.').waitFor();
  now = (await manager('GET', '/referrals/' + referral.id)).body;
  assert.deepEqual([now.feedback, now.feedback_on], [FEEDBACK, today()]);
  await noHorizontalOverflow(page, 'referral page');
  await shot(page, 'referral-page-360-en');

  // The slip: the person named (consent in force), the reason and the service; nothing else of them.
  await page.getByRole('link', { name: 'Referral slip' }).click();
  await page.waitForURL(base + '/referrals/' + referral.id + '/slip');
  const slip = page.locator('article.slip');
  await slip.getByRole('heading', { name: 'Referral slip' }).waitFor();
  const text = await slip.textContent();
  for (const part of [nameOf(consenting), consenting.code, REASON, 'Bor State Hospital mental health unit', 'Urgent', 'IOM counsellor', today()]) {
    assert.ok(text.includes(part), `the slip says "${part}": ${text}`);
  }
  for (const never of ['0977', 'water point', FEEDBACK]) assert.ok(!text.includes(never), `the slip does not say "${never}"`);
  await noHorizontalOverflow(page, 'slip');
  await shot(page, 'referral-slip-360-en');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'printing hides the app');
  assert.equal(await page.getByRole('button', { name: 'Print the slip' }).isVisible(), false);
  assert.equal(await slip.isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.cspErrors, []);
});

test("counsellor: the person's page lists their referrals and refers them again", async () => {
  await ready();
  assert.ok(referral, 'the referral of the first test');
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.counsellor');
  await screenAt(page, '/persons/' + consenting.id);
  const section = page.locator('section[aria-labelledby=referrals-title]');
  const item = section.getByRole('list', { name: 'Referrals of the person' }).locator('li', { hasText: 'Bor State Hospital mental health unit' });
  await item.waitFor();
  assert.equal(await item.locator('.badge').textContent(), 'Completed');
  await noHorizontalOverflow(page, 'person page with referrals');
  await section.getByRole('link', { name: 'Refer this person' }).click();
  await page.waitForURL(base + '/referrals/new?person=' + consenting.id);
  await page.locator('.rf-chosen').getByText(nameOf(consenting)).waitFor();
  assert.deepEqual(page.cspErrors, []);
});

test('counsellor: a referral without consent is refused, explained, and nothing is stored', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.counsellor', '/referrals/new');
  await page.getByRole('heading', { name: 'New referral', level: 1 }).waitFor();
  await page.getByLabel('Find the person by name or code').fill(refusing.code);
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page.getByRole('button', { name: `Choose ${nameOf(refusing)}` }).click();
  await page.locator('#rf-service_id').selectOption(hospital.id);
  await page.locator('#rf-reason').fill(REASON);
  await page.getByRole('button', { name: 'Make the referral' }).click();
  const error = page.locator('#rf-person-error');
  await error.waitFor();
  assert.match(await error.textContent(), new RegExp(`has not consented to referral on ${today()}: no consent for referral is recorded`));
  await focusMovesTo(page, 'rf-person_id', 'focus goes to the person refused');
  await page.getByText("A referral passes this person's details to another organisation", { exact: false }).waitFor();
  const link = page.getByRole('link', { name: `Record consent on ${nameOf(refusing)}'s page` });
  assert.equal(await link.getAttribute('href'), '/persons/' + refusing.id + '/consents/new');
  await noHorizontalOverflow(page, 'consent refused');
  await shot(page, 'referral-no-consent-360-en');
  assert.equal((await manager('GET', '/referrals?person_id=' + refusing.id)).body.items.length, 0, 'nothing stored');
  // The way there leads to the consent form.
  await link.click();
  await page.waitForURL(base + '/persons/' + refusing.id + '/consents/new');
  await page.locator('main h1').waitFor();
  assert.deepEqual(page.cspErrors, []);
});

test('M&E officer: reads the referral without its reason or feedback', async () => {
  await ready();
  assert.ok(referral, 'the referral of the first test');
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.me_officer');
  await screenAt(page, '/referrals/' + referral.id);
  await page.getByText('The reason and the feedback are for case workers only.').waitFor();
  const main = await page.locator('main').textContent();
  assert.ok(!main.includes(REASON) && !main.includes(FEEDBACK) && !main.includes(consenting.family_name), main);
  assert.equal(await page.getByRole('link', { name: 'Referral slip' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Save feedback and follow-up' }).count(), 0);
  assert.deepEqual(page.cspErrors, []);
});

const screens = () => [
  ['/referrals', 'board', 'الإحالات'],
  ['/referrals/new', 'referral-new', 'إحالة جديدة'],
  ['/referrals/' + referral.id, 'referral', 'ما الذي حدث'],
  ['/referrals/' + referral.id + '/slip', 'slip', 'قسيمة الإحالة'],
  ['/services', 'services', 'دليل الخدمات'],
  ['/services/' + hospital.id, 'service', 'مقدّم الخدمة'],
  ['/services/new', 'service-new', 'خدمة جديدة'],
];

// axe-core is injected as a script, so this context bypasses the page's CSP.
test('every referral screen at 360 px in English and Arabic (right to left), with no WCAG 2 A/AA violations', async () => {
  await ready();
  assert.ok(referral, 'the referral of the first test');
  // The referral reopened, so that its page offers the status buttons again.
  const fresh = await counsellor('POST', '/referrals', {
    direction: 'outgoing',
    programme_id: referral.programme_id,
    person_id: consenting.id,
    service_id: hospital.id,
    reason: REASON,
  });
  assert.equal(fresh.status, 201, JSON.stringify(fresh.body));
  referral = fresh.body;
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
      await shot(page, `referrals-${name}-360-${lang}`);
      await axeCheck(page, `${path} (${lang})`);
    }
    // The form refused for want of consent, with the explanation.
    await screenAt(page, '/referrals/new');
    await page.waitForLoadState('networkidle');
    await page.locator('#rf-person_id').fill(refusing.code);
    await page.locator('.rf-person form[role=search] button').click();
    await page.locator('.rf-person .records button').first().click();
    await page.locator('#rf-service_id').selectOption(hospital.id);
    await page.locator('#rf-reason').fill(REASON);
    await page.locator('#referral-form button[type=submit]').click();
    await page.locator('#rf-person-error').waitFor();
    await page.locator('.rf-consent-help').waitFor();
    if (lang === 'ar') await page.locator('.rf-consent-help').getByText('تُسجَّل الموافقة في صفحة الشخص', { exact: false }).waitFor();
    await noHorizontalOverflow(page, `${lang} consent refused`);
    await shot(page, `referrals-no-consent-360-${lang}`);
    await axeCheck(page, `the form refused for want of consent (${lang})`);
  }
});
