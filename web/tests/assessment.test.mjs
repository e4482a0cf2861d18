// Browser tests of the needs assessment screens against the real `baton serve` and its demo data,
// on a 360 px phone. A needs assessment of the demo programme is planned here over the API: the
// manager sets its questionnaire through the editor (a form with problems first, each listed by the
// member it names); the facilitator records an interview whose skip logic hides a question until
// its condition is chosen, with the server's messages at the questions at fault, then sees the
// summary (1 interview, the percentages); corrects it (the hidden question's answer is dropped),
// sets it aside and counts it again, and records a named interview found through the person search;
// the manager's change of more than the wording is refused with the server's reason; a counsellor
// sees the summary but not the interviews; the demo assessment's summary of its 160 interviews with
// bars, its questionnaire in words and the CSV export as an M&E officer. Arabic right to left, no
// overflow at 360 px, and axe-core's WCAG 2 A/AA rules on the screens and the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, newContext, shot, signIn, noHorizontalOverflow, apiSession, axeCheck, screenAt } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const run = Math.random().toString(36).slice(2, 8);
const TITLE = `Household needs check ${run}`;
const INTERVIEW_DATE = '2016-03-15';
const NAMED_DATE = '2016-03-16';

// The form set through the editor: a required choice, a skip rule, a number with a range, free text.
const FORM = {
  version: 'check-2016-1',
  title: 'Household check',
  questions: [
    { id: 'q_sex', text: 'Sex of the respondent', type: 'single', required: true, choices: [{ value: 'female', label: 'Female' }, { value: 'male', label: 'Male' }] },
    { id: 'q_distress', text: 'Was anyone too upset to do their daily tasks?', type: 'single', required: true, choices: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
    {
      id: 'q_distress_who',
      text: 'Who was it?',
      type: 'multi',
      choices: [{ value: 'children', label: 'Children' }, { value: 'women', label: 'Women' }, { value: 'men', label: 'Men' }],
      show_if: { question: 'q_distress', equals: 'yes' },
    },
    { id: 'q_size', text: 'How many people live in the household?', type: 'number', min: 1, max: 30, integer: true },
    { id: 'q_comments', text: 'Anything else the team should know', type: 'text', max_length: 200 },
  ],
};
const COMMENT = `The water point is far ${run}`;

let manager; // the API as the demo manager
let assessment; // the needs assessment planned here
let demo; // the demo's 2014 assessment
let respondent; // a registered person of the programme, named in an interview
let responseId; // the interview recorded in the browser

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

  const created = await manager('POST', '/activities', {
    programme_id: programme.id,
    site_id: programme.site_id,
    stream: 'needs_assessment',
    title: TITLE,
    start_date: '2016-03-01',
    end_date: '2016-06-30',
    facilitators: { user_ids: [facilitator.id] },
  });
  assert.equal(created.status, 201, 'POST /activities: ' + JSON.stringify(created.body));
  assessment = created.body;

  const list = await manager('GET', '/activities?limit=200');
  demo = list.body.items.find((a) => a.title === 'MHPSS needs assessment, Bor PoC site');
  assert.ok(demo, 'the demo data has its 2014 needs assessment');

  const people = await manager('GET', '/persons?programme_id=' + programme.id + '&status=active&limit=60');
  respondent = people.body.items.find((p) => p.code && p.given_name && p.family_name);
  assert.ok(respondent, 'the demo programme has registered people');
}

const bars = (page, question) =>
  page
    .locator('.as-summary > li')
    .filter({ has: page.getByRole('heading', { name: question, exact: true }) })
    .evaluate((li) => [...li.querySelectorAll('.as-bars li')].map((b) => [b.querySelector('.as-bar-label').textContent, b.querySelector('.as-bar-figure').textContent]));
const resultOf = (page, question) => page.locator('.as-summary > li').filter({ has: page.getByRole('heading', { name: question, exact: true }) });

