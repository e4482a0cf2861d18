// Browser tests of programme reports against the real `baton serve` and its demo data, on a 360 px
// phone: IOM's manager writes a report's narrative for 2016 (a stale save is refused and offers the
// latest), opens the printable page in English and in Arabic — its targets and achievement are the
// API's figures for the period and audience, and printed, the navigation, buttons and links are
// gone and the page is black on white — and downloads the workbook; DanChurchAid's viewer reads the
// demo's final report with small counts hidden, and cannot write. Every screen under the real CSP,
// with no sideways scrolling, and axe-core's WCAG 2 A/AA rules on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const WORDS = {
  en: { list: 'Programme reports', new: 'New programme report', create: 'Create the report', save: 'Save changes', figures: 'Indicators, targets and achievement', summary: 'Summary', challenges: 'Challenges', xlsx: 'Download XLSX', reload: 'Reload the latest version' },
  ar: { list: 'تقارير البرنامج', figures: 'المؤشرات والأهداف ونسبة الإنجاز', summary: 'الملخص', challenges: 'التحديات', xlsx: 'تنزيل XLSX' },
};

let manager; // the API as iom.manager
let viewer; // the API as dca.viewer
let programme; // IOM's programme, in view of both
let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  viewer = await apiSession('dca.viewer');
  const mine = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(mine.status, 200);
  programme = mine.body.items[0];
  assert.ok(programme, 'IOM has a programme');
}

// The page's table of indicators as { code: { value, target, achievement } }.
const tableOf = (page) =>
  page.evaluate(() => {
    const out = {};
    for (const tr of document.querySelectorAll('table[data-table="programme-report"] tbody tr')) {
      out[tr.dataset.code] = {};
      for (const td of tr.querySelectorAll('td')) out[tr.dataset.code][td.dataset.key] = td.textContent.trim();
    }
    return out;
  });
const figure = (v, unit) =>
  typeof v === 'string' ? v : typeof v !== 'number' ? '—' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }) + (unit === 'percent' ? ' %' : '');

// The page's figures are the rendered report's, which are the indicator report's for its period.
async function checkFigures(page, as, id, label) {
  const rendered = await as('GET', `/programme-reports/${id}/render`);
  assert.equal(rendered.status, 200, `${label}: ${JSON.stringify(rendered.body)}`);
  const r = rendered.body;
  const q = new URLSearchParams({ programme: r.programme.id, from: r.from, to: r.to, audience: r.audience });
  const indicators = await as('GET', '/reports/indicators?' + q);
  assert.equal(indicators.status, 200);
  const byCode = Object.fromEntries(indicators.body.indicators.map((i) => [i.code, i]));
  const shown = await tableOf(page);
  assert.deepEqual(Object.keys(shown).sort(), Object.keys(byCode).sort(), `${label}: every indicator of the period`);
  let targets = 0;
  for (const [code, i] of Object.entries(byCode)) {
    const want = {
      value: figure(i.value, i.unit),
      target: i.target == null ? '—' : figure(i.target, i.unit),
      achievement: i.achievement == null ? '—' : figure(i.achievement) + ' %',
    };
    assert.deepEqual(shown[code], want, `${label}: ${code} as the API answers`);
    if (i.target != null) targets++;
  }
  assert.ok(targets > 0, `${label}: the demo's 2016 targets are on the page`);
  // The chart draws one bullet per indicator with a target.
  assert.equal(await page.locator('.pr-bullets .rp-bar').count(), targets, `${label}: a bullet per target`);
  return { rendered: r, indicators: byCode };
}

async function printed(page) {
  await page.emulateMedia({ media: 'print' });
  const styles = await page.evaluate(() => {
    const shown = (sel) => {
      const el = document.querySelector(sel);
      return el ? getComputedStyle(el).display !== 'none' : null;
    };
    const bg = (sel) => getComputedStyle(document.querySelector(sel)).backgroundColor;
    return {
      nav: shown('header.top'),
      crumbs: shown('.pr-page .crumbs'),
      actions: shown('.pr-actions'),
      table: shown('table[data-table="programme-report"]'),
      chart: shown('.pr-bullets'),
      summary: shown('.pr-summary'),
      body: bg('body'),
      page: bg('.pr-page'),
      figuresBreak: getComputedStyle(document.querySelector('.pr-figures')).breakBefore,
    };
  });
  await page.emulateMedia({ media: 'screen' });
  return styles;
}

