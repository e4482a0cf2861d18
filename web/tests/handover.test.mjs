// Browser tests of the handover screens against the real `baton serve` and its demo data stopped
// just before the handover (`baton demo --no-handover`): IOM's manager plans the handover of the Bor
// programme to ALARM with support until 2099-12-31 (a purpose too short is refused beside its
// field), sees the preview — the people moving as the API counts them, the readiness checklist,
// ALARM's key fingerprint as its key card gives it — and approves; IOM's admin approves and
// downloads the package (a receipt ALARM did not sign does not complete it); ALARM's manager is
// told why a file that is not a package is refused, then checks the real one (IOM named, its
// purpose), is told beside each choice that the open cases need someone, gives them to ALARM's
// counsellor and supervisor and accepts: the programme is ALARM's, the open cases are theirs, and
// the receipt for IOM is saved as a file. IOM's advisor then reads the programme's shared report
// and has no people screen; the handover report prints without the app around it. Every screen
// under the real CSP; axe-core's WCAG 2 A/AA rules on each new screen, at 360 px, in English and in
// Arabic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { base, tmp, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const PURPOSE = 'ALARM continues the MHPSS programme of the Bor PoC site for the same people, with IOM advising until the end of the century.';
const AGREEMENT = 'IOM-ALARM data transfer agreement, browser test';
const WORDS = {
  en: {
    nav: 'Handover',
    plan: 'Plan a handover',
    submit: 'Plan the handover',
    receive: 'Receive a handover',
    verify: 'Check the package',
    accept: 'Accept the handover',
    approveManager: 'Approve as manager',
    approveAdmin: 'Approve as administrator',
    download: 'Make and download the package',
    print: 'Print or save as PDF',
  },
  ar: { list: 'التسليمات', receive: 'استلام تسليم', verify: 'فحص الحزمة', readiness: 'الجاهزية', people: 'الأشخاص المنتقلون' },
};

let manager; // the API as iom.manager
let alarm; // the API as alarm.manager
let programme; // IOM's programme, handed over here
let alarmOrg; // ALARM's organisation record
let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  alarm = await apiSession('alarm.manager');
  const mine = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(mine.status, 200);
  programme = mine.body.items.find((p) => p.name === 'MHPSS programme, Bor PoC site');
  assert.ok(programme, 'IOM runs the Bor programme before the handover');
  const orgs = await manager('GET', '/organizations?limit=200');
  alarmOrg = orgs.body.items.find((o) => o.code === 'alarm');
  assert.ok(alarmOrg, 'ALARM is an organisation of the demo');
}

// A page signed in as `user` in `lang`, with the programme in view.
async function as(user, lang = 'en', { viewport = PHONE, bypassCSP = false } = {}) {
  const { page } = await newContext(viewport, { bypassCSP });
  await page.goto(base + '/signin');
  await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
  await signIn(page, user);
  return page;
}

// What the handover's page shows of the people moving: "identified deidentified withheld".
const peopleShown = (page) => page.locator('.hv-people').first().getAttribute('data-people');

let handoverId = '';
let packagePath = '';
let packageBytes = null;

