// Browser tests of the reporting dashboards against the real `baton serve` and its demo data, on a
// 360 px phone, in English and in Arabic: IOM's manager opens the dashboard for 2016 and every
// figure it shows — the indicator table, people reached by sex and age, by population group and by
// disability, reach by stream month by month — is the one the API answers for the same query, first
// internal and then shared, where hidden small counts read "<5" exactly where the API hides them;
// DanChurchAid's viewer, whom the programme names as a viewer organisation, sees the shared figures
// only, without the audience choice; a quarter at one site is the API's answer for the same; the 4Ws
// downloads are for the period shown and answer with a file. Every screen under the real CSP, with
// no sideways scrolling, and axe-core's WCAG 2 A/AA rules on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt, webRoot } from './harness.mjs';

// The activities' names of the streams, which the reach table's columns use.
const STREAMS = Object.fromEntries(['en', 'ar'].map((l) => [l, JSON.parse(readFileSync(join(webRoot, `src/i18n/activities.${l}.json`), 'utf8')).stream]));

const PHONE = { width: 360, height: 740 };
const YEAR = '2016';
const FROM = YEAR + '-01-01';
const TO = YEAR + '-12-31';
const WORDS = {
  en: { nav: 'Reports', title: 'Reports', show: 'Show', shared: 'Sharing outside (small numbers hidden)', hidden: 'To protect the people served' },
  ar: { nav: 'التقارير', title: 'التقارير', show: 'عرض', shared: 'المشاركة خارج المنظمة (الأرقام الصغيرة مخفية)', hidden: 'لحماية الأشخاص الذين نخدمهم' },
};

let manager; // the API as iom.manager
let viewer; // the API as dca.viewer
let programme; // the programme in view of both: IOM's
let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  viewer = await apiSession('dca.viewer');
  const mine = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(mine.status, 200);
  programme = mine.body.items[0];
  assert.ok(programme, 'IOM has a programme');
  // The app puts the first programme listed in view; the viewer's must be IOM's too.
  const theirs = await viewer('GET', '/programmes?limit=50&active=true');
  assert.equal(theirs.status, 200, 'a viewer lists the programmes they may read');
  assert.equal(theirs.body.items[0]?.id, programme.id, "DanChurchAid's viewer reads IOM's programme");
}

const report = async (as, params) => {
  const q = new URLSearchParams({ programme: programme.id, from: FROM, to: TO, ...params });
  const r = await as('GET', '/reports/indicators?' + q);
  assert.equal(r.status, 200, `GET /reports/indicators?${q}: ${JSON.stringify(r.body)}`);
  return r.body;
};

// A figure as the dashboard prints it: "2,140", "71.4 %", the hidden count as the server wrote it.
const figure = (v, unit) =>
  typeof v === 'string' ? v : typeof v !== 'number' ? '—' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }) + (unit === 'percent' ? ' %' : '');

// A table of the page as { row: { column: text } }; the indicator table as { code: value }.
const tableOf = (page, name) =>
  page.evaluate((n) => {
    const out = {};
    for (const tr of document.querySelectorAll(`table[data-table="${n}"] tbody tr`)) {
      out[tr.dataset.key] = {};
      for (const td of tr.querySelectorAll('td')) out[tr.dataset.key][td.dataset.key] = td.textContent.trim();
    }
    return out;
  }, name);
// The indicator table's names (without the numerator and denominator under a percent's), by code.
const namesOf = (page) =>
  page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('table[data-table="indicators"] tr[data-code]')].map((tr) => [tr.dataset.code, tr.querySelector('th').firstChild.textContent.trim()])),
  );
const columnsOf = (page, name) =>
  page.evaluate((n) => [...document.querySelectorAll(`table[data-table="${n}"] thead th`)].slice(1).map((th) => th.textContent.trim()), name);
const indicatorsOf = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('table[data-table="indicators"] tr[data-code]')].map((tr) => [tr.dataset.code, tr.querySelector('td').textContent.trim()]),
    ),
  );

const cell = (cells, where) => {
  const c = (cells || []).find((x) => Object.entries(where).every(([d, v]) => x[d] === v));
  return c ? c.value : 0;
};
const hiddenIn = (tables) => Object.values(tables).flatMap((t) => Object.values(t).flatMap((row) => Object.values(row))).filter((v) => v === '<5').length;