test('manager: sets the questionnaire through the editor; problems are listed by the member they name', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager', '/activities/' + assessment.id);
  await page.getByRole('link', { name: 'Questionnaire and interviews' }).click();
  await page.waitForURL(base + '/activities/' + assessment.id + '/assessment');
  await page.getByRole('heading', { name: 'Needs assessment', level: 1 }).waitFor();
  await page.getByText('This assessment has no questionnaire yet. Set it before interviews are recorded.').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Record an interview' }).count(), 0, 'nothing to record without a questionnaire');
  await noHorizontalOverflow(page, 'assessment without a questionnaire');

  await page.getByRole('link', { name: 'Set the questionnaire' }).click();
  await page.getByRole('heading', { name: 'Questionnaire', level: 1 }).waitFor();
  const box = page.getByLabel('The questionnaire as JSON');
  const starter = JSON.parse(await box.inputValue());
  assert.equal(starter.version, 'my-form-1', 'a starter to adapt');
  assert.ok(starter.questions.some((q) => q.show_if), 'the starter shows a skip rule');
  await page.getByText('How to write the questionnaire').click();
  await page.getByText('ask the question only after an earlier one').waitFor();

  // Not JSON: said here, without asking the server.
  await box.fill('{"version": ');
  await page.getByRole('button', { name: 'Save the questionnaire' }).click();
  await page.getByRole('alert').getByText(/^This is not valid JSON: /).waitFor();

  // A form the server refuses: each problem by its member.
  const bad = structuredClone(FORM);
  bad.questions[0].choices[1].value = 'Male Person';
  bad.questions[2].show_if = { question: 'q_size', equals: 'yes' };
  await box.fill(JSON.stringify(bad, null, 2));
  await page.getByRole('button', { name: 'Save the questionnaire' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('The questionnaire has problems:').waitFor();
  const fields = await alert.locator('.as-problems code').allTextContents();
  assert.ok(fields.includes('questionnaire.questions[0].choices[1].value'), 'the bad choice value is named: ' + fields.join(', '));
  assert.ok(fields.some((f) => f.startsWith('questionnaire.questions[2].show_if')), 'the bad skip rule is named: ' + fields.join(', '));
  assert.equal(await box.getAttribute('aria-invalid'), 'true');
  // Focus moves in the frame after the problems show.
  await page.waitForFunction(() => document.activeElement?.id === 'editor-problems');
  await noHorizontalOverflow(page, 'editor with problems');
  await shot(page, 'assessment-editor-problems-360-en');
  assert.equal((await manager('GET', '/activities/' + assessment.id + '/questionnaire')).status, 404, 'nothing was saved');

  await box.fill(JSON.stringify(FORM, null, 2));
  await page.getByRole('button', { name: 'Save the questionnaire' }).click();
  await page.waitForURL(base + '/activities/' + assessment.id + '/assessment');
  await page.getByRole('status').getByText('Questionnaire saved.').waitFor();
  // Listed in words, open while nothing is recorded.
  const questions = page.locator('.as-questions > li');
  assert.equal(await questions.count(), 5);
  assert.match(await questions.nth(0).innerText(), /Sex of the respondent\s+One choice · required · q_sex\s+Female\s+Male/);
  assert.match(await questions.nth(2).innerText(), /Who was it\?\s+Several choices · optional/);
  await questions.nth(2).getByText('Asked only when the answer to question 2 is “Yes”.').waitFor();
  await questions.nth(3).getByText('Number · optional · whole numbers, from 1 to 30').waitFor();
  await questions.nth(4).getByText('Free text · optional · at most 200 characters').waitFor();
  await page.getByText('No interview is counted yet.').waitFor();
  const stored = await manager('GET', '/activities/' + assessment.id + '/questionnaire');
  assert.equal(stored.body.form.version, 'check-2016-1');
  await noHorizontalOverflow(page, 'assessment with its questionnaire');
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: records an interview; the skip logic shows a question once its condition is chosen; messages at the questions', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/activities/' + assessment.id + '/assessment');
  await page.getByRole('link', { name: 'Record an interview' }).click();
  await page.getByRole('heading', { name: 'Record an interview', level: 1 }).waitFor();
  const who = page.locator('#q-q_distress_who');
  await page.locator('#q-q_distress').waitFor();
  assert.equal(await who.count(), 0, 'the question hangs on q_distress: hidden');
  assert.equal(await page.getByRole('radio', { name: 'Anonymous' }).isChecked(), true, 'anonymous unless a person is chosen');
  assert.equal(await page.locator('#q-q_size').getAttribute('min'), '1');
  assert.equal(await page.locator('#q-q_size').getAttribute('max'), '30');
  assert.equal(await page.locator('#q-q_size').getAttribute('step'), '1');
  assert.equal(await page.locator('#q-q_comments').getAttribute('maxlength'), '200');
  // The required questions are marked.
  assert.equal(await page.locator('#q-q_sex legend .req').count(), 1);
  assert.equal(await page.locator('label[for=q-q_size] .req').count(), 0, 'an optional question is not marked');

  await page.getByLabel('Date of the interview').fill(INTERVIEW_DATE);
  await page.locator('#q-q_distress').getByLabel('Yes').check();
  await who.waitFor();
  await who.getByLabel('Women').check();
  await who.getByLabel('Children').check();
  await page.locator('#q-q_distress').getByLabel('No').check();
  await who.waitFor({ state: 'detached' });
  await page.locator('#q-q_distress').getByLabel('Yes').check();
  await who.waitFor();
  assert.equal(await who.getByLabel('Women').isChecked(), true, 'what was chosen comes back with the question');

  // The required q_sex left out, a household too large: the server's messages at those questions.
  await page.locator('#q-q_size').fill('40');
  await page.locator('#q-q_comments').fill(COMMENT);
  await page.getByRole('button', { name: 'Save the interview' }).click();
  await page.locator('#q-q_sex-error').getByText('This is required.').waitFor();
  await page.locator('#q-q_size-error').getByText('Enter a number from 1 to 30.').waitFor();
  assert.equal(await page.locator('#q-q_size').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#q-q_size').getAttribute('aria-describedby'), /q-q_size-error/);
  assert.equal(await page.locator('.field-error').count(), 2, 'only those two questions have a message');
  // Focus goes to the first question at fault, in the frame after the messages show.
  await page.waitForFunction(() => document.activeElement?.closest('fieldset')?.id === 'q-q_sex');
  await noHorizontalOverflow(page, 'interview with errors');
  await shot(page, 'assessment-form-errors-360-en');

  await page.locator('#q-q_sex').getByLabel('Female').check();
  await page.locator('#q-q_size').fill('6');
  await page.getByRole('button', { name: 'Save the interview' }).click();
  await page.waitForURL(base + '/activities/' + assessment.id + '/assessment');
  await page.getByRole('status').getByText(`Interview of ${INTERVIEW_DATE} recorded.`).waitFor();

  // The summary: one interview, the percentages of those who answered.
  assert.match(await page.locator('.as-counts').innerText(), /Interviews counted:\s*1\s+Set aside:\s*0/);
  assert.deepEqual(await bars(page, 'Sex of the respondent'), [['Female', '100% (1)'], ['Male', '0% (0)']]);
  assert.deepEqual(await bars(page, 'Who was it?'), [['Children', '100% (1)'], ['Women', '100% (1)'], ['Men', '0% (0)']]);
  await resultOf(page, 'Who was it?').getByText('Shown to 1, answered by 1').waitFor();
  assert.match(await resultOf(page, 'How many people live in the household?').innerText(), /Lowest\s+6\s+Mean\s+6\s+Median\s+6\s+Highest\s+6/);
  await resultOf(page, 'Anything else the team should know').getByText('Free-text answers are not shown here, only counted.').waitFor();
  assert.equal(await page.getByText(COMMENT).count(), 0, 'free text is never shown in the summary');
  const fill = await page.locator('.as-summary .as-bar-fill').first().getAttribute('width');
  assert.equal(fill, '100', 'the bar is as long as the percentage');

  // The interview in the list, anonymous; the stored answers.
  const item = page.getByRole('list', { name: 'Interviews recorded' }).getByRole('link');
  assert.equal(await item.count(), 1);
  assert.match(await item.innerText(), new RegExp(INTERVIEW_DATE + '\\s+Anonymous'));
  const listed = await manager('GET', '/activities/' + assessment.id + '/responses');
  responseId = listed.body.items[0].id;
  assert.deepEqual(listed.body.items[0].answers, { q_sex: 'female', q_distress: 'yes', q_distress_who: ['children', 'women'], q_size: 6, q_comments: COMMENT });
  await noHorizontalOverflow(page, 'assessment with an interview');
  await shot(page, 'assessment-summary-360-en');
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: corrects the interview (a hidden question is not sent), sets it aside and counts it again', async () => {
  await ready();
  assert.ok(responseId, 'the interview was recorded');
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/activities/' + assessment.id + '/assessment');
  await page.getByRole('list', { name: 'Interviews recorded' }).getByRole('link').click();
  await page.waitForURL(base + '/activities/' + assessment.id + '/assessment/responses/' + responseId);
  await page.getByRole('heading', { name: 'Interview', level: 1 }).waitFor();
  await page.locator('#q-q_distress_who').waitFor();
  assert.equal(await page.locator('#q-q_sex').getByLabel('Female').isChecked(), true);
  assert.equal(await page.locator('#q-q_distress_who').getByLabel('Children').isChecked(), true);
  assert.equal(await page.locator('#q-q_size').inputValue(), '6');
  assert.equal(await page.getByLabel('Date of the interview').inputValue(), INTERVIEW_DATE);

  await page.locator('#q-q_distress').getByLabel('No').check();
  await page.locator('#q-q_distress_who').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(base + '/activities/' + assessment.id + '/assessment');
  await page.getByRole('status').getByText(`Interview of ${INTERVIEW_DATE} saved.`).waitFor();
  const corrected = await manager('GET', '/responses/' + responseId);
  assert.equal(corrected.body.answers.q_distress, 'no');
  assert.equal(corrected.body.answers.q_distress_who, undefined, 'the hidden question is not answered');
  assert.deepEqual(await bars(page, 'Was anyone too upset to do their daily tasks?'), [['Yes', '0% (0)'], ['No', '100% (1)']]);
  await resultOf(page, 'Who was it?').getByText('Shown to 0, answered by 0').waitFor();

  // Set aside, with a question first; then counted again.
  await page.getByRole('list', { name: 'Interviews recorded' }).getByRole('link').click();
  await page.getByRole('button', { name: 'Set this interview aside…' }).click();
  await page.getByText(`Set the interview of ${INTERVIEW_DATE} aside?`).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'set-aside-confirm');
  await noHorizontalOverflow(page, 'set aside question');
  await page.getByRole('button', { name: 'Yes, set it aside' }).click();
  await page.waitForURL(base + '/activities/' + assessment.id + '/assessment');
  await page.getByRole('status').getByText(`Interview of ${INTERVIEW_DATE} set aside.`).waitFor();
  assert.match(await page.locator('.as-counts').innerText(), /Interviews counted:\s*0\s+Set aside:\s*1/);
  await page.getByRole('list', { name: 'Interviews recorded' }).getByText('Set aside', { exact: true }).waitFor();
  assert.equal((await manager('GET', '/responses/' + responseId)).body.active, false);

  await page.getByRole('list', { name: 'Interviews recorded' }).getByRole('link').click();
  await page.getByText('This interview is set aside: it is not counted.').waitFor();
  await page.getByRole('button', { name: 'Count it again' }).click();
  await page.getByRole('status').getByText(`Interview of ${INTERVIEW_DATE} counted again.`).waitFor();
  assert.match(await page.locator('.as-counts').innerText(), /Interviews counted:\s*1\s+Set aside:\s*0/);
  assert.deepEqual(page.cspErrors, []);
});

