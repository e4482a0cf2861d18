// Browser tests of the counselling screens against the real `baton serve` and its demo data, on a
// 360 px phone: a counsellor's day, in English and then in Arabic (each with a demo person of its
// own) — the counsellor opens a case from their caseload (a server error beside its field first),
// moves it to active, records a session whose next appointment is long past (an error beside the
// field first) so that it shows as overdue on the caseload, records a PHQ-9 with item 9 above 0 (a
// date after today refused beside its field first; the result warns that a risk flag went to the
// supervisor, the case page charts the total, the supervisor's queue has the flag), and records a
// risk assessment with self-harm high (the form warns that a flag goes to the supervisor); the
// supervisor finds the flag in the queue beside the PHQ-9's, acknowledges both with a note
// (required: said beside the box first) and they leave the queue; the counsellor asks for closure
// (reason and outcome required) and the supervisor signs it off. The M&E officer's view of the case
// has dates, statuses and the PHQ-9's scores, no notes and no risk. Then the person page's
// counselling section for the counsellor and its absence for a facilitator; the list of cases for a
// manager; every screen under the real CSP without sideways scrolling, right to left in Arabic.
// axe-core's WCAG 2 A/AA rules run on every screen of the day, as it is shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt, focusMovesTo } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const run = Math.random().toString(36).slice(2, 8);
// A month from now: a date the server refuses as after today.
const FUTURE = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);

