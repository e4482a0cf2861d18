// A needs assessment as its screens see it: the questionnaire (a form defined as data,
// docs/formats/questionnaire.md), its skip logic, the responses and the summary, who may do what,
// and the server's messages about answers in the reader's language.
import { api, ApiError, type Me } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';
import type { Activity } from '../activities/model';

export type { Activity };

export type QuestionType = 'single' | 'multi' | 'number' | 'text' | 'date';

export interface Choice {
  value: string;
  label: string;
}

export interface ShowIf {
  question: string;
  equals?: string;
  in?: string[];
  answered?: boolean;
}

export interface Question {
  id: string;
  text: string;
  type: QuestionType;
  required?: boolean;
  choices?: Choice[];
  min?: number;
  max?: number;
  integer?: boolean;
  max_length?: number;
  show_if?: ShowIf;
}

export interface Form {
  version: string;
  title?: string;
  questions: Question[];
}

// GET /activities/{id}/questionnaire: the record holding the form.
export interface Questionnaire {
  id: string;
  activity_id: string;
  version: number;
  form: Form;
}

export type Answer = string | number | string[];

// A registered respondent, as much as the caller may see.
import type { PersonSummary } from '../../components/people';
export type { PersonSummary };

export interface AssessmentResponse {
  id: string;
  version?: number;
  activity_id: string;
  form_version?: string;
  date: string;
  person_id?: string;
  person?: PersonSummary;
  answers: Record<string, Answer>;
  active?: boolean;
}

export interface ChoiceCount extends Choice {
  count: number;
  percent: number;
}

export interface QuestionSummary {
  id: string;
  text: string;
  type: QuestionType;
  shown: number;
  answered: number;
  choices?: ChoiceCount[];
  min?: number;
  max?: number;
  mean?: number;
  median?: number;
  earliest?: string;
  latest?: string;
}

export interface Summary {
  activity_id: string;
  title?: string;
  version?: string;
  responses: number;
  set_aside: number;
  questions: QuestionSummary[];
}

// ---- who may do what (the same rules as the server's AccessPolicy, to offer only what is allowed) ----

const facilitates = (me: Me | undefined, a: Activity) => !!me && hasRole(me, 'facilitator') && (a.facilitators?.user_ids || []).includes(me.id);

// The questionnaire is set by those who plan the activity.
export const maySetForm = (me: Me | undefined) => hasRole(me, 'manager');
// Interviews are recorded by the assessment's named facilitators and by managers.
export const mayRecord = (me: Me | undefined, a: Activity) => hasRole(me, 'manager') || facilitates(me, a);
// Individual responses (and their export) are read by its facilitators, managers and M&E officers.
export const maySeeResponses = (me: Me | undefined, a: Activity) => hasRole(me, 'manager', 'me_officer') || facilitates(me, a);

export const isAssessment = (a: Activity) => a.stream === 'needs_assessment';

// ---- paths ----

export const assessmentPath = (activityId: string) => '/activities/' + encodeURIComponent(activityId) + '/assessment';
export const responsePath = (activityId: string, responseId: string) => assessmentPath(activityId) + '/responses/' + encodeURIComponent(responseId);
export const apiActivity = (activityId: string) => '/activities/' + encodeURIComponent(activityId);

// ---- skip logic (docs/formats/questionnaire.md, "Skip logic") ----

// An answer as the form holds it: null, '' (also blank text) and [] count as not answered.
export function isAnswered(a: Answer | undefined | null): boolean {
  if (a === undefined || a === null) return false;
  if (Array.isArray(a)) return a.length > 0;
  if (typeof a === 'string') return a.trim() !== '';
  return true;
}

function passes(test: ShowIf, answer: Answer | undefined): boolean {
  if (!isAnswered(answer)) return false;
  if (test.answered) return true;
  const given = Array.isArray(answer) ? answer : [String(answer)];
  if (test.equals !== undefined) return given.includes(test.equals);
  if (test.in) return given.some((v) => test.in!.includes(v));
  return false;
}

// The ids of the questions shown for these answers, worked out in order: a question is shown when
// it has no show_if, or when the question it names is shown and its answer passes the test.
export function shownQuestions(form: Form, answers: Record<string, Answer>): Set<string> {
  const shown = new Set<string>();
  for (const q of form.questions) {
    if (!q.show_if || (shown.has(q.show_if.question) && passes(q.show_if, answers[q.show_if.question]))) shown.add(q.id);
  }
  return shown;
}

// The answers to send: those of shown questions only, the unanswered left out.
export function answersToSend(form: Form, answers: Record<string, Answer>): Record<string, Answer> {
  const shown = shownQuestions(form, answers);
  const out: Record<string, Answer> = {};
  for (const q of form.questions) {
    const a = answers[q.id];
    if (shown.has(q.id) && isAnswered(a)) out[q.id] = typeof a === 'string' && q.type !== 'text' ? a.trim() : a;
  }
  return out;
}