// Every figure on the dashboard against the API's answers for the same query as `as`, at `audience`.
async function checkFigures(page, as, audience, label, period = { from: FROM, to: TO }) {
  const main = await report(as, { audience, breakdown: 'sex,age_band', ...period });
  const groups = await report(as, { audience, indicators: 'people_reached', breakdown: 'population_group,disability', ...period });
  assert.equal(main.audience, audience, `${label}: the API's audience`);

  // The table of every indicator: the same indicators, the same values.
  const shown = await indicatorsOf(page);
  const want = Object.fromEntries(main.indicators.map((i) => [i.code, figure(i.value, i.unit)]));
  assert.deepEqual(shown, want, `${label}: every indicator as the API answers`);
  // Targets of exactly the period, with how much of each was reached.
  const targets = await page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('table[data-table="indicators"] tr[data-code]')].map((tr) => [tr.dataset.code, tr.querySelector('.rp-target').textContent.trim()]),
    ),
  );
  for (const i of main.indicators) {
    if (i.target == null) {
      assert.equal(targets[i.code], '—', `${label}: ${i.code} has no target`);
      continue;
    }
    assert.ok(targets[i.code].includes(figure(i.target, i.unit)), `${label}: ${i.code}'s target ${i.target} in "${targets[i.code]}"`);
    if (i.achievement != null) assert.ok(targets[i.code].includes(String(i.achievement)), `${label}: ${i.code} reached ${i.achievement}%`);
  }
  if (period.from === FROM && period.to === TO) {
    assert.ok(main.indicators.some((i) => i.target != null && i.achievement != null), `${label}: the demo's targets for the year`);
  }
  // Printed: the figures without the choices, the downloads or the navigation.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => ({
    filters: getComputedStyle(document.querySelector('.rp-filters')).display,
    downloads: getComputedStyle(document.querySelector('[aria-labelledby="rp-downloads"]')).display,
    table: getComputedStyle(document.querySelector('table[data-table="indicators"]')).display,
  }));
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(printed, { filters: 'none', downloads: 'none', table: 'table' }, `${label}: the print layout`);
  const reached = main.indicators.find((i) => i.code === 'people_reached');
  assert.equal(typeof reached.value, 'number', `${label}: people reached is a number`);
  assert.ok(reached.value > 0, `${label}: the demo reached people in the period`);

  // People reached by sex and age band: cells, margins and the total.
  const sexAge = await tableOf(page, 'sex-age');
  const sexes = Object.keys(sexAge.total || {}).filter((k) => k !== 'total');
  assert.ok(sexes.includes('female') && sexes.includes('male'), `${label}: columns for women and men`);
  const wantSexAge = {};
  for (const a of main.categories.age_band) {
    wantSexAge[a] = Object.fromEntries(sexes.map((s) => [s, figure(cell(reached.cells, { sex: s, age_band: a }))]));
    wantSexAge[a].total = figure(cell(reached.margins.age_band, { age_band: a }));
  }
  wantSexAge.total = Object.fromEntries(sexes.map((s) => [s, figure(cell(reached.margins.sex, { sex: s }))]));
  wantSexAge.total.total = figure(reached.value);
  assert.deepEqual(sexAge, wantSexAge, `${label}: people reached by sex and age as the API answers`);

  // By population group and by disability: the margins.
  const grouped = groups.indicators.find((i) => i.code === 'people_reached');
  const margins = {};
  const wantMargins = {};
  for (const [dim, name] of [
    ['population_group', 'population-group'],
    ['disability', 'disability'],
  ]) {
    margins[name] = await tableOf(page, name);
    const wantMargin = Object.fromEntries(groups.categories[dim].map((c) => [c, { people: figure(cell(grouped.margins[dim], { [dim]: c })) }]));
    assert.deepEqual(margins[name], wantMargin, `${label}: people reached by ${dim} as the API answers`);
    wantMargins[name] = wantMargin;
  }

  // Reach by stream, month by month: one query a month. Streams that reached no one in any month are
  // named under the table instead of filling it with zeros.
  const reach = await tableOf(page, 'reach');
  const codes = main.indicators.filter((i) => i.code.startsWith('people_reached_')).map((i) => i.code);
  const first = +period.from.slice(5, 7);
  const months = [...Array(+period.to.slice(5, 7) - first + 1)].map((_, i) => `${period.from.slice(0, 4)}-${String(first + i).padStart(2, '0')}`);
  assert.deepEqual(Object.keys(reach), months, `${label}: a row a month`);
  const monthly = {};
  for (const month of months) {
    const last = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5), 0)).getUTCDate();
    const m = await report(as, { ...period, audience, from: month + '-01', to: `${month}-${last}`, indicators: codes.join(',') });
    monthly[month] = Object.fromEntries(m.indicators.map((i) => [i.code, i.value]));
  }
  const nobody = codes.filter((c) => months.every((m) => monthly[m][c] === 0));
  assert.ok(nobody.length < codes.length, `${label}: some stream reached people in the period`);
  const named = await page.locator('[data-streams-without-reach]').evaluateAll((ps) => ps.flatMap((p) => p.dataset.streamsWithoutReach.split(' ')));
  assert.deepEqual(named, nobody, `${label}: the streams that reached no one`);
  for (const month of months) {
    const wantMonth = Object.fromEntries(codes.filter((c) => !nobody.includes(c)).map((c) => [c, figure(monthly[month][c])]));
    assert.deepEqual(reach[month], wantMonth, `${label}: reach in ${month} as the API answers`);
  }

  // Hidden counts: the API's "<5" in what the dashboard shows are on the page, as many of them.
  const apiHidden = hiddenIn({ wantSexAge, ...wantMargins, all: { want } });
  const pageHidden = hiddenIn({ sexAge, ...margins, all: { shown } });
  return { main, apiHidden, pageHidden, reach };
}