test('IOM plans, previews and approves the handover to ALARM, and its admin downloads the package', async () => {
  await ready();
  const page = await as('iom.manager');
  await page.locator('header.top nav').getByRole('link', { name: WORDS.en.nav, exact: true }).click();
  await page.getByRole('heading', { name: 'Handovers', level: 1 }).waitFor();
  await page.getByText('This programme has no handover yet.').waitFor();
  await page.getByRole('link', { name: WORDS.en.plan }).click();
  await page.locator('#hv-purpose').waitFor();
  await noHorizontalOverflow(page, 'plan form');

  // The receiver is chosen among the other organisations; IOM itself is not offered.
  const offered = await page.locator('#hv-receiver_organization_id option').allTextContents();
  assert.ok(offered.includes(alarmOrg.name), `ALARM is offered: ${offered}`);
  assert.ok(!offered.includes('International Organization for Migration'), 'not the sender itself');
  await page.locator('#hv-receiver_organization_id').selectOption(alarmOrg.id);
  await page.locator('#hv-effective_date').fill('2017-08-15');
  await page.locator('#hv-agreement_reference').fill(AGREEMENT);
  await page.locator('#hv-support_until').fill('2099-12-31');
  // The policy for people without consent is explained in plain words; de-identifying is the default.
  assert.equal(await page.locator('input[name="non_consenting"][value="deidentified"]').isChecked(), true);
  await page.getByText('Withhold them: nothing about them moves').waitFor();

  // A purpose too short: the server's words beside the field, focus there.
  await page.locator('#hv-purpose').fill('Short');
  await page.getByRole('button', { name: WORDS.en.submit }).click();
  await page.locator('#hv-purpose-error').waitFor();
  assert.equal(await page.locator('#hv-purpose').getAttribute('aria-invalid'), 'true');
  await shot(page, 'handover-plan-errors-360-en');

  await page.locator('#hv-purpose').fill(PURPOSE);
  await page.getByRole('button', { name: WORDS.en.submit }).click();
  await page.waitForURL((u) => /^\/handovers\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 120000 });
  handoverId = new URL(page.url()).pathname.split('/').pop();
  await page.locator('.hv-page[data-status="planned"] .hv-people').waitFor({ timeout: 120000 });

  // The preview as the API works it out.
  const h = await manager('GET', '/handovers/' + handoverId);
  assert.equal(h.status, 200);
  const p = h.body.preview;
  assert.equal(h.body.support_until, '2099-12-31');
  assert.equal(await peopleShown(page), `${p.people.identified} ${p.people.deidentified} ${p.people.withheld}`, 'the people moving, as counted');
  assert.ok(p.people.identified > 0 && p.people.deidentified > 0, 'some move with identity, some de-identified');
  const shownPeople = await page.locator('table[data-table="people"] tr[data-key="total"] td').textContent();
  assert.equal(shownPeople.trim(), p.people.total.toLocaleString('en-GB'));
  assert.equal(await page.locator('.hv-coverage').getAttribute('data-coverage'), String(p.people.consent_coverage_percent));
  // The readiness checklist, an item each, in its state.
  const readiness = await page.locator('[data-list="readiness"] li').evaluateAll((lis) => lis.map((li) => `${li.dataset.item}:${li.dataset.state}`));
  assert.deepEqual(readiness, p.readiness.map((r) => `${r.item}:${r.state}`));
  // The records that move, by kind.
  const persons = await page.locator('table[data-table="records"] tr[data-key="person"] td').textContent();
  assert.equal(persons.trim(), p.records.person.toLocaleString('en-GB'));
  // No problem blocks it (the demo acknowledged its flags and asked again for consent).
  assert.deepEqual(p.problems, []);
  assert.equal(await page.locator('.hv-problems').count(), 0);
  // ALARM's fingerprint, as its key card says, to read out on the phone.
  const card = await manager('GET', `/organizations/${alarmOrg.id}/public-key`);
  assert.equal(card.status, 200);
  assert.equal(await page.locator('p.hv-fingerprint').getAttribute('data-fingerprint'), card.body.fingerprint);
  // The sender sees which records stay and why.
  if (p.withheld?.length) await page.getByText(`Which records stay, and why (${p.withheld.length})`).waitFor();
  await noHorizontalOverflow(page, 'handover page');
  await shot(page, 'handover-preview-360-en');

  // While it is planned: the list, the form (with the server's errors beside its fields) and the
  // preview, at 360 px in both languages, by axe-core (in a context that lets its script in).
  const axePage = await as('iom.manager', 'en', { bypassCSP: true });
  for (const lang of ['en', 'ar']) {
    await axePage.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    await screenAt(axePage, '/handovers');
    await axePage.locator(`.hv-list li[data-id="${handoverId}"]`).waitFor();
    if (lang === 'ar') await axePage.getByRole('heading', { name: WORDS.ar.list, level: 1 }).waitFor();
    await noHorizontalOverflow(axePage, `${lang} list`);
    await axeCheck(axePage, `list (${lang})`);
    await screenAt(axePage, '/handovers/new');
    await axePage.locator('form button[type=submit]').click();
    await axePage.locator('#hv-purpose-error').waitFor();
    await noHorizontalOverflow(axePage, `${lang} plan form with errors`);
    await axeCheck(axePage, `plan form with errors (${lang})`);
    if (lang === 'ar') await shot(axePage, 'handover-plan-errors-360-ar');
    await screenAt(axePage, '/handovers/' + handoverId);
    await axePage.locator('.hv-page[data-status="planned"] .hv-people').waitFor({ timeout: 120000 });
    if (lang === 'ar') {
      assert.equal(await axePage.evaluate(() => document.documentElement.dir), 'rtl');
      await axePage.getByRole('heading', { name: WORDS.ar.people }).waitFor();
      await axePage.getByRole('heading', { name: WORDS.ar.readiness }).waitFor();
    }
    // The sender's list of records that stay and why (hundreds of rows: checked once).
    if (lang === 'en') await axePage.locator('.hv-withheld-list summary').click();
    await noHorizontalOverflow(axePage, `${lang} preview`);
    await axeCheck(axePage, `preview (${lang})`);
    if (lang === 'ar') await shot(axePage, 'handover-preview-360-ar');
  }

  // Planning again is refused while this one is live (the server's reason, in the form's alert).
  const again = await manager('POST', '/handovers', { programme_id: programme.id, receiver_organization_id: alarmOrg.id, effective_date: '2017-08-15', purpose: PURPOSE, agreement_reference: AGREEMENT });
  assert.equal(again.status, 409);

  // The manager approves; the admin's approval is still missing.
  assert.equal(await page.getByRole('button', { name: WORDS.en.download }).count(), 0, 'no package before both approvals');
  await page.getByRole('button', { name: WORDS.en.approveManager }).click();
  await page.getByText('Your approval is recorded.').waitFor({ timeout: 120000 });
  await page.locator('.hv-approvals li[data-role="manager"][data-approved="yes"]').waitFor();
  assert.equal(await page.locator('.hv-approvals li[data-role="admin"]').getAttribute('data-approved'), 'no');
  assert.equal(await page.getByRole('button', { name: WORDS.en.approveManager }).count(), 0, 'one approval per person');
  assert.deepEqual(page.cspErrors, [], 'no CSP violation');

  // The admin approves, then makes and downloads the package.
  const admin = await as('iom.admin', 'en', { viewport: { width: 1024, height: 800 } });
  await screenAt(admin, '/handovers/' + handoverId);
  await admin.getByRole('button', { name: WORDS.en.approveAdmin }).click();
  await admin.locator('.hv-page[data-status="approved"]').waitFor({ timeout: 120000 });
  const [download] = await Promise.all([
    admin.waitForEvent('download', { timeout: 180000 }),
    admin.getByRole('button', { name: WORDS.en.download }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `handover-${handoverId}.baton`);
  packagePath = join(tmp, download.suggestedFilename());
  await download.saveAs(packagePath);
  packageBytes = readFileSync(packagePath);
  assert.equal(packageBytes.subarray(0, 17).toString(), 'BATON-HANDOVER-1\n', 'a handover package');
  await admin.locator('.hv-page[data-status="packaged"]').waitFor();
  const stored = await manager('GET', '/handovers/' + handoverId);
  assert.equal(stored.body.status, 'packaged');
  assert.equal(stored.body.package.bytes, packageBytes.length, 'the size recorded is the file downloaded');
  assert.equal(await admin.locator('.hv-package-line').getAttribute('data-bytes'), String(packageBytes.length));
  await admin.getByText('The package is made').waitFor();

  // Packaged: on another server ALARM's receipt would complete it here. A file that is not JSON is
  // refused in the page; a receipt ALARM did not sign, by the server, which says why.
  await admin.locator('#hv-complete').waitFor();
  const notJson = join(tmp, 'not-a-receipt.json');
  writeFileSync(notJson, 'a shopping list\n');
  await admin.getByLabel(/^The receipt from /).setInputFiles(notJson);
  await admin.getByText(/^This file is not a receipt: choose the receipt file .+ sent\.$/).waitFor();
  const forged = join(tmp, 'forged-receipt.json');
  writeFileSync(forged, JSON.stringify({ receipt: JSON.stringify({ handover_id: handoverId }), signature: 'AAAA' }));
  await admin.getByLabel(/^The receipt from /).setInputFiles(forged);
  await admin.getByText(/does not verify with the receiver's key/).waitFor({ timeout: 60000 });
  assert.equal((await manager('GET', '/handovers/' + handoverId)).body.status, 'packaged', 'nothing changed');
  const packaged = await as('iom.admin', 'en', { bypassCSP: true });
  await screenAt(packaged, '/handovers/' + handoverId);
  await packaged.locator('#hv-complete').waitFor({ timeout: 60000 });
  await axeCheck(packaged, 'packaged, waiting for the receipt (en)');
  assert.deepEqual(admin.cspErrors, [], 'no CSP violation');
});

test('ALARM verifies the package, is refused a file that is not one, assigns the open cases and accepts', async () => {
  await ready();
  assert.ok(packagePath, 'the package was downloaded');
  const page = await as('alarm.manager');
  await page.locator('header.top nav').getByRole('link', { name: WORDS.en.nav, exact: true }).click();
  await page.getByRole('link', { name: WORDS.en.receive }).click();
  await page.locator('#hv-file').waitFor();

  // Not a package: refused as a 422 naming the package, with the server's reason beside the file.
  const bogus = join(tmp, 'not-a-package.baton');
  writeFileSync(bogus, 'This is a shopping list, not a handover package.\n');
  const refusal = await fetch(base + '/api/v1/handovers/import?mode=verify', {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.baton.handover', Authorization: 'Bearer ' + (await token('alarm.manager')) },
    body: readFileSync(bogus),
  });
  const problem = await refusal.json();
  assert.equal(refusal.status, 422, JSON.stringify(problem));
  const why = problem.errors?.find((e) => e.field === 'package')?.message;
  assert.ok(why, `the refusal names the package and says why: ${JSON.stringify(problem)}`);
  await page.locator('#hv-file').setInputFiles(bogus);
  await page.getByRole('button', { name: WORDS.en.verify }).click();
  await page.locator('#hv-file-error').getByText(why, { exact: true }).waitFor({ timeout: 60000 });
  await page.getByRole('alert').getByText('The package was refused').waitFor();
  assert.equal(await page.locator('#hv-file').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#hv-file').getAttribute('aria-describedby'), /hv-file-error/);
  await page.waitForFunction(() => document.activeElement?.id === 'hv-file');
  assert.equal(await page.locator('.hv-verified').count(), 0, 'nothing to accept');
  await shot(page, 'handover-receive-refused-360-en');

  // The real package: who sent it, with which key, for what.
  await page.locator('#hv-file').setInputFiles(packagePath);
  await page.getByRole('button', { name: WORDS.en.verify }).click();
  await page.locator('.hv-verified').waitFor({ timeout: 120000 });
  assert.equal((await page.locator('[data-fact="sender"]').textContent()).trim(), 'International Organization for Migration');
  assert.equal((await page.locator('.hv-verified [data-fact="purpose"]').textContent()).trim(), PURPOSE);
  const iomCard = await alarm('GET', '/organizations/' + programme.organization_id + '/public-key');
  assert.equal((await page.locator('[data-fact="fingerprint"]').textContent()).trim(), iomCard.body.fingerprint);
  await page.getByText('with the key registered here for it').waitFor();
  await noHorizontalOverflow(page, 'verification report');
  await shot(page, 'handover-verified-360-en');

  // Accepting without anyone for the open cases: the server names each, beside its choice.
  const selects = page.locator('.hv-assign [data-staff]');
  const count = await selects.count();
  assert.ok(count > 0, 'the demo programme has open cases with counsellors and supervisors');
  await page.getByRole('button', { name: WORDS.en.accept }).click();
  await page.locator('.hv-assign .field-error').first().waitFor({ timeout: 120000 });
  const firstId = await page.locator('.hv-assign select').first().getAttribute('id');
  assert.equal(await page.evaluate(() => document.activeElement?.id), firstId, 'focus on the first choice at fault');
  assert.equal(await page.locator('.hv-assign select[aria-invalid="true"]').count(), count, 'every choice is named');

  // ALARM's counsellor and supervisor take them over.
  const users = await alarm('GET', '/users?limit=200');
  const idOf = (username) => users.body.items.find((u) => u.username === username).id;
  for (let i = 0; i < count; i++) {
    const field = selects.nth(i);
    const roles = (await field.getAttribute('data-roles')).split(' ');
    await field.locator('select').selectOption(roles.includes('counsellor') ? idOf('alarm.counsellor') : idOf('alarm.supervisor'));
  }
  await page.getByRole('button', { name: WORDS.en.accept }).click();
  await page.locator('.hv-result').waitFor({ timeout: 180000 });
  await page.getByRole('heading', { name: 'MHPSS programme, Bor PoC site is now run by your organisation' }).waitFor();
  await shot(page, 'handover-accepted-360-en');
  // The receipt for IOM, signed by ALARM: saved as a file.
  const [receiptFile] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    page.getByRole('button', { name: 'Download the receipt' }).click(),
  ]);
  assert.equal(receiptFile.suggestedFilename(), `handover-${handoverId}-receipt.json`);
  const receiptPath = join(tmp, receiptFile.suggestedFilename());
  await receiptFile.saveAs(receiptPath);
  const receipt = JSON.parse(readFileSync(receiptPath, 'utf8'));
  assert.equal(JSON.parse(receipt.receipt).handover_id, handoverId);
  assert.match(receipt.signature, /^[A-Za-z0-9_-]{86}$/, 'an Ed25519 signature, base64url');

  // The programme is ALARM's: over the API, in the header, and its open cases are ALARM's staff's.
  const now = await alarm('GET', '/programmes/' + programme.id);
  assert.equal(now.status, 200);
  assert.equal(now.body.organization_id, alarmOrg.id, 'ALARM owns the programme');
  assert.deepEqual(now.body.advisors?.map((a) => [a.organization_id, a.until]), [[programme.organization_id, '2099-12-31']]);
  await page.waitForFunction(
    (id) => {
      const choice = document.querySelector('#programme-in-view');
      return choice ? choice.value === id : /MHPSS programme, Bor PoC site/.test(document.querySelector('header.top .context')?.textContent || '');
    },
    programme.id,
  );
  const h = await alarm('GET', '/handovers/' + handoverId);
  assert.equal(h.body.status, 'accepted');
  // The list shows it as come from IOM, accepted.
  await page.goto(base + '/handovers');
  await page.locator(`.hv-list li[data-id="${handoverId}"][data-status="accepted"]`).getByText('From International Organization for Migration').waitFor();
  // The package cannot be accepted twice.
  await screenAt(page, '/handovers/receive');
  await page.locator('#hv-file').setInputFiles(packagePath);
  await page.getByRole('button', { name: WORDS.en.verify }).click();
  await page.getByText('This package was imported here already.').waitFor({ timeout: 120000 });
  assert.equal(await page.getByRole('button', { name: WORDS.en.accept }).count(), 0);
  assert.deepEqual(page.cspErrors, [], 'no CSP violation');
});

test("IOM's advisor reads the programme's shared report, and no people", async () => {
  await ready();
  assert.ok(handoverId, 'the handover happened');
  // The programme is ALARM's now; IOM's advisor reads it as its advisor.
  const advisor = await apiSession('iom.advisor');
  const theirs = await advisor('GET', '/programmes?limit=50&active=true');
  assert.equal(theirs.status, 200);
  const listed = theirs.body.items.find((p) => p.id === programme.id);
  assert.equal(listed?.organization_id, alarmOrg.id, "the advisor is listed ALARM's programme");
  const page = await as('iom.advisor');
  const nav = page.locator('header.top nav');
  const names = (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
  assert.ok(names.includes('Reports'), `reports in the navigation: ${names}`);
  assert.ok(!names.includes('People') && !names.includes('Handover'), `no people or handovers: ${names}`);
  await nav.getByRole('link', { name: 'Reports', exact: true }).click();
  await page.locator('section.reports[data-complete]').waitFor({ timeout: 120000 });
  assert.match(await page.locator('section.reports').getAttribute('data-complete'), / shared$/, 'the shared report');
  await page.getByRole('heading', { level: 1 }).getByText('MHPSS programme, Bor PoC site').waitFor();
  assert.equal(await page.locator('input[name="rp-audience"]').count(), 0, 'no internal figures to choose');
  await noHorizontalOverflow(page, 'advisor reports');
  await shot(page, 'handover-advisor-reports-360-en');
  // The programme's shared narrative reports too.
  await screenAt(page, '/reports/programme');
  await page.locator('.pr-list li').first().waitFor();
  // No people: the address leads nowhere and the API refuses.
  await screenAt(page, '/persons');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  const people = await advisor('GET', '/persons?programme_id=' + programme.id);
  assert.ok(people.status === 403 || (people.status === 200 && people.body.items.length === 0), `no people for an advisor: ${people.status}`);
  assert.deepEqual(page.cspErrors, [], 'no CSP violation');
});

test('the handover report prints on its own, in English and Arabic', async () => {
  await ready();
  assert.ok(handoverId, 'the handover happened');
  const page = await as('iom.manager');
  await screenAt(page, '/handovers/' + handoverId);
  await page.getByRole('link', { name: 'Handover report (printable)' }).click();
  await page.locator('.hv-report[data-complete]').waitFor();
  const r = (await manager('GET', `/handovers/${handoverId}/report`)).body;
  assert.equal(r.handover.status, 'accepted');
  assert.equal((await page.locator('[data-fact="receiver"]').textContent()).trim(), alarmOrg.name);
  assert.equal((await page.locator('.hv-report [data-fact="purpose"]').textContent()).trim(), PURPOSE);
  assert.equal(await page.locator('.hv-report .hv-approvals li').count(), 2, 'a manager and an admin approved');
  assert.equal(await peopleShown(page), `${r.package.people.identified} ${r.package.people.deidentified} ${r.package.people.withheld}`);
  await page.locator('[data-fact="support-until"]').getByText('2099').waitFor();
  await page.locator('.hv-advisors').getByText('International Organization for Migration').waitFor();
  await page.getByRole('button', { name: WORDS.en.print }).waitFor();
  await noHorizontalOverflow(page, 'handover report');
  await shot(page, 'handover-report-360-en');

  for (const lang of ['en', 'ar']) {
    if (lang === 'ar') {
      await page.evaluate(() => localStorage.setItem('baton.language', 'ar'));
      await screenAt(page, `/handovers/${handoverId}/report`);
      await page.locator('.hv-report[data-complete]').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      await page.getByRole('heading', { name: 'تقرير التسليم', level: 1 }).waitFor();
      await noHorizontalOverflow(page, 'handover report ar');
      await shot(page, 'handover-report-360-ar');
    }
    await page.emulateMedia({ media: 'print' });
    const paper = await page.evaluate(() => {
      const shown = (sel) => {
        const el = document.querySelector(sel);
        return el ? getComputedStyle(el).display !== 'none' : null;
      };
      return {
        nav: shown('header.top'),
        crumbs: shown('.hv-report .crumbs'),
        actions: shown('.hv-report .hv-actions'),
        terms: shown('#hvr-terms'),
        moved: shown('table[data-table="records"]'),
        support: shown('.hvr-support'),
        body: getComputedStyle(document.body).backgroundColor,
      };
    });
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(
      { nav: paper.nav, crumbs: paper.crumbs, actions: paper.actions, terms: paper.terms, moved: paper.moved, support: paper.support },
      { nav: false, crumbs: false, actions: false, terms: true, moved: true, support: true },
      `the print layout (${lang})`,
    );
    assert.match(paper.body, /rgb\(255, 255, 255\)|rgba\(0, 0, 0, 0\)/, 'white paper');
  }
  assert.deepEqual(page.cspErrors, [], 'no CSP violation');
});

// axe-core is injected as a script, so this context bypasses the page's CSP.
test('the handover screens after acceptance at 360 px in English and Arabic, with no WCAG 2 A/AA violations', async () => {
  await ready();
  assert.ok(handoverId && packagePath, 'the handover happened');
  // ALARM's manager: the programme is in view, its handover listed; the package verified again.
  const page = await as('alarm.manager', 'en', { bypassCSP: true });
  const check = async (path, label, lang, prepare) => {
    await screenAt(page, path);
    await prepare();
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr', label);
    await noHorizontalOverflow(page, `${lang} ${label}`);
    await axeCheck(page, `${label} (${lang})`);
  };
  for (const lang of ['en', 'ar']) {
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    await check('/handovers', 'list', lang, () => page.locator(`.hv-list li[data-id="${handoverId}"]`).waitFor());
    await check(`/handovers/${handoverId}`, 'accepted handover', lang, () => page.locator('.hv-page[data-status="accepted"] #hv-accepted').waitFor());
    await check(`/handovers/${handoverId}/report`, 'handover report', lang, () => page.locator('.hv-report[data-complete]').waitFor());
    await check('/handovers/receive', 'refused package', lang, async () => {
      await page.locator('#hv-file').setInputFiles(join(tmp, 'not-a-package.baton'));
      await page.locator('form button[type=submit]').click();
      await page.locator('#hv-file-error').waitFor({ timeout: 60000 });
    });
    await check('/handovers/receive', 'verification report', lang, async () => {
      if (lang === 'ar') await page.getByRole('heading', { name: WORDS.ar.receive, level: 1 }).waitFor();
      await page.locator('#hv-file').setInputFiles(packagePath);
      await page.locator('form button[type=submit]').click();
      await page.locator('.hv-verified').waitFor({ timeout: 120000 });
      if (lang === 'ar') await page.getByRole('heading', { name: WORDS.ar.readiness }).waitFor();
    });
    if (lang === 'ar') await shot(page, 'handover-verified-360-ar');
  }
});

// A bearer token, for requests with a body that is not JSON.
async function token(username) {
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'baton-demo' }),
  });
  return (await res.json()).token;
}