// What the screens say, in each language (and the data typed in, which stays as typed).
const WORDS = {
  en: {
    caseload: 'My caseload',
    queue: 'Supervision queue',
    openCase: 'Open a case',
    openSave: 'Open the case',
    find: 'Find the person by name or code',
    search: 'Search',
    supervisor: 'Supervisor',
    openedOn: 'Opened on',
    afterToday: 'This date is after today.',
    referral: 'How the person came',
    communityLeader: 'A community leader',
    summary: 'Why the person came',
    opened: (name) => `Case opened for ${name}.`,
    intake: 'Intake',
    toActive: 'Start counselling (active)',
    nowActive: 'The case is now: Active.',
    recordSession: 'Record a session',
    sessionDate: 'Date of the session',
    duration: 'Duration in minutes',
    next: 'Next appointment',
    notes: 'Session notes',
    saveSession: 'Save the session',
    afterSession: "The next appointment must be after the session's date.",
    sessionRecorded: 'Session of 2016-03-08 recorded.',
    sessionEntry: 'Session: individual',
    overdue: 'Overdue',
    followUpWas: 'Follow-up was due on',
    dueN: (n) => `Follow-ups due: ${n}`,
    recordRisk: 'Record a risk assessment',
    riskDate: 'Date of the assessment',
    selfHarm: 'Suicide and self-harm',
    high: 'High',
    highWarning: 'A high level raises a risk flag: IOM supervisor is asked to acknowledge it within 24 hours.',
    details: 'What was said, and the safety plan',
    saveRisk: 'Save the risk assessment',
    riskRecorded: 'Risk assessment recorded. A risk flag went to IOM supervisor to acknowledge.',
    flagOpen: 'Open risk flag: Suicide and self-harm (High).',
    flagsN: (n) => `Open risk flags: ${n}`,
    chart: 'Highest risk level at each assessment',
    flagsTitle: (n) => `Risk flags to acknowledge (${n})`,
    flagIs: 'Suicide and self-harm, level High',
    actionTaken: 'Action taken',
    acknowledge: 'Acknowledge',
    required: 'This is required.',
    acknowledged: (name) => `Flag acknowledged: Suicide and self-harm, ${name}.`,
    noFlags: 'No risk flag is waiting.',
    flagAcknowledged: 'Flag for the supervisor (Suicide and self-harm): acknowledged',
    askClosure: 'Ask for closure',
    closureReason: 'Reason for closing',
    outcome: 'Outcome for the person',
    neededToClose: 'This is needed to close a case.',
    goalsMet: 'Goals met',
    improved: 'Improved',
    nowClosing: 'The case is now: Closure asked for.',
    closuresTitle: (n) => `Closures to sign off (${n})`,
    signOff: 'Sign off the closure',
    signedOff: (name) => `Closure signed off: ${name}.`,
    noClosures: 'No closure is waiting.',
    closed: 'Closed',
    notesHidden: 'What was said in this case is not shown to your role: only dates and statuses are.',
    timeline: 'Timeline',
    changePlan: 'Change the case plan',
    planTitle: 'Case plan',
    addGoal: 'Add a goal',
    savePlan: 'Save the plan',
    planSaved: 'Case plan saved.',
    goalOpen: 'Open',
    writeNote: 'Write a supervision note',
    note: 'Supervision note',
    saveNote: 'Save the note',
    noteEntry: 'Supervision note',
    recordOutcome: 'Record an assessment',
    instrument: 'Instrument',
    timepoint: 'Timepoint',
    baseline: 'Baseline',
    saveOutcome: 'Save the assessment',
    question: (n) => `Question ${n}.`,
    phqRecorded: 'PHQ-9 of 2016-03-09 recorded.',
    flagSent: 'An answer raised a risk flag: it went to IOM supervisor to acknowledge.',
    totalOf: 'Total: 9 of 27.',
    band: 'Band: Mild',
    backToCase: 'Back to the case',
    phqLatest: 'Latest: 9 of 27 on 2016-03-09 (Baseline) · Mild',
    phqFlagOpen: 'Open risk flag: Suicide and self-harm (PHQ-9).',
    flagFrom: 'Suicide and self-harm, from PHQ-9',
  },
  ar: {
    caseload: 'حالاتي',
    queue: 'قائمة الإشراف',
    openCase: 'فتح حالة',
    openSave: 'فتح الحالة',
    find: 'ابحث عن الشخص بالاسم أو الرمز',
    search: 'بحث',
    supervisor: 'المشرف',
    openedOn: 'تاريخ الفتح',
    afterToday: 'هذا التاريخ بعد اليوم.',
    referral: 'كيف وصل الشخص',
    communityLeader: 'أحد قادة المجتمع',
    summary: 'سبب قدوم الشخص',
    opened: (name) => `فُتحت حالة لـ ${name}.`,
    intake: 'استقبال',
    toActive: 'بدء الإرشاد (نشطة)',
    nowActive: 'وضع الحالة الآن: نشطة.',
    recordSession: 'تسجيل جلسة',
    sessionDate: 'تاريخ الجلسة',
    duration: 'المدة بالدقائق',
    next: 'الموعد القادم',
    notes: 'ملاحظات الجلسة',
    saveSession: 'حفظ الجلسة',
    afterSession: 'يجب أن يكون الموعد القادم بعد تاريخ الجلسة.',
    sessionRecorded: 'تم تسجيل جلسة 2016-03-08.',
    sessionEntry: 'جلسة: فردية',
    overdue: 'متأخرة',
    followUpWas: 'كانت المتابعة مستحقة في',
    dueN: (n) => `المتابعات المستحقة: ${n}`,
    recordRisk: 'تسجيل تقييم للخطر',
    riskDate: 'تاريخ التقييم',
    selfHarm: 'الانتحار وإيذاء النفس',
    high: 'مرتفع',
    highWarning: 'المستوى المرتفع يثير تنبيه خطر: يُطلب من IOM supervisor الإقرار به خلال 24 ساعة.',
    details: 'ما قيل، وخطة السلامة',
    saveRisk: 'حفظ تقييم الخطر',
    riskRecorded: 'تم تسجيل تقييم الخطر. أُرسل تنبيه خطر إلى IOM supervisor للإقرار به.',
    flagOpen: 'تنبيه خطر مفتوح: الانتحار وإيذاء النفس (مرتفع).',
    flagsN: (n) => `تنبيهات الخطر المفتوحة: ${n}`,
    chart: 'أعلى مستوى للخطر في كل تقييم',
    flagsTitle: (n) => `تنبيهات خطر بانتظار الإقرار (${n})`,
    flagIs: 'الانتحار وإيذاء النفس، المستوى مرتفع',
    actionTaken: 'الإجراء المتخذ',
    acknowledge: 'إقرار',
    required: 'هذا الحقل مطلوب.',
    acknowledged: (name) => `تم الإقرار بالتنبيه: الانتحار وإيذاء النفس، ${name}.`,
    noFlags: 'لا يوجد تنبيه خطر بانتظارك.',
    flagAcknowledged: 'تنبيه للمشرف (الانتحار وإيذاء النفس): تم الإقرار به في',
    askClosure: 'طلب الإغلاق',
    closureReason: 'سبب الإغلاق',
    outcome: 'النتيجة بالنسبة للشخص',
    neededToClose: 'هذا مطلوب لإغلاق الحالة.',
    goalsMet: 'تحققت الأهداف',
    improved: 'تحسّن',
    nowClosing: 'وضع الحالة الآن: طُلب إغلاقها.',
    closuresTitle: (n) => `إغلاقات بانتظار الاعتماد (${n})`,
    signOff: 'اعتماد الإغلاق',
    signedOff: (name) => `تم اعتماد الإغلاق: ${name}.`,
    noClosures: 'لا يوجد إغلاق بانتظارك.',
    closed: 'مغلقة',
    notesHidden: 'ما قيل في هذه الحالة لا يُعرض لدورك: تظهر التواريخ والأوضاع فقط.',
    timeline: 'التسلسل الزمني',
    changePlan: 'تغيير خطة الحالة',
    planTitle: 'خطة الحالة',
    addGoal: 'إضافة هدف',
    savePlan: 'حفظ الخطة',
    planSaved: 'تم حفظ خطة الحالة.',
    goalOpen: 'مفتوح',
    writeNote: 'كتابة ملاحظة إشراف',
    note: 'ملاحظة الإشراف',
    saveNote: 'حفظ الملاحظة',
    noteEntry: 'ملاحظة إشراف',
    recordOutcome: 'تسجيل تقييم',
    instrument: 'الأداة',
    timepoint: 'مرحلة القياس',
    baseline: 'خط الأساس',
    saveOutcome: 'حفظ التقييم',
    question: (n) => `السؤال ${n}.`,
    phqRecorded: 'تم تسجيل PHQ-9 بتاريخ 2016-03-09.',
    flagSent: 'أثارت إحدى الإجابات تنبيه خطر: أُرسل إلى IOM supervisor للإقرار به.',
    totalOf: 'المجموع: 9 من 27.',
    band: 'الفئة: Mild',
    backToCase: 'العودة إلى الحالة',
    phqLatest: 'الأحدث: 9 من 27 بتاريخ 2016-03-09 (خط الأساس) · Mild',
    phqFlagOpen: 'تنبيه خطر مفتوح: الانتحار وإيذاء النفس (PHQ-9).',
    flagFrom: 'الانتحار وإيذاء النفس، من PHQ-9',
  },
};