test('iom.manager writes a programme report, sees its targets and achievement in English and Arabic, and prints it', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await page.goto(base + '/signin');
  await page.evaluate(() => localStorage.setItem('baton.language', 'en'));
  await signIn(page, 'iom.manager');
  await screenAt(page, '/reports');
  await page.getByRole('link', { name: WORDS.en.list, exact: true }).click();
  await page.getByRole('heading', { name: WORDS.en.list, level: 1 }).waitFor();
  await page.getByRole('link', { name: WORDS.en.new }).click();
  await page.locator('#pr-title').waitFor();

  // A title too long for the server: its words beside the field.
  await page.locator('#pr-title').fill('x'.repeat(201));
  await page.locator('#pr-period').fill('2016');
  await page.getByRole('button', { name: WORDS.en.create }).click();
  await page.locator('#pr-title-error').waitFor();
  assert.equal(await page.locator('#pr-title').getAttribute('aria-invalid'), 'true');

  const title = 'Browser test report 2016';
  await page.locator('#pr-title').fill(title);
  await page.locator('#pr-summary').fill('The six streams ran all year.');
  await page.locator('#pr-challenges').fill('Flooding closed two blocks in August.');
  await page.getByRole('button', { name: WORDS.en.create }).click();
  await page.waitForURL((u) => /^\/reports\/programme\/[0-9a-f-]{36}$/.test(u.pathname));
  const id = new URL(page.url()).pathname.split('/').pop();
  await page.locator(`section.pr-page[data-complete^="${id}"]`).waitFor();
  const stored = await manager('GET', `/programme-reports/${id}`);
  assert.equal(stored.status, 200);
  assert.deepEqual(
    [stored.body.title, stored.body.from, stored.body.to, stored.body.audience, stored.body.status, stored.body.challenges],
    [title, '2016-01-01', '2016-12-31', 'shared', 'draft', 'Flooding closed two blocks in August.'],
    'the report as written',
  );

  // The printable page: title, period, the narrative, the figures as the API answers them.
  assert.equal(await page.locator('h1 bdi').first().textContent(), title);
  assert.match(await page.locator('[data-fact="period"]').textContent(), /2016.01.01.*2016.12.31/);
  await page.getByRole('heading', { name: WORDS.en.figures }).waitFor();
  assert.equal((await page.locator('.pr-challenges .pr-text').textContent()).trim(), 'Flooding closed two blocks in August.');
  const { indicators } = await checkFigures(page, manager, id, 'en shared');
  assert.ok(Object.values(indicators).some((i) => i.target != null && i.achievement != null), 'some target is reached in part');
  await noHorizontalOverflow(page, 'en report');
  await shot(page, 'programme-report-360-en');

  // Printed: no navigation, buttons or crumbs; the figures and the narrative; white paper.
  const paper = await printed(page);
  assert.deepEqual(
    { nav: paper.nav, crumbs: paper.crumbs, actions: paper.actions, table: paper.table, chart: paper.chart, summary: paper.summary },
    { nav: false, crumbs: false, actions: false, table: true, chart: true, summary: true },
    'the print layout',
  );
  for (const bg of [paper.body, paper.page]) assert.match(bg, /rgb\(255, 255, 255\)|rgba\(0, 0, 0, 0\)/, `no dark background in print: ${bg}`);
  assert.equal(paper.figuresBreak, 'page', 'the figures begin a page');

  // The workbook for the same report.
  const href = await page.getByRole('link', { name: WORDS.en.xlsx }).getAttribute('href');
  assert.equal(new URL(href, base).pathname, `/api/v1/programme-reports/${id}/render`);
  const xlsx = await page.request.get(base + href);
  assert.equal(xlsx.status(), 200);
  assert.match(xlsx.headers()['content-type'], /spreadsheetml/);
  assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'a workbook (a ZIP)');

  // Edited and made final; a save based on an older version is refused and offers the latest.
  await page.goto(base + `/reports/programme/${id}/edit`);
  await page.locator('#pr-next-steps, #pr-next_steps').first().waitFor();
  await manager('PATCH', `/programme-reports/${id}`, { lessons_learned: 'Written elsewhere meanwhile.' }, { 'If-Match': `"${stored.body.version}"` });
  await page.locator('#pr-next_steps').fill('Hand over to ALARM.');
  await page.getByRole('button', { name: WORDS.en.save, exact: true }).click();
  await page.getByRole('button', { name: WORDS.en.reload }).click();
  await page.locator('#pr-lessons_learned').waitFor();
  assert.equal(await page.locator('#pr-lessons_learned').inputValue(), 'Written elsewhere meanwhile.', 'the latest version');
  await page.locator('#pr-next_steps').fill('Hand over to ALARM.');
  await page.locator('#pr-status-final, input[name="status"][value="final"]').first().check();
  await page.getByRole('button', { name: WORDS.en.save, exact: true }).click();
  await page.locator('.notice').filter({ hasText: 'Report saved.' }).waitFor();
  const final = await manager('GET', `/programme-reports/${id}`);
  assert.deepEqual([final.body.next_steps, final.body.status, final.body.lessons_learned], ['Hand over to ALARM.', 'final', 'Written elsewhere meanwhile.']);

  // In Arabic: right to left, the same figures, the narrative's headings in Arabic.
  await page.evaluate(() => localStorage.setItem('baton.language', 'ar'));
  await screenAt(page, `/reports/programme/${id}`);
  await page.locator(`section.pr-page[data-complete^="${id}"]`).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await page.getByRole('heading', { name: WORDS.ar.figures }).waitFor();
  await page.getByRole('heading', { name: WORDS.ar.challenges }).waitFor();
  await checkFigures(page, manager, id, 'ar shared');
  await noHorizontalOverflow(page, 'ar report');
  const arPaper = await printed(page);
  assert.deepEqual([arPaper.nav, arPaper.actions, arPaper.table], [false, false, true], 'the Arabic print layout');
  assert.match(await page.getByRole('link', { name: WORDS.ar.xlsx }).getAttribute('href'), /lang=ar/);
  await shot(page, 'programme-report-360-ar');
  assert.deepEqual(page.cspErrors, [], 'no CSP violation');
});