async function openDashboard(page, lang, username) {
  await page.goto(base + '/signin');
  await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
  await signIn(page, username);
  assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
  await page.locator('header.top nav').getByRole('link', { name: WORDS[lang].nav, exact: true }).click();
  await page.getByRole('heading', { name: WORDS[lang].title, level: 1 }).waitFor();
  await page.getByText(String(programme.name)).first().waitFor();
  // The year, chosen in the form.
  await page.locator('#rp-kind').selectOption('year');
  await page.locator('#rp-year').selectOption(YEAR);
  await page.getByRole('button', { name: WORDS[lang].show, exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('period') === YEAR);
  await settled(page, username === 'iom.manager' ? 'internal' : 'shared');
}

// Every section's figures are in, for this period and audience (the reach chart comes last: a request
// a month); the figures of the screen before are gone.
async function settled(page, audience, from = FROM, to = TO) {
  const want = audience ? `[data-complete="${from} ${to} ${audience}"]` : '[data-complete]';
  await page.locator('section.reports' + want).waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
}

for (const lang of ['en', 'ar']) {
  test(`${lang}: iom.manager reads 2016 internal, then shared with "<5" where the API hides counts`, async () => {
    await ready();
    const { page } = await newContext(PHONE);
    await openDashboard(page, lang, 'iom.manager');

    // Internal: every number, as the API answers it.
    assert.ok(await page.locator('#rp-audience-internal').isChecked(), 'internal figures by default');
    const internal = await checkFigures(page, manager, 'internal', `${lang} internal`);
    assert.equal(internal.main.sensitivity, 'high');
    assert.equal(internal.pageHidden, internal.apiHidden, `${lang} internal: hidden counts as the API's`);
    await noHorizontalOverflow(page, `${lang} internal`);
    await shot(page, `reports-internal-360-${lang}`);

    // The 4Ws downloads: links for the period and audience, answered with a file in the page's session.
    for (const format of ['csv', 'xlsx']) {
      const href = await page.locator(`a[href*="/reports/4ws"][href*="format=${format}"]`).getAttribute('href');
      const u = new URL(href, base);
      assert.equal(u.pathname, '/api/v1/reports/4ws');
      assert.deepEqual(
        [u.searchParams.get('programme'), u.searchParams.get('from'), u.searchParams.get('to'), u.searchParams.get('audience')],
        [programme.id, FROM, TO, 'internal'],
      );
      const r = await page.request.get(base + href);
      assert.equal(r.status(), 200, `4Ws ${format}: ${await r.text()}`);
      assert.match(r.headers()['content-disposition'] || '', /attachment/, `4Ws ${format} is a download`);
      if (format === 'csv') assert.match((await r.text()).split(/\r?\n/)[1], /#org/, 'the HXL hashtags under the column names');
    }

    // The record exports: de-identified by default; names only when the manager chooses them.
    const exportLink = (kind, format) => page.locator(`#rp-exports ~ table tr[data-kind="${kind}"] a[href*="format=${format}"]`);
    const peopleCsv = new URL(await exportLink('people', 'csv').getAttribute('href'), base);
    assert.equal(peopleCsv.pathname, '/api/v1/exports/people');
    assert.deepEqual([peopleCsv.searchParams.get('programme'), peopleCsv.searchParams.get('from'), peopleCsv.searchParams.get('identity')], [programme.id, FROM, null]);
    const deidentified = await page.request.get(base + peopleCsv.pathname + peopleCsv.search);
    assert.equal(deidentified.status(), 200, `people CSV: ${await deidentified.text()}`);
    assert.equal(deidentified.headers()['x-baton-sensitivity'], 'moderate');
    assert.match((await deidentified.text()).split(/\r?\n/)[1], /#person\+code/, 'the HXL row of the export');
    await page.locator('input[name="rp-identity"][value="identified"]').check();
    assert.equal(new URL(await exportLink('cases', 'xlsx').getAttribute('href'), base).searchParams.get('identity'), 'identified');
    assert.equal(await page.locator('#rp-exports ~ table tr[data-kind="activities"]').count(), 0, 'activities name no one');
    await page.locator('input[name="rp-identity"][value="deidentified"]').check();

    // Shared: the small counts hidden where the API hides them.
    await page.getByRole('radio', { name: WORDS[lang].shared }).check();
    await page.waitForURL((u) => u.searchParams.get('audience') === 'shared');
    await settled(page, 'shared');
    await page.getByText(WORDS[lang].hidden).waitFor();
    const shared = await checkFigures(page, manager, 'shared', `${lang} shared`);
    assert.equal(shared.main.sensitivity, 'moderate');
    assert.ok(shared.apiHidden > 0, `${lang}: the shared report of ${YEAR} hides some small counts`);
    assert.equal(shared.pageHidden, shared.apiHidden, `${lang} shared: every "<5" of the API is on the page`);
    assert.ok(await page.locator('.rp-chart .rp-hidden').count() > 0, `${lang}: hidden counts are hatched bars in the charts`);
    await noHorizontalOverflow(page, `${lang} shared`);
    await shot(page, `reports-shared-360-${lang}`);
    assert.deepEqual(page.cspErrors, [], 'no CSP violation');
  });

  test(`${lang}: dca.viewer sees only the shared figures of IOM's programme`, async () => {
    await ready();
    const { page } = await newContext(PHONE);
    await openDashboard(page, lang, 'dca.viewer');
    assert.equal(await page.locator('input[name="rp-audience"]').count(), 0, 'no audience choice for a viewer');
    await page.getByText(WORDS[lang].hidden).waitFor();
    const shared = await checkFigures(page, viewer, 'shared', `${lang} viewer`);
    assert.equal(shared.pageHidden, shared.apiHidden, `${lang} viewer: every "<5" of the API is on the page`);
    // The viewer's figures are the manager's shared ones.
    const managers = await report(manager, { audience: 'shared', breakdown: 'sex,age_band' });
    assert.deepEqual(shared.main.indicators, managers.indicators, 'the same shared report for the viewer and the manager');
    const links = await page.locator('a[href*="/reports/4ws"]').evaluateAll((as) => as.map((a) => new URL(a.href).searchParams.get('audience')));
    assert.deepEqual(links, ['shared', 'shared'], 'the 4Ws downloads are the shared ones');
    const csv = await page.request.get(await page.locator('a[href*="/reports/4ws"][href*="format=csv"]').evaluate((a) => a.href));
    assert.equal(await page.locator('#rp-exports').count(), 0, 'no record exports for a viewer');
    assert.equal(csv.status(), 200, 'a viewer downloads the shared 4Ws');
    await noHorizontalOverflow(page, `${lang} viewer`);
    await shot(page, `reports-viewer-360-${lang}`);
    assert.deepEqual(page.cspErrors, [], 'no CSP violation');
  });
}

test('ar: indicators in the words the server gives in Arabic, streams in the app\'s', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await openDashboard(page, 'ar', 'iom.manager');
  const main = await report(manager, { audience: 'internal', breakdown: 'sex,age_band' });
  const names = await namesOf(page);
  for (const i of main.indicators) assert.equal(names[i.code], i.wording.ar || i.wording.en, `the Arabic wording of ${i.code}`);
  assert.notEqual(names.people_reached, main.indicators.find((i) => i.code === 'people_reached').wording.en, 'people reached in Arabic');
  const columns = await columnsOf(page, 'reach');
  assert.ok(columns.includes(STREAMS.ar.peer_support), `the peer-support groups' stream in Arabic among ${columns}`);
  assert.ok(!columns.includes(STREAMS.en.peer_support));
});

test('iom.manager: a quarter at one site, as the API answers it', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await openDashboard(page, 'en', 'iom.manager');
  await page.locator('#rp-kind').selectOption('quarter');
  await page.locator('#rp-quarter').selectOption('3');
  await page.locator('#rp-site').selectOption(programme.site_id);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('period') === YEAR + '-Q3' && u.searchParams.get('site') === programme.site_id);
  const period = { from: YEAR + '-07-01', to: YEAR + '-09-30', site: programme.site_id };
  await settled(page, 'internal', period.from, period.to);
  await checkFigures(page, manager, 'internal', 'Q3 at the site', period);
  assert.equal(await page.locator('#rp-site').inputValue(), programme.site_id, 'the site stays chosen');
  const csv = new URL(await page.locator('a[href*="/reports/4ws"][href*="format=csv"]').getAttribute('href'), base);
  assert.deepEqual([csv.searchParams.get('from'), csv.searchParams.get('to'), csv.searchParams.get('site')], [period.from, period.to, period.site]);
  const records = new URL(await page.locator('#rp-exports ~ table tr[data-kind="attendance"] a[href*="format=csv"]').getAttribute('href'), base);
  assert.deepEqual([records.searchParams.get('from'), records.searchParams.get('to'), records.searchParams.get('site')], [period.from, period.to, period.site], 'the record exports are for the period and site in view');
  assert.deepEqual(page.cspErrors, [], 'no CSP violation');
});