test('facilitator: records an interview with a registered respondent found by the search', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.facilitator', '/activities/' + assessment.id + '/assessment/responses/new');
  await page.getByRole('heading', { name: 'Record an interview', level: 1 }).waitFor();
  await page.getByLabel('Date of the interview').fill(NAMED_DATE);
  await page.locator('#q-q_sex').getByLabel('Male', { exact: true }).check();
  await page.locator('#q-q_distress').getByLabel('No').check();
  await page.getByRole('radio', { name: 'A registered person' }).check();
  // Not chosen yet: said at the respondent, without asking the server.
  await page.getByRole('button', { name: 'Save the interview' }).click();
  await page.locator('#r-person-error').getByText('Find and choose the person, or choose Anonymous.').waitFor();
  await page.getByLabel('Find the respondent by name or code').fill(respondent.code);
  await page.getByLabel('Find the respondent by name or code').press('Enter');
  const name = `${respondent.given_name} ${respondent.family_name}`;
  await page.getByRole('button', { name: `Choose ${name}` }).click();
  await page.getByText('Respondent: ' + name).waitFor();
  await noHorizontalOverflow(page, 'interview with a named respondent');
  await shot(page, 'assessment-form-named-360-en');
  await page.getByRole('button', { name: 'Save the interview' }).click();
  await page.getByRole('status').getByText(`Interview of ${NAMED_DATE} recorded.`).waitFor();
  const items = page.getByRole('list', { name: 'Interviews recorded' }).getByRole('link');
  await items.nth(1).waitFor();
  assert.equal(await items.count(), 2);
  // The newest interview first.
  assert.match(await items.nth(0).innerText(), new RegExp(NAMED_DATE + '\\s+Named: ' + name));
  assert.match(await items.nth(1).innerText(), new RegExp(INTERVIEW_DATE));
  assert.match(await page.locator('.as-counts').innerText(), /Interviews counted:\s*2/);
  assert.deepEqual(await bars(page, 'Sex of the respondent'), [['Female', '50% (1)'], ['Male', '50% (1)']]);
  const listed = await manager('GET', '/activities/' + assessment.id + '/responses');
  assert.equal(listed.body.items[1].person_id, respondent.id);
  assert.deepEqual(page.cspErrors, []);
});