let manager; // the API as the demo manager
let people; // demo people of the programme, with names and codes
const cases = {}; // by language: the case opened in the browser

let setUp = null;
const ready = () => (setUp ||= setUpOnce());

async function setUpOnce() {
  manager = await apiSession('iom.manager');
  const programmes = await manager('GET', '/programmes?limit=50&active=true');
  assert.equal(programmes.status, 200);
  const programme = programmes.body.items[0];
  const list = await manager('GET', `/persons?programme_id=${programme.id}&status=active&limit=60`);
  assert.equal(list.status, 200);
  people = list.body.items.filter((p) => p.code && p.given_name && p.family_name);
  assert.ok(people.length >= 3, 'the demo programme has registered people with names');
}

const nameOf = (p) => `${p.given_name} ${p.family_name}`;
// Text as read: dates in sentences are isolated and kept on one line (non-breaking hyphens).
const plain = (text) => text.replace(/[\u2066\u2069]/g, '').replace(/\u2011/g, '-');

// A signed-in phone, in `lang`, as `username`; axe-core is injected, so this context alone
// bypasses the page's CSP (the last test visits every screen under it).
async function phone(username, lang, path = '/') {
  const { page } = await newContext(PHONE, { bypassCSP: true });
  await page.goto(base + '/signin');
  await page.evaluate((l) => localStorage.setItem('baton.language', l), lang);
  await signIn(page, username, path);
  assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
  return page;
}

const settled = (page) => page.waitForFunction(() => !document.querySelector('.loading'));

async function check(page, label) {
  await settled(page);
  await noHorizontalOverflow(page, label);
  await axeCheck(page, label);
}

// The day's steps, in order; each gets the language's words and what the steps before it made.
const DAY = [
  ['the counsellor opens a case from the caseload; a date after today is refused beside its field', openTheCase],
  ['the counsellor moves it to active and records a session whose next appointment is past', recordASession],
  ["the counsellor records a PHQ-9 with item 9 above 0; the flag is in the supervisor's queue", recordAPhq9],
  ['the caseload shows the follow-up overdue', seeTheCaseload],
  ['the counsellor sets a goal in the case plan (an empty one is refused beside it)', setThePlan],
  ['the counsellor records a risk assessment with self-harm high; the form warns of the flag', recordARisk],
  ['the supervisor acknowledges both flags with a note, and they leave the queue', acknowledgeTheFlag],
  ['the supervisor writes a supervision note', writeANote],
  ['the counsellor reads the note and asks for closure with a reason and an outcome', askForClosure],
  ['the supervisor signs the closure off', signOffTheClosure],
  ["the M&E officer's view of the case has no notes and no risk, and the PHQ-9's scores", meOfficerView],
];

