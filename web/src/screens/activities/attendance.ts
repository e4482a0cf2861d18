// A session's attendance as the attendance screen sees it: the server's view, the rows of a named
// list and their marks, the headcount grid's cells, and the server's messages about them in words.
import { ApiError, request, type Answer } from '../../api';
import { k, type TFunc } from '../../i18n';
import { unbroken, type Session } from './model';

import type { PersonSummary } from '../../components/people';
export type { PersonSummary };

export interface AgeBand {
  code: string;
  min_age: number;
  max_age: number | null;
}

export type Headcount = Record<string, Record<string, number>>;

export interface AttendanceEntry {
  person_id?: string;
  participant_id?: string;
  present: boolean;
  // Absent when the caller may not see that person.
  person?: PersonSummary;
}

// GET and PUT /sessions/{id}/attendance.
export interface AttendanceView {
  session_id: string;
  activity_id: string;
  date: string;
  version: number;
  mode: string;
  age_bands: AgeBand[];
  attendance: AttendanceEntry[];
  headcount?: Headcount;
  // People named at the activity's last sessions who are not listed yet.
  roster: PersonSummary[];
}

export const attendancePath = (sessionId: string) => '/sessions/' + encodeURIComponent(sessionId) + '/attendance';

// Replaces the session's attendance or headcount, if it is still at the version `etag` names.
export function putAttendance(sessionId: string, body: { attendance: { person_id: string; present: boolean }[] } | { headcount: Headcount }, etag: string): Promise<Answer<AttendanceView>> {
  return request<AttendanceView>(attendancePath(sessionId), { method: 'PUT', body, ifMatch: etag });
}

export const SEXES = ['female', 'male', 'not_recorded'] as const;

export const SEX: Record<string, string> = {
  female: k('attendance.sex_female'),
  male: k('attendance.sex_male'),
  not_recorded: k('attendance.sex_not_recorded'),
};

// "0–5", "18–59", "60+": an age band in years.
export function bandText(b: AgeBand, t: TFunc): string {
  return b.max_age === null ? t('attendance.band_open', { min: b.min_age }) : b.min_age + '–' + b.max_age;
}

// ---- the named list ----

// One person of the list: present, absent, or not marked yet (null).
export interface Row {
  id: string;
  person?: PersonSummary;
  present: boolean | null;
}

// What was marked on this screen, by person id (null: left out again), over the server's state.
export type Marks = Record<string, boolean | null>;

const nameKey = (r: Row) =>
  r.person ? [r.person.family_name || '', r.person.given_name || '', r.person.code || ''].join('\u0000') : '\uffff' + r.id;

// The list as shown: the people listed on the session and its roster, by name (as the server sorts
// the roster), then the people added on this screen in the order they were added; each with the
// mark made here, if any.
export function rowsOf(view: AttendanceView, marks: Marks, added: PersonSummary[]): Row[] {
  const known = new Map<string, Row>();
  for (const e of view.attendance) {
    if (e.person_id) known.set(e.person_id, { id: e.person_id, person: e.person, present: e.present });
  }
  for (const p of view.roster) {
    if (!known.has(p.id)) known.set(p.id, { id: p.id, person: p, present: null });
  }
  const rows = [...known.values()].sort((a, b) => nameKey(a).localeCompare(nameKey(b)));
  for (const p of added) {
    if (!known.has(p.id)) rows.push({ id: p.id, person: p, present: true });
  }
  for (const r of rows) {
    if (r.id in marks) r.present = marks[r.id];
  }
  return rows;
}

export function countsOf(rows: Row[]) {
  let present = 0;
  let absent = 0;
  for (const r of rows) {
    if (r.present === true) present++;
    else if (r.present === false) absent++;
  }
  return { present, absent, unmarked: rows.length - present - absent };
}

// What to call a person: the name, else the code, else (a person the caller may not see) the end of
// the id, which is the part that differs between records made at the same moment.
export function whoText(r: { id: string; person?: PersonSummary }, t: TFunc): string {
  const p = r.person;
  const name = p ? [p.given_name, p.family_name].filter(Boolean).join(' ') : '';
  return name || p?.code || t('attendance.someone', { id: r.id.slice(-8) });
}

// The code (when the name is shown), sex and age, as a secondary line.
export function detailsText(p: PersonSummary | undefined, t: TFunc): string {
  if (!p) return '';
  const named = !!(p.given_name || p.family_name);
  return [
    named ? p.code : '',
    p.sex && SEX[p.sex] ? t(SEX[p.sex]) : '',
    typeof p.age_years === 'number' ? t('attendance.age', { n: p.age_years }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

// ---- what the activity page says of a session's attendance ----

export function recorded(s: Session): boolean {
  const a = s.attendance_summary;
  return !!a && (a.headcount !== undefined || (a.present || 0) + (a.absent || 0) > 0);
}

export function summaryOf(s: Session, t: TFunc): string {
  const a = s.attendance_summary || {};
  if (a.headcount !== undefined) return t('attendance.summary_headcount', { total: a.headcount });
  return t('attendance.summary_named', { present: a.present || 0, absent: a.absent || 0 });
}

// ---- the headcount grid ----

// A cell's key, as the server names its field: "headcount.female.18_59".
export const cellKey = (sex: string, band: string) => 'headcount.' + sex + '.' + band;

// Eastern Arabic and Persian digits, as some phone keyboards type them, read as 0-9.
export function westernDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));
}

// A cell's number, null for what is not a whole number; an empty cell is 0.
export function cellNumber(text: string): number | null {
  const s = westernDigits(text).trim();
  if (s === '') return 0;
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

// ---- the server's messages about entries and cells, in the reader's language ----

const REASONS: [RegExp, string][] = [
  [/^no consent for .* is recorded$/, k('attendance_error.consent_none')],
  [/ was refused on (\S+)$/, k('attendance_error.consent_refused')],
  [/ was withdrawn on (\S+)$/, k('attendance_error.consent_withdrawn')],
  [/ expired on (\S+)$/, k('attendance_error.consent_expired')],
  [/guardian/, k('attendance_error.consent_guardian')],
];

function reasonWords(reason: string, t: TFunc): string {
  for (const [re, key] of REASONS) {
    const m = re.exec(reason);
    if (m) return t(key, { date: unbroken(m[1]) });
  }
  return reason;
}

function messageWords(message: string, t: TFunc): string {
  const s = message.trim();
  let m: RegExpExecArray | null;
  if (s === 'no such person in your organisation') return t('attendance_error.not_found');
  if ((m = /^was merged into ([^;]+)(;|$)/.exec(s))) {
    return m[1] === 'another record' ? t('attendance_error.merged_elsewhere') : t('attendance_error.merged', { code: m[1] });
  }
  if (s.startsWith('was erased')) return t('attendance_error.erased');
  if ((m = /^is registered in another programme\b.*?: (.*)$/.exec(s))) {
    return t('attendance_error.consent', { reason: reasonWords(m[1], t) });
  }
  if ((m = /^must be a whole number from 0 to (\d+)$/.exec(s))) return t('attendance_error.count', { max: m[1] });
  return message;
}

// The same failure with the messages about attendance put in words; the rest are shown as
// errors.ts does.
export function inAttendanceWords(e: unknown, t: TFunc): unknown {
  if (!(e instanceof ApiError) || e.errors.length === 0) return e;
  const errors = e.errors.map((fe) => ({ field: fe.field, message: messageWords(fe.message, t) }));
  return new ApiError(e.status, e.detail, errors, e.problem);
}