test('manager: a change of more than the wording, once interviews are recorded, is refused with the reason', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.manager', '/activities/' + assessment.id + '/assessment/questionnaire');
  const box = page.getByLabel('The questionnaire as JSON');
  const current = JSON.parse(await box.inputValue());
  assert.equal(current.version, FORM.version, 'the current questionnaire to edit');
  current.questions.push({ id: 'q_extra', text: 'One more', type: 'text' });
  await box.fill(JSON.stringify(current));
  await page.getByRole('button', { name: 'Save the questionnaire' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('Interviews are already recorded with this questionnaire, so only its wording may change.').waitFor();
  // The server names the member that changed.
  await alert.locator('.as-problems code', { hasText: /^questionnaire\.questions$/ }).waitFor();
  assert.match(await alert.locator('.as-problems li').first().textContent(), /must keep the \d+ questions the responses answer/);
  await noHorizontalOverflow(page, 'editor refused');

  // Wording may change.
  current.questions.pop();
  current.questions[0].text = 'Sex of the person interviewed';
  await box.fill(JSON.stringify(current));
  await page.getByRole('button', { name: 'Save the questionnaire' }).click();
  await page.getByRole('status').getByText('Questionnaire saved.').waitFor();
  await page.getByRole('heading', { name: 'Sex of the person interviewed', level: 3 }).waitFor();
  assert.deepEqual(page.cspErrors, []);
});

test('counsellor: sees the summary, not the interviews, and cannot record', async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.counsellor', '/activities/' + assessment.id + '/assessment');
  await page.getByRole('heading', { name: 'What the interviews say' }).waitFor();
  assert.match(await page.locator('.as-counts').innerText(), /Interviews counted:\s*2/);
  assert.deepEqual(await bars(page, 'Sex of the person interviewed'), [['Female', '50% (1)'], ['Male', '50% (1)']]);
  await page.getByText("The interviews themselves are read by the assessment's facilitators, the programme manager and M&E officers.").waitFor();
  assert.equal(await page.getByRole('link', { name: 'Record an interview' }).count(), 0);
  assert.equal(await page.getByRole('list', { name: 'Interviews recorded' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Download CSV' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Edit the questionnaire' }).count(), 0);
  await screenAt(page, '/activities/' + assessment.id + '/assessment/responses/new');
  await page.getByText('Interviews of this assessment are recorded by its facilitators and the programme manager.').waitFor();
  assert.equal(await page.locator('form').count(), 0);
  await noHorizontalOverflow(page, 'counsellor');
  assert.deepEqual(page.cspErrors, []);
});