async function openTheCase(w, day) {
  const page = (day.counsellor = await phone('iom.counsellor', day.lang));
  // The home screen's card leads to the caseload.
  await page.locator('.home-card').getByRole('link', { name: w.caseload }).click();
  await page.getByRole('heading', { name: w.caseload, level: 1 }).waitFor();
  await settled(page);
  await page.getByRole('link', { name: w.openCase }).click();
  await page.getByRole('heading', { name: w.openCase, level: 1 }).waitFor();
  await page.getByLabel(w.find).fill(day.person.code);
  await page.getByRole('button', { name: w.search, exact: true }).click();
  await page.locator('.cs-person .records li').first().waitFor();
  await check(page, `${day.lang} open a case, search results`);
  await page.locator('.cs-person .records li', { hasText: day.person.code }).getByRole('button').click();
  await page.locator('.cs-chosen').getByText(nameOf(day.person)).waitFor();
  // The supervisor is the organisation's only one, chosen already; the counsellor is oneself.
  assert.equal(await page.getByLabel(w.supervisor).locator('option:checked').textContent(), 'IOM supervisor');
  await page.locator('main').getByText('IOM counsellor', { exact: true }).waitFor();
  await page.getByLabel(w.openedOn).fill(FUTURE);
  await page.getByLabel(w.referral).selectOption({ label: w.communityLeader });
  await page.getByLabel(w.summary).fill(`Cannot sleep since the fighting ${run}`);
  await page.getByRole('button', { name: w.openSave }).click();
  await page.locator('#f-opened_on-error').getByText(w.afterToday).waitFor();
  await focusMovesTo(page, 'f-opened_on', 'focus goes to the date at fault');
  await check(page, `${day.lang} open a case with an error`);
  await shot(page, `cases-open-error-360-${day.lang}`);
  await page.getByLabel(w.openedOn).fill('2016-03-01');
  await page.getByRole('button', { name: w.openSave }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  day.caseId = new URL(page.url()).pathname.split('/').pop();
  await page.getByRole('status').getByText(w.opened(nameOf(day.person))).waitFor();
  await page.getByRole('heading', { name: nameOf(day.person), level: 1 }).waitFor();
  const status = await page.locator('section[aria-labelledby=status-title] dd').first().textContent();
  assert.equal(status, w.intake);
  await page.getByText(`Cannot sleep since the fighting ${run}`).waitFor();
  const stored = await manager('GET', '/cases/' + day.caseId);
  assert.equal(stored.body.person_id, day.person.id);
  assert.equal(stored.body.referral_source, 'community_leader');
  assert.equal(stored.body.counsellor_name, 'IOM counsellor');
  assert.equal(stored.body.supervisor_name, 'IOM supervisor');
}

async function recordASession(w, day) {
  const page = day.counsellor;
  await settled(page);
  await page.getByRole('button', { name: w.toActive }).click();
  await page.getByRole('status').getByText(w.nowActive).waitFor();
  await page.getByRole('link', { name: w.recordSession }).click();
  await page.getByRole('heading', { name: w.recordSession, level: 1 }).waitFor();
  await settled(page);
  await page.getByLabel(w.sessionDate).fill('2016-03-08');
  await page.getByLabel(w.duration).fill('50');
  await page.getByLabel(w.next).fill('2016-03-01');
  await page.getByLabel(w.notes).fill(`Talked about the night of the attack ${run}`);
  await page.getByRole('button', { name: w.saveSession }).click();
  await page.locator('#f-next_appointment-error').getByText(w.afterSession).waitFor();
  await focusMovesTo(page, 'f-next_appointment', 'focus goes to the next appointment');
  await check(page, `${day.lang} session form with an error`);
  await page.getByLabel(w.next).fill('2016-03-15');
  await page.getByRole('button', { name: w.saveSession }).click();
  await page.waitForURL(base + '/cases/' + day.caseId);
  await page.getByRole('status').getByText(w.sessionRecorded).waitFor();
  await settled(page);
  const entry = page.locator('.cs-timeline li', { hasText: w.sessionEntry });
  assert.match(await entry.innerText(), new RegExp(`2016-03-08[\\s\\S]*Talked about the night of the attack ${run}`));
  await check(page, `${day.lang} case page with a session`);
}

async function recordAPhq9(w, day) {
  const page = day.counsellor;
  await settled(page);
  await page.getByRole('link', { name: w.recordOutcome, exact: true }).click();
  await page.getByRole('heading', { name: w.recordOutcome, level: 1 }).waitFor();
  await settled(page);
  await page.getByLabel(w.instrument).selectOption({ label: 'PHQ-9' });
  const items = page.locator('fieldset.cs-question');
  await items.nth(8).waitFor();
  assert.equal(await items.count(), 9, 'one question per item');
  assert.equal(plain(await items.nth(0).locator('legend').innerText()), `${w.question(1)} Little interest or pleasure in doing things`);
  await page.getByLabel(w.timepoint).selectOption({ label: w.baseline });
  // Every answer "Several days" (1), item 9 (thoughts of self-harm) too.
  for (let i = 0; i < 9; i++) await items.nth(i).getByLabel('Several days', { exact: true }).check();
  await page.getByLabel(w.riskDate).fill(FUTURE);
  await page.getByRole('button', { name: w.saveOutcome }).click();
  await page.locator('#f-date-error').getByText(w.afterToday).waitFor();
  await focusMovesTo(page, 'f-date', 'focus goes to the date at fault');
  await check(page, `${day.lang} PHQ-9 form with an error`);
  await shot(page, `cases-phq9-360-${day.lang}`);
  await page.getByLabel(w.riskDate).fill('2016-03-09');
  await page.getByRole('button', { name: w.saveOutcome }).click();
  const result = page.locator('.cs-outcome-result');
  await result.getByRole('heading', { name: w.phqRecorded, level: 2 }).waitFor();
  await focusMovesTo(page, 'outcome-result-title', 'focus goes to the result');
  await result.locator('.warning').getByText(w.flagSent).waitFor();
  await result.getByText(w.totalOf).waitFor();
  assert.ok((await result.innerText()).includes(w.band), await result.innerText());
  await check(page, `${day.lang} PHQ-9 result with the warning`);
  await shot(page, `cases-phq9-result-360-${day.lang}`);
  const stored = await manager('GET', `/assessments?case_id=${day.caseId}`);
  assert.equal(stored.body.items.length, 1);
  assert.equal(stored.body.items[0].total, 9);
  // Back on the case page: the open flag, and the PHQ-9's total in the chart and in words.
  await result.getByRole('link', { name: w.backToCase }).click();
  await page.waitForURL(base + '/cases/' + day.caseId);
  await settled(page);
  await page.locator('.warning').getByText(w.phqFlagOpen).waitFor();
  const phq = page.locator('.cs-outcome', { has: page.getByRole('heading', { name: 'PHQ-9', level: 3 }) });
  await phq.getByRole('img', { name: /2016-03-09: 9$/ }).waitFor();
  assert.equal(plain(await phq.locator('.cs-latest').innerText()).trim(), w.phqLatest);
  await check(page, `${day.lang} case page with a PHQ-9`);
  const flags = await manager('GET', `/risk-flags?case_id=${day.caseId}&status=open`);
  assert.equal(flags.body.items.length, 1);
  assert.equal(flags.body.items[0].reason, 'self_harm');
  assert.equal(flags.body.items[0].instrument, 'phq9');
  day.phqFlagId = flags.body.items[0].id;
  // The flag is in the supervisor's queue (beside the demo data's own): self-harm, from the PHQ-9.
  const supervisor = (day.supervisor = await phone('iom.supervisor', day.lang));
  await supervisor.locator('header.top nav').getByRole('link', { name: w.queue }).click();
  await supervisor.getByRole('heading', { name: w.queue, level: 1 }).waitFor();
  await settled(supervisor);
  const queued = await queuedFlags();
  assert.ok(queued.includes(day.phqFlagId), 'the server queues the flag');
  await supervisor.getByRole('heading', { name: w.flagsTitle(queued.length), level: 2 }).waitFor();
  const item = flagItem(supervisor, day.phqFlagId);
  await item.getByRole('heading', { name: nameOf(day.person) }).waitFor();
  await item.getByText(w.flagFrom).waitFor();
}

// The ids of the flags in the supervisor's queue, as the server gives them.
async function queuedFlags() {
  const queue = await (await apiSession('iom.supervisor'))('GET', '/cases/supervision-queue');
  assert.equal(queue.status, 200);
  return queue.body.flags.map((f) => f.id);
}

// A flag in the supervisor's queue, by the id its heading carries.
const flagItem = (page, id) => page.locator('.cs-item', { has: page.locator(`[id="flag-${id}"]`) });

async function seeTheCaseload(w, day) {
  const page = day.counsellor;
  await page.locator('header.top nav').getByRole('link', { name: w.caseload }).click();
  await page.getByRole('heading', { name: w.caseload, level: 1 }).waitFor();
  await settled(page);
  const row = page.locator('.cs-rows li', { hasText: nameOf(day.person) });
  const text = plain(await row.innerText());
  assert.ok(text.includes(w.overdue), text);
  assert.ok(text.includes(w.followUpWas + ' 2016-03-15'), text);
  assert.match(await row.getAttribute('class'), /cs-due/);
  // Due follow-ups come first.
  assert.ok((await page.locator('.cs-rows li').first().innerText()).includes(w.overdue));
  const load = await (await apiSession('iom.counsellor'))('GET', '/cases/my-caseload');
  await page.locator('.cs-counts').getByText(w.dueN(load.body.due)).waitFor();
  await check(page, `${day.lang} caseload`);
  await shot(page, `cases-caseload-360-${day.lang}`);
  await row.getByRole('link').click();
  await page.waitForURL(base + '/cases/' + day.caseId);
}

async function setThePlan(w, day) {
  const page = day.counsellor;
  await settled(page);
  await page.getByRole('link', { name: w.changePlan }).click();
  await page.getByRole('heading', { name: w.planTitle, level: 1 }).waitFor();
  await settled(page);
  await page.getByRole('button', { name: w.addGoal }).click();
  await focusMovesTo(page, 'f-plan-goals-0-text', 'focus goes to the new goal');
  await page.getByRole('button', { name: w.savePlan }).click();
  await page.locator('#f-plan-goals-0-text-error').getByText(w.required).waitFor();
  await focusMovesTo(page, 'f-plan-goals-0-text', 'focus goes to the empty goal');
  await check(page, `${day.lang} plan with an error`);
  await page.locator('#f-plan-goals-0-text').fill(`Sleep at least five hours ${run}`);
  await page.getByRole('button', { name: w.savePlan }).click();
  await page.waitForURL(base + '/cases/' + day.caseId);
  await page.getByRole('status').getByText(w.planSaved).waitFor();
  await settled(page);
  const goal = page.locator('.cs-goals li');
  assert.equal(plain(await goal.innerText()).trim(), `Sleep at least five hours ${run} ${w.goalOpen}`);
}

async function recordARisk(w, day) {
  const page = day.counsellor;
  await settled(page);
  await page.getByRole('link', { name: w.recordRisk }).click();
  await page.getByRole('heading', { name: w.recordRisk, level: 1 }).waitFor();
  await settled(page);
  await page.getByLabel(w.riskDate).fill('2016-03-10');
  assert.equal(await page.locator('.warning').count(), 0, 'no warning before a high level');
  await page.locator('#f-self_harm').getByLabel(w.high, { exact: true }).check();
  await page.getByRole('status').getByText(w.highWarning).waitFor();
  await page.getByLabel(w.details).fill(`A safety plan was made ${run}`);
  await check(page, `${day.lang} risk form with the warning`);
  await shot(page, `cases-risk-360-${day.lang}`);
  await page.getByRole('button', { name: w.saveRisk }).click();
  await page.waitForURL(base + '/cases/' + day.caseId);
  await page.getByRole('status').getByText(w.riskRecorded).waitFor();
  await settled(page);
  await page.locator('.warning').getByText(w.flagOpen).waitFor();
  await page.getByRole('img', { name: new RegExp('2016-03-10: ' + w.high) }).waitFor();
  await page.getByText(w.chart).waitFor();
  await check(page, `${day.lang} case page with a flag`);
  await shot(page, `cases-case-360-${day.lang}`);
  // Two open flags now: the PHQ-9's and this one.
  const flags = await manager('GET', `/risk-flags?case_id=${day.caseId}&status=open`);
  assert.equal(flags.body.items.length, 2);
  const raised = flags.body.items.find((f) => f.id !== day.phqFlagId);
  assert.equal(raised.reason, 'self_harm');
  assert.equal(raised.level, 'high');
  day.flagId = raised.id;
  // The caseload counts both.
  await page.locator('header.top nav').getByRole('link', { name: w.caseload }).click();
  await settled(page);
  await page.locator('.cs-rows li', { hasText: nameOf(day.person) }).getByText(w.flagsN(2)).waitFor();
}

async function acknowledgeTheFlag(w, day) {
  // The queue afresh, since the PHQ-9's step.
  const page = day.supervisor;
  await screenAt(page, '/cases/queue');
  await page.getByRole('heading', { name: w.queue, level: 1 }).waitFor();
  await settled(page);
  // The demo data's flags wait too: the heading counts them all.
  const queued = await queuedFlags();
  assert.ok(queued.includes(day.flagId) && queued.includes(day.phqFlagId), 'both flags queued');
  await page.getByRole('heading', { name: w.flagsTitle(queued.length), level: 2 }).waitFor();
  const item = flagItem(page, day.flagId);
  await item.getByRole('heading', { name: nameOf(day.person) }).waitFor();
  await item.getByText(w.flagIs).waitFor();
  await item.getByRole('button', { name: w.acknowledge }).click();
  await item.locator(`#ack-${day.flagId}-error`).getByText(w.required).waitFor();
  await focusMovesTo(page, 'ack-' + day.flagId, 'focus goes to the note');
  await check(page, `${day.lang} queue with an error`);
  await shot(page, `cases-queue-360-${day.lang}`);
  await item.getByLabel(w.actionTaken).fill(`Called the counsellor; home visit tomorrow ${run}`);
  await item.getByRole('button', { name: w.acknowledge }).click();
  await page.getByRole('status').getByText(w.acknowledged(nameOf(day.person))).waitFor();
  await page.getByRole('heading', { name: w.flagsTitle(queued.length - 1), level: 2 }).waitFor();
  await item.waitFor({ state: 'detached' });
  // The PHQ-9's flag is still there; acknowledged too, it leaves the queue.
  const phq = flagItem(page, day.phqFlagId);
  await phq.getByLabel(w.actionTaken).fill(`Safety plan reviewed with the counsellor ${run}`);
  await phq.getByRole('button', { name: w.acknowledge }).click();
  await page.getByRole('heading', { name: w.flagsTitle(queued.length - 2), level: 2 }).waitFor();
  await phq.waitFor({ state: 'detached' });
  if (queued.length === 2) await page.getByText(w.noFlags).waitFor();
  await check(page, `${day.lang} queue without the case's flags`);
  const flag = await manager('GET', '/risk-flags/' + day.flagId);
  assert.equal(flag.body.status, 'acknowledged');
  assert.equal(flag.body.note, `Called the counsellor; home visit tomorrow ${run}`);
  const phqFlag = await manager('GET', '/risk-flags/' + day.phqFlagId);
  assert.equal(phqFlag.body.status, 'acknowledged');
}

async function writeANote(w, day) {
  const page = day.supervisor;
  await screenAt(page, '/cases/' + day.caseId);
  await page.getByRole('link', { name: w.writeNote }).click();
  await page.getByRole('heading', { name: w.writeNote, level: 1 }).waitFor();
  await settled(page);
  await page.getByRole('textbox', { name: w.note }).fill(`Work on sleep first ${run}`);
  await check(page, `${day.lang} supervision note`);
  await page.getByRole('button', { name: w.saveNote }).click();
  await page.waitForURL(base + '/cases/' + day.caseId);
  await settled(page);
  await page.locator('.cs-timeline').getByText(`Work on sleep first ${run}`).waitFor();
}

async function askForClosure(w, day) {
  const page = day.counsellor;
  await screenAt(page, '/cases/' + day.caseId);
  await page.locator('.cs-timeline').getByText(w.flagAcknowledged).waitFor();
  const note = page.locator('.cs-entry-supervision');
  assert.match(plain(await note.innerText()), new RegExp(`^\\S+ ${w.noteEntry} · [^\\n]*IOM supervisor\\s+Work on sleep first ${run}$`));
  assert.equal(await page.locator('.warning').count(), 0, 'no open flag now');
  await page.getByRole('button', { name: w.askClosure }).click();
  await focusMovesTo(page, 'f-closure_reason', 'focus goes to the first field of the closure');
  await page.locator('.cs-move-form').getByRole('button', { name: w.askClosure }).click();
  await page.locator('#f-closure_reason-error').getByText(w.neededToClose).waitFor();
  await page.locator('#f-outcome-error').getByText(w.neededToClose).waitFor();
  await check(page, `${day.lang} closure asked without a reason`);
  await page.getByLabel(w.closureReason).selectOption({ label: w.goalsMet });
  await page.getByLabel(w.outcome).selectOption({ label: w.improved });
  await page.locator('.cs-move-form').getByRole('button', { name: w.askClosure }).click();
  await page.getByRole('status').getByText(w.nowClosing).waitFor();
  const stored = await manager('GET', '/cases/' + day.caseId);
  assert.equal(stored.body.status, 'closing');
  assert.equal(stored.body.closure_reason, 'goals_met');
}

async function signOffTheClosure(w, day) {
  const page = day.supervisor;
  await screenAt(page, '/cases/queue');
  await page.getByRole('heading', { name: w.closuresTitle(1), level: 2 }).waitFor();
  const item = page.locator('.cs-item', { has: page.getByRole('heading', { name: nameOf(day.person) }) });
  await item.getByRole('button', { name: w.signOff }).click();
  await page.getByRole('status').getByText(w.signedOff(nameOf(day.person))).waitFor();
  await page.getByText(w.noClosures).waitFor();
  const stored = await manager('GET', '/cases/' + day.caseId);
  assert.equal(stored.body.status, 'closed');
  assert.ok(stored.body.closure_signed_by, 'signed off');
}

async function meOfficerView(w, day) {
  const page = await phone('iom.me_officer', day.lang, '/cases/' + day.caseId);
  await page.getByRole('heading', { name: w.timeline }).waitFor();
  await settled(page);
  await page.getByText(w.notesHidden).waitFor();
  const shown = await page.locator('main').innerText();
  assert.ok(shown.includes(w.closed), 'the status');
  assert.ok(shown.includes('2016-03-01') && shown.includes('2016-03-08'), 'the dates');
  for (const said of ['Cannot sleep', 'night of the attack', 'safety plan was made', 'home visit tomorrow', 'Work on sleep', 'five hours']) {
    assert.ok(!shown.includes(said), `the M&E officer does not see "${said}"`);
  }
  assert.equal(await page.locator('.cs-entry-risk').count(), 0, 'no risk assessments');
  assert.equal(await page.locator('#risk-chart-title').count(), 0, 'no risk chart');
  // The outcome scores, which the M&E officer measures change with.
  const phq = page.locator('.cs-outcome', { has: page.getByRole('heading', { name: 'PHQ-9', level: 3 }) });
  await phq.getByRole('img', { name: /2016-03-09: 9$/ }).waitFor();
  assert.equal(plain(await phq.locator('.cs-latest').innerText()).trim(), w.phqLatest);
  assert.equal(await page.getByRole('link', { name: w.recordOutcome }).count(), 0, 'nothing to record');
  assert.equal(await page.locator('.cs-moves').count(), 0, 'nothing to move');
  await check(page, `${day.lang} the M&E officer's view`);
}

for (const [lang, index] of [['en', 0], ['ar', 1]]) {
  test(`a counsellor's day on a phone (${lang})`, async () => {
    await ready();
    const day = { lang, person: people[index] };
    for (const [what, step] of DAY) {
      try {
        await step(WORDS[lang], day);
      } catch (e) {
        e.message = `${lang}: ${what}: ${e.message}`;
        throw e;
      }
    }
    cases[lang] = day.caseId;
  });
}

test("the person page's counselling section: the counsellor's cases and opening one; none for a facilitator", async () => {
  await ready();
  assert.ok(cases.en, 'the English day opened a case');
  const person = people[0];
  const page = await phone('iom.counsellor', 'en', '/persons/' + person.id);
  const section = page.locator('section[aria-labelledby=cases-title]');
  await section.getByRole('heading', { name: 'Counselling' }).waitFor();
  await settled(page);
  await check(page, 'person page with a case');
  const row = section.locator('.records li');
  assert.equal(await row.count(), 1);
  assert.match(plain(await row.innerText()), /Case: closed[\s\S]*opened 2016-03-01[\s\S]*IOM counsellor/);
  // The case is closed: another may be opened, for this person already chosen.
  await section.getByRole('link', { name: 'Open a case' }).click();
  await page.getByRole('heading', { name: 'Open a case', level: 1 }).waitFor();
  await page.locator('.cs-chosen').getByText(nameOf(person)).waitFor();
  await check(page, 'open a case from the person page');
  // A person with no case: the section says so and offers to open one.
  await screenAt(page, '/persons/' + people[2].id);
  await section.getByText('No counselling case that you may see.').waitFor();
  await section.getByRole('link', { name: 'Open a case' }).waitFor();
  await row.first().waitFor({ state: 'detached' });
  // A facilitator sees the person but no counselling section.
  const facilitator = await phone('iom.facilitator', 'en', '/persons/' + person.id);
  await facilitator.getByRole('heading', { level: 1 }).waitFor();
  await settled(facilitator);
  assert.equal(await facilitator.locator('#cases-title').count(), 0);
  assert.equal(await facilitator.locator('header.top nav').getByRole('link', { name: 'My caseload' }).count(), 0);
});

test('the list of cases for a manager: filtered by status; the case details form offers the assignment', async () => {
  await ready();
  const page = await phone('iom.manager', 'en', '/cases?status=closed');
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  await settled(page);
  // The demo data has closed cases of its own: "More" until the day's two are listed.
  const rowOf = (lang) => page.locator('.records li', { hasText: nameOf(people[lang === 'en' ? 0 : 1]) }).filter({ hasText: 'Closed' });
  while ((await rowOf('en').count()) === 0 || (await rowOf('ar').count()) === 0) {
    const more = page.getByRole('button', { name: 'More', exact: true });
    assert.equal(await more.count(), 1, "the day's cases are in the list");
    const shown = await page.locator('.records li').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('.records li').length > n, shown);
  }
  for (const lang of ['en', 'ar']) assert.match(await rowOf(lang).first().innerText(), /Closed/);
  assert.equal(await page.getByLabel('Status').inputValue(), 'closed');
  await check(page, 'cases list');
  await page.getByLabel('Status').selectOption('active');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(base + '/cases?status=active');
  await settled(page);
  assert.equal(await page.locator('.records li', { hasText: nameOf(people[0]) }).count(), 0, 'a closed case is not active');
  await screenAt(page, '/cases/' + cases.en + '/edit');
  assert.equal(await page.getByLabel('Counsellor').locator('option:checked').textContent(), 'IOM counsellor');
  assert.equal(await page.getByLabel('Supervisor').locator('option:checked').textContent(), 'IOM supervisor');
  await check(page, 'case details form');
});