// ---- words ----

export const TYPE: Record<QuestionType, string> = {
  single: k('assessment.type_single'),
  multi: k('assessment.type_multi'),
  number: k('assessment.type_number'),
  text: k('assessment.type_text'),
  date: k('assessment.type_date'),
};

export const typeText = (type: string, t: TFunc) => (TYPE[type as QuestionType] ? t(TYPE[type as QuestionType]) : type);

// A choice value in words: its label, or the value itself when the form does not know it.
export function choiceLabel(q: Question | undefined, value: string): string {
  return q?.choices?.find((c) => c.value === value)?.label || value;
}

// "Asked only when question 7 is “Yes”" — the skip rule in words.
export function showIfText(q: Question, form: Form, t: TFunc): string {
  const rule = q.show_if;
  if (!rule) return '';
  const index = form.questions.findIndex((x) => x.id === rule.question);
  const target = form.questions[index];
  const n = index + 1 || rule.question;
  if (rule.answered) return t('assessment.show_if_answered', { n });
  if (rule.equals !== undefined) return t('assessment.show_if_equals', { n, value: choiceLabel(target, rule.equals) });
  return t('assessment.show_if_in', { n, values: (rule.in || []).map((v) => choiceLabel(target, v)).join(' / ') });
}

// "whole numbers from 1 to 30", "at most 500 characters": what a question accepts, or ''.
export function limitsText(q: Question, t: TFunc): string {
  if (q.type === 'number') {
    const whole = q.integer ? t('assessment.whole') + ' ' : '';
    if (q.min !== undefined && q.max !== undefined) return whole + t('assessment.range', { min: q.min, max: q.max });
    if (q.min !== undefined) return whole + t('assessment.at_least', { min: q.min });
    if (q.max !== undefined) return whole + t('assessment.at_most', { max: q.max });
    return q.integer ? t('assessment.whole_only') : '';
  }
  if (q.type === 'text' && q.max_length) return t('assessment.max_length', { n: q.max_length });
  if (q.type === 'date') return t('assessment.date_hint');
  return '';
}

// A respondent: their name where the caller may see it, else their code.
export function personText(p: PersonSummary | undefined, t: TFunc): string {
  if (!p) return t('assessment.someone');
  const name = [p.given_name, p.family_name].filter(Boolean).join(' ');
  return name || p.code || t('assessment.someone');
}

// ---- the server's messages about answers, in the reader's language ----

// A date inside a sentence: kept left to right and on one line, in Arabic too.
const unbroken = (date: string) => '\u2066' + date.replace(/-/g, '\u2011') + '\u2069';

const MESSAGES: [RegExp, string][] = [
  [/^must be between (\S+) and (\S+)$/, k('assessment_error.between')],
  [/^must be at least (\S+)$/, k('assessment_error.at_least')],
  [/^must be at most (\S+) characters$/, k('assessment_error.too_long')],
  [/^must be at most (\S+)$/, k('assessment_error.at_most')],
  [/^must be a whole number$/, k('assessment_error.whole')],
  [/^is skipped for this respondent$/, k('assessment_error.skipped')],
  [/^is after today/, k('assessment_error.after_today')],
  [/^must lie within the activity's dates: from (\S+) to (\S+)$/, k('assessment_error.outside_dates')],
  [/^must lie within the activity's dates: on or after (\S+)$/, k('assessment_error.outside_dates_open')],
];

// The same failure with the messages known here put in words; the form shows the rest as errors.ts does.
export function inWords(e: unknown, t: TFunc): unknown {
  if (!(e instanceof ApiError) || e.errors.length === 0) return e;
  const errors = e.errors.map((fe) => {
    for (const [re, key] of MESSAGES) {
      const m = re.exec(fe.message.trim());
      if (!m) continue;
      const dates = key.startsWith('assessment_error.outside');
      const word = (s = '') => (dates ? unbroken(s) : s);
      return { field: fe.field, message: t(key, { a: word(m[1]), b: word(m[2]) }) };
    }
    return fe;
  });
  return new ApiError(e.status, e.detail, errors, e.problem);
}

// ---- look-ups ----

// The activity, fresh each time a screen opens.
export async function fetchActivity(id: string): Promise<Activity> {
  return (await api.get<Activity>(apiActivity(id))).data;
}

// The questionnaire with its ETag, or null when none is set yet.
export async function fetchQuestionnaire(activityId: string): Promise<{ q: Questionnaire; etag: string } | null> {
  try {
    const { data, etag } = await api.get<Questionnaire>(apiActivity(activityId) + '/questionnaire');
    return { q: data, etag: etag || '"' + data.version + '"' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}