test("dca.viewer reads the demo's final 2016 report, shared figures only, and writes none", async () => {
  await ready();
  const list = await viewer('GET', `/programme-reports?programme_id=${programme.id}`);
  assert.equal(list.status, 200);
  const demo = list.body.items.find((r) => r.from === '2016-01-01' && r.to === '2016-12-31' && r.status === 'final');
  assert.ok(demo, `the demo's 2016 report for the donor: ${JSON.stringify(list.body.items.map((r) => r.title))}`);
  assert.ok(list.body.items.every((r) => r.status === 'final' && r.audience === 'shared'), 'a viewer lists final shared reports only');
  const { page } = await newContext(PHONE);
  await page.goto(base + '/signin');
  await page.evaluate(() => localStorage.setItem('baton.language', 'en'));
  await signIn(page, 'dca.viewer');
  await screenAt(page, '/reports/programme');
  assert.equal(await page.getByRole('link', { name: WORDS.en.new }).count(), 0, 'no new report for a viewer');
  await page.locator(`li[data-id="${demo.id}"] a`).first().click();
  await page.locator(`section.pr-page[data-complete^="${demo.id}"]`).waitFor();
  const { rendered } = await checkFigures(page, viewer, demo.id, 'viewer');
  assert.equal(rendered.audience, 'shared');
  assert.ok(rendered.narrative.summary, 'the demo report has a summary');
  assert.equal((await page.locator('.pr-summary .pr-text').textContent()).trim(), rendered.narrative.summary);
  assert.equal(await page.locator('.pr-actions a[href$="/edit"]').count(), 0, 'no edit for a viewer');
  await noHorizontalOverflow(page, 'viewer report');
  assert.deepEqual(page.cspErrors, [], 'no CSP violation');
});

// axe-core is injected as a script, so this context bypasses the page's CSP.
test('every programme report screen at 360 px in English and Arabic, with no WCAG 2 A/AA violations', async () => {
  await ready();
  const list = await manager('GET', `/programme-reports?programme_id=${programme.id}`);
  const id = list.body.items[0].id;
  const { page } = await newContext(PHONE, { bypassCSP: true });
  for (const lang of ['en', 'ar']) {
    await page.goto(base + '/signin');
    await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
    if (lang === 'en') await signIn(page, 'iom.manager');
    for (const path of ['/reports/programme', '/reports/programme/new', `/reports/programme/${id}`, `/reports/programme/${id}/edit`]) {
      await screenAt(page, path);
      if (path === `/reports/programme/${id}`) await page.locator(`section.pr-page[data-complete^="${id}"]`).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr', path);
      await noHorizontalOverflow(page, `${lang} ${path}`);
      await axeCheck(page, `${path} (${lang})`);
    }
  }
});