test("M&E officer: the demo assessment's 160 interviews, bars, its questionnaire in words and the CSV", async () => {
  await ready();
  const { page } = await newContext(PHONE);
  await signIn(page, 'iom.me_officer', '/activities/' + demo.id);
  await page.getByRole('link', { name: 'Questionnaire and interviews' }).click();
  await page.getByRole('heading', { name: 'What the interviews say' }).waitFor();
  const summary = (await manager('GET', '/activities/' + demo.id + '/responses/summary')).body;
  assert.equal(summary.responses, 160);
  assert.match(await page.locator('.as-counts').innerText(), /Interviews counted:\s*160\s+Set aside:\s*0/);
  assert.equal(await page.locator('.as-summary > li').count(), 12);
  const sex = summary.questions.find((q) => q.id === 'q_sex');
  assert.deepEqual(
    await bars(page, 'Sex of the respondent'),
    sex.choices.map((c) => [c.label, `${c.percent}% (${c.count})`]),
  );
  const choiceQuestions = summary.questions.filter((q) => q.choices).reduce((n, q) => n + q.choices.length, 0);
  assert.equal(await page.locator('.as-summary svg.as-bar').count(), choiceQuestions, 'a bar per choice');
  const who = summary.questions.find((q) => q.id === 'q_distress_who');
  await resultOf(page, 'Who was it?').getByText(`Shown to ${who.shown}, answered by ${who.answered}`).waitFor();
  assert.ok(who.shown < 160, 'the skip logic asked fewer people');

  // The questionnaire, folded away once there are answers.
  assert.equal(await page.locator('details.as-form').getAttribute('open'), null);
  await page.locator('details.as-form summary').click();
  await page.getByText('Asked only when the answer to question 7 is “Yes”.').waitFor();
  await page.getByText('Form version: bor-2014-1').waitFor();

  // The interviews (a page at a time), the export, and nothing to record or edit.
  assert.equal(await page.getByRole('list', { name: 'Interviews recorded' }).getByRole('link').count(), 50);
  await page.getByRole('button', { name: 'More' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.records[aria-label="Interviews recorded"] li').length === 100);
  assert.equal(await page.getByRole('link', { name: 'Record an interview' }).count(), 0);
  const link = page.getByRole('link', { name: 'Download CSV' });
  assert.match(await link.getAttribute('href'), /include_text=false/);
  await page.getByLabel('Include the free-text answers').check();
  const href = await link.getAttribute('href');
  assert.match(href, /include_text=true/);
  const csv = await page.request.get(base + href);
  assert.equal(csv.status(), 200);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  assert.match(lines[0], /^response_id,date,respondent,q_sex,q_age,.*,q_comments$/);
  assert.equal(lines.length, 161);
  await noHorizontalOverflow(page, 'demo assessment');
  await shot(page, 'assessment-demo-360-en');

  // An interview opened: read, not changed.
  await page.getByRole('list', { name: 'Interviews recorded' }).getByRole('link').first().click();
  await page.getByText('You can read this interview but not change it.').waitFor();
  await page.getByText('Sex of the respondent').waitFor();
  assert.equal(await page.locator('form').count(), 0);
  await noHorizontalOverflow(page, 'demo interview read only');
  assert.deepEqual(page.cspErrors, []);
});

const screens = () => [
  ['/activities/' + assessment.id + '/assessment', 'assessment'],
  ['/activities/' + demo.id + '/assessment', 'assessment-demo'],
  ['/activities/' + assessment.id + '/assessment/responses/new', 'assessment-form-new'],
  ['/activities/' + assessment.id + '/assessment/responses/' + responseId, 'assessment-form-edit'],
  ['/activities/' + assessment.id + '/assessment/questionnaire', 'assessment-editor'],
];

test('assessment screens at 360 px, English and Arabic (right to left)', async () => {
  await ready();
  assert.ok(responseId, 'the interview was recorded');
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
  // Arabic: translated headings and summary, the skip rule in words, a required answer refused in Arabic.
  await screenAt(page, '/activities/' + demo.id + '/assessment');
  await page.getByRole('heading', { name: 'تقييم الاحتياجات', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'ما تقوله المقابلات' }).waitFor();
  assert.match(await page.locator('.as-counts').innerText(), /المقابلات المحتسبة:\s*160/);
  await page.locator('details.as-form summary').click();
  await page.getByText('يُطرح فقط عندما تكون إجابة السؤال 7 هي «Yes».').waitFor();
  await screenAt(page, '/activities/' + assessment.id + '/assessment/responses/new');
  await page.getByRole('heading', { name: 'تسجيل مقابلة', level: 1 }).waitFor();
  await page.locator('#r-date').fill('2016-03-20');
  await page.getByRole('button', { name: 'حفظ المقابلة' }).click();
  await page.locator('#q-q_sex-error').getByText('هذا الحقل مطلوب.').waitFor();
  await noHorizontalOverflow(page, 'ar interview with errors');
  await shot(page, 'assessment-form-errors-360-ar');
  assert.deepEqual(page.cspErrors, []);
});

// axe-core is injected as a script, so this context alone bypasses the page's CSP.
test('accessibility: no WCAG 2 A/AA violations on the assessment screens and the form, English and Arabic', async () => {
  await ready();
  assert.ok(responseId, 'the interview was recorded');
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
    // The questionnaire unfolded; the form with the skip question shown and messages at questions;
    // the editor with problems.
    await screenAt(page, '/activities/' + demo.id + '/assessment');
    await page.locator('details.as-form summary').click();
    await axeCheck(page, `demo questionnaire unfolded (${lang})`);
    await screenAt(page, '/activities/' + assessment.id + '/assessment/responses/new');
    await page.locator('#q-q_distress input[value=yes]').check();
    await page.locator('#q-q_distress_who').waitFor();
    await page.locator('#q-q_size').fill('99');
    await page.locator('#r-date').fill('2016-03-20');
    await page.locator('.as-response button[type=submit]').click();
    await page.locator('#q-q_size-error').waitFor();
    await page.locator('input[name=respondent]').nth(1).check();
    await page.locator('#r-person-q').fill(respondent.code);
    await page.locator('#r-person-q').press('Enter');
    await page.locator('.as-person-search .records li').first().waitFor();
    await axeCheck(page, `interview form with errors (${lang})`);
    await screenAt(page, '/activities/' + assessment.id + '/assessment/questionnaire');
    await page.locator('#questionnaire-json').fill('{"version": "x y", "questions": []}');
    await page.locator('.as-help summary').click();
    await page.locator('form button[type=submit]').click();
    await page.locator('.as-problems').waitFor();
    await axeCheck(page, `editor with problems (${lang})`);
    await ctx.clearCookies();
  }
});