const screens = () => [
  ['iom.counsellor', ['/cases/mine', '/cases/new', '/cases/' + cases.en, '/cases/' + cases.en + '/plan', '/cases/' + cases.en + '/assessments/new', '/persons/' + people[0].id]],
  ['iom.supervisor', ['/cases/queue', '/cases/' + cases.ar, '/cases/' + cases.ar + '/supervision/new', '/']],
  ['iom.manager', ['/cases', '/cases/' + cases.en + '/edit', '/cases/' + cases.en + '/sessions/new']],
  ['iom.me_officer', ['/cases', '/cases/' + cases.ar]],
];

test('every counselling screen at 360 px under the real CSP, English and Arabic (right to left)', async () => {
  await ready();
  assert.ok(cases.en && cases.ar, 'both days opened a case');
  for (const [username, paths] of screens()) {
    const { page } = await newContext(PHONE);
    await signIn(page, username);
    for (const lang of ['en', 'ar']) {
      if (lang === 'ar') {
        await page.getByLabel('Language').selectOption('ar');
        await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      }
      for (const path of paths) {
        await screenAt(page, path);
        assert.equal(await page.locator('html').getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr', path);
        await noHorizontalOverflow(page, `${username} ${lang} ${path}`);
        await shot(page, `cases-${username.split('.')[1]}${path.replace(/\/[0-9a-f-]{36}/g, '/id').replace(/\//g, '-')}-360-${lang}`);
      }
    }
    assert.deepEqual(page.cspErrors, [], username);
  }
});