// axe-core is injected as a script, so these contexts bypass the page's CSP.
test('every dashboard screen at 360 px in English and Arabic, with no WCAG 2 A/AA violations', async () => {
  await ready();
  const screens = {
    'iom.manager': [
      ['/reports?period=' + YEAR, 'internal'],
      [`/reports?period=${YEAR}&audience=shared`, 'shared'],
      [`/reports?period=${YEAR}-Q3`, 'quarter'],
      [`/reports?from=${YEAR}-03-15&to=${YEAR}-05-31`, 'dates'],
    ],
    'dca.viewer': [['/reports?period=' + YEAR, 'viewer']],
  };
  for (const [username, list] of Object.entries(screens)) {
    const { page } = await newContext(PHONE, { bypassCSP: true });
    for (const lang of ['en', 'ar']) {
      await page.goto(base + '/signin');
      await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
      if (lang === 'en') await signIn(page, username);
      for (const [path, name] of list) {
        await screenAt(page, path);
        await settled(page);
        assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr', path);
        await page.getByRole('heading', { name: WORDS[lang].title, level: 1 }).waitFor();
        await noHorizontalOverflow(page, `${lang} ${username} ${path}`);
        await shot(page, `reports-axe-${name}-360-${lang}`);
        await axeCheck(page, `${username} ${path} (${lang})`);
      }
      if (username === 'iom.manager') {
        // Two dates the wrong way round: said beside the second.
        await screenAt(page, `/reports?from=${YEAR}-03-15&to=${YEAR}-05-31`);
        await page.locator('#rp-to').fill(`${YEAR}-01-01`);
        await page.locator('#rp-to-error').waitFor();
        assert.equal(await page.locator('#rp-to').getAttribute('aria-invalid'), 'true');
        await axeCheck(page, `dates the wrong way round (${lang})`);
      }
    }
  }
});
