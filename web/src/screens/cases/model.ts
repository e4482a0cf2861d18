// Lay counselling as its screens see it: cases, their sessions, supervision notes, risk assessments
// and flags; who may do what (the server's AccessPolicy and domain/cases rules, mirrored only to
// offer what will be allowed: the server decides); the code lists in words; shared look-ups.
import { api, ApiError, type Me } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';
import type { PersonSummary } from '../../components/people';

export { choicesOf, fieldId, label, today } from '../people/model';
export type { PersonSummary };

export interface Goal {
  text: string;
  status?: string;
}

// A case as the caller may see it: summary, plan and reopen_reason only when notes_visible.
export interface Case {
  id: string;
  version?: number;
  person_id: string;
  programme_id?: string;
  organization_id?: string;
  counsellor_id?: string;
  supervisor_id?: string;
  counsellor_name?: string;
  supervisor_name?: string;
  opened_on?: string;
  referral_source?: string;
  status: string;
  closure_reason?: string;
  outcome?: string;
  closed_on?: string;
  closure_requested_by?: string;
  closure_signed_by?: string;
  closure_signed_on?: string;
  reopened?: number;
  reopen_reason?: string;
  next_follow_up?: string;
  last_session_on?: string;
  follow_up_due?: boolean;
  summary?: string;
  plan?: { goals?: Goal[] };
  notes_visible?: boolean;
  person?: PersonSummary;
  // In the caseload: the case's risk flags not yet acknowledged.
  open_flags?: number;
  active?: boolean;
}

export interface CaseSession {
  id: string;
  version?: number;
  case_id: string;
  date: string;
  type: string;
  duration_minutes?: number;
  attended?: boolean;
  next_appointment?: string;
  notes?: string;
  counsellor_id?: string;
  created_at?: string;
}

export interface Supervision {
  id: string;
  case_id: string;
  date: string;
  supervisor_id?: string;
  note?: string;
  created_at?: string;
}

export interface RiskAssessment {
  id: string;
  case_id?: string;
  person_id: string;
  date: string;
  level?: string;
  self_harm?: string;
  harm_to_others?: string;
  protection?: string;
  details?: string;
  assessed_by?: string;
  created_at?: string;
  flags_raised?: RiskFlag[];
}

export interface RiskFlag {
  id: string;
  person_id?: string;
  case_id?: string;
  programme_id?: string;
  reason: string;
  level?: string;
  source_kind?: string;
  source_id?: string;
  status: string;
  raised_ms?: number;
  due_ms?: number;
  overdue?: boolean;
  acknowledged_by?: string;
  acknowledged_ms?: number;
  acknowledged_late?: boolean;
  note?: string;
  version?: number;
  person?: PersonSummary;
  // An instrument's flag (PHQ-9 item 9): the instrument's code, and no level.
  instrument?: string;
}

export interface Caseload {
  today: string;
  due: number;
  items: Case[];
}

export interface Queue {
  flags: RiskFlag[];
  closures: Case[];
  supervised: number;
}

export interface StaffMember {
  id: string;
  display_name: string;
}

export interface Staff {
  counsellors: StaffMember[];
  supervisors: StaffMember[];
}

// ---- who may do what (AccessPolicy for kCase) ----

// Lists cases: counsellors and supervisors their own; managers and M&E officers the organisation's.
export const mayListCases = (me: Me | undefined) => hasRole(me, 'manager', 'supervisor', 'counsellor', 'me_officer');
// Opens cases: a counsellor for themselves; a supervisor or a manager for any counsellor.
export const mayOpenCases = (me: Me | undefined) => hasRole(me, 'manager', 'supervisor', 'counsellor');
// Assigns counsellors and supervisors (when opening and afterwards).
export const mayAssign = (me: Me | undefined) => hasRole(me, 'manager', 'supervisor');
export const hasCaseload = (me: Me | undefined) => hasRole(me, 'counsellor');
export const hasQueue = (me: Me | undefined) => hasRole(me, 'manager', 'supervisor');
// Sees every case of the organisation, and so the list with its filters.
export const seesAllCases = (me: Me | undefined) => hasRole(me, 'manager', 'me_officer');

const counsels = (me: Me | undefined, c: Case) => !!me && hasRole(me, 'counsellor') && me.id === c.counsellor_id;
// The supervisor's side of a case: its supervisor, or a manager (who may sign a closure off).
export const supervises = (me: Me | undefined, c: Case) =>
  !!me && (hasRole(me, 'manager') || (hasRole(me, 'supervisor') && me.id === c.supervisor_id));
// Changes the case and records its sessions and risk assessments: those assigned, and managers.
export const mayChange = (me: Me | undefined, c: Case) => counsels(me, c) || supervises(me, c);

// ---- the case's state machine (domain/cases CheckCaseTransition) ----

export type Move = 'assessment' | 'active' | 'ask_closure' | 'withdraw' | 'sign_off' | 'send_back' | 'close' | 'reopen';

// The moves `me` may make from the case's status, in the order offered.
//   intake → assessment, active, closing, closed; assessment → active, closing, closed;
//   active → closing, closed; closing → closed (sign-off), active (sent back or withdrawn);
//   closed → active (reopened, with a reason). Only the supervisor's side moves a case to closed.
export function movesFor(me: Me | undefined, c: Case): Move[] {
  if (!mayChange(me, c) || c.active === false) return [];
  const supervisor = supervises(me, c);
  switch (c.status) {
    case 'intake':
      return supervisor ? ['assessment', 'active', 'ask_closure', 'close'] : ['assessment', 'active', 'ask_closure'];
    case 'assessment':
      return supervisor ? ['active', 'ask_closure', 'close'] : ['active', 'ask_closure'];
    case 'active':
      return supervisor ? ['ask_closure', 'close'] : ['ask_closure'];
    case 'closing':
      return supervisor ? ['sign_off', 'send_back'] : ['withdraw'];
    case 'closed':
      return ['reopen'];
  }
  return [];
}

// ---- the code lists in words (a code the app does not know is shown as it is) ----

export const STATUS: Record<string, string> = {
  intake: k('case_status.intake'),
  assessment: k('case_status.assessment'),
  active: k('case_status.active'),
  closing: k('case_status.closing'),
  closed: k('case_status.closed'),
};
export const REFERRAL_SOURCE: Record<string, string> = {
  self: k('case_code.referral_self'),
  family: k('case_code.referral_family'),
  community_leader: k('case_code.referral_community_leader'),
  staff: k('case_code.referral_staff'),
  group_facilitator: k('case_code.referral_group_facilitator'),
  other_organisation: k('case_code.referral_other_organisation'),
  other: k('case_code.referral_other'),
};
export const CLOSURE_REASON: Record<string, string> = {
  goals_met: k('case_code.closure_goals_met'),
  client_withdrew: k('case_code.closure_client_withdrew'),
  moved_away: k('case_code.closure_moved_away'),
  referred: k('case_code.closure_referred'),
  lost_contact: k('case_code.closure_lost_contact'),
  died: k('case_code.closure_died'),
  not_eligible: k('case_code.closure_not_eligible'),
  other: k('case_code.closure_other'),
};
export const OUTCOME: Record<string, string> = {
  improved: k('case_code.outcome_improved'),
  partly_improved: k('case_code.outcome_partly_improved'),
  unchanged: k('case_code.outcome_unchanged'),
  deteriorated: k('case_code.outcome_deteriorated'),
  unknown: k('case_code.outcome_unknown'),
};
export const SESSION_TYPE: Record<string, string> = {
  individual: k('case_code.session_individual'),
  family: k('case_code.session_family'),
  home_visit: k('case_code.session_home_visit'),
  phone: k('case_code.session_phone'),
};
export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export const RISK_LEVEL: Record<string, string> = {
  none: k('case_code.risk_none'),
  low: k('case_code.risk_low'),
  medium: k('case_code.risk_medium'),
  high: k('case_code.risk_high'),
};
export const RISK_DOMAINS = ['self_harm', 'harm_to_others', 'protection'] as const;
export type RiskDomain = (typeof RISK_DOMAINS)[number];
export const RISK_DOMAIN: Record<string, string> = {
  self_harm: k('case_code.domain_self_harm'),
  harm_to_others: k('case_code.domain_harm_to_others'),
  protection: k('case_code.domain_protection'),
};
export const GOAL_STATUS: Record<string, string> = {
  open: k('case_code.goal_open'),
  achieved: k('case_code.goal_achieved'),
  dropped: k('case_code.goal_dropped'),
};

// What a flag is about: a risk domain at high, or an instrument's item.
export function flagReason(reason: string, t: TFunc): string {
  return RISK_DOMAIN[reason] ? t(RISK_DOMAIN[reason]) : reason;
}

// ---- outcome instruments (docs/formats/instrument.md) ----

export interface InstrumentItem {
  id: string;
  min: number;
  max: number;
  text?: string;
  option_labels?: string[];
}

export interface Instrument {
  code: string;
  id?: string;
  name: string;
  version?: string;
  recall?: string;
  instructions?: string;
  items: InstrumentItem[];
  missing?: string;
  max_missing?: number;
  bands?: { code: string; label: string; min: number; max: number }[];
  higher_is_better?: boolean;
  builtin?: boolean;
}

export interface OutcomeAssessment {
  id: string;
  instrument: string;
  date: string;
  timepoint?: string | null;
  total?: number | null;
  scaled?: number | null;
  band?: string;
  missing?: number;
  flags_raised?: RiskFlag[];
}

export interface OutcomeSeries {
  instrument: string;
  name?: string;
  min_total?: number;
  max_total?: number;
  higher_is_better?: boolean;
  series: { id: string; date: string; timepoint?: string | null; total?: number | null; scaled?: number | null; band?: string }[];
  change: { delta: number; improved: boolean; reliable?: boolean; band_before?: string; band_after?: string } | null;
}

export const TIMEPOINTS = ['screening', 'baseline', 'mid', 'endline', 'follow_up'];
export const TIMEPOINT: Record<string, string> = {
  screening: k('case_code.timepoint_screening'),
  baseline: k('case_code.timepoint_baseline'),
  mid: k('case_code.timepoint_mid'),
  endline: k('case_code.timepoint_endline'),
  follow_up: k('case_code.timepoint_follow_up'),
};

// The built-in instruments' short names, the same in every language; a programme's own is named by
// its code where its definition is not at hand.
const SHORT: Record<string, string> = {
  who5: 'WHO-5',
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  k6: 'K6',
  k10: 'K10',
  psychlops: 'PSYCHLOPS',
  whodas12: 'WHODAS 2.0',
  pcl5: 'PCL-5',
};
export const instrumentShort = (code: string) => SHORT[code] || code;

// A band's label from the definition, else its code.
export function bandLabel(instrument: Instrument | undefined, code: string | undefined): string {
  if (!code) return '';
  return instrument?.bands?.find((b) => b.code === code)?.label || code;
}

// The instruments a case's programme may use (the built-ins and the programme's own).
const instrumentLists = new Map<string, Promise<Instrument[]>>();
export function loadInstruments(programmeId: string | undefined): Promise<Instrument[]> {
  const key = programmeId || '';
  let got = instrumentLists.get(key);
  if (!got) {
    got = api
      .get<{ items: Instrument[] }>('/instruments' + (key ? '?programme_id=' + encodeURIComponent(key) : ''))
      .then((r) => r.data.items)
      .catch((e) => {
        instrumentLists.delete(key);
        throw e;
      });
    instrumentLists.set(key, got);
  }
  return got;
}

// ---- formatting ----

// The person a case is about: the name, or the code for a role that sees no names.
export function personName(p: PersonSummary | undefined, t: TFunc): string {
  if (!p) return t('case.person_unknown');
  const name = [p.given_name, p.family_name].filter(Boolean).join(' ');
  return name || p.code || t('case.person_unknown');
}

// A date inside a sentence: kept left to right and on one line in Arabic too.
export const unbroken = (date: string | undefined) => (date ? '\u2066' + date.replace(/-/g, '\u2011') + '\u2069' : '');

// A moment (epoch milliseconds) as a local date and time, kept whole inside a sentence.
export function dayOf(ms: number | undefined): string {
  if (typeof ms !== 'number') return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return unbroken(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`) + '\u00a0' + unbroken(`${pad(d.getHours())}:${pad(d.getMinutes())}`);
}

// Whether a follow-up is late (before today) or due today; nothing when not due.
export function followUpState(c: Case, todayIs: string): 'overdue' | 'today' | '' {
  if (!c.follow_up_due || !c.next_follow_up) return '';
  return c.next_follow_up < todayIs ? 'overdue' : 'today';
}

export const casePath = (id: string) => '/cases/' + encodeURIComponent(id);
export const apiCase = (id: string) => '/cases/' + encodeURIComponent(id);

// ---- the server's messages about cases, in the reader's language ----

const MESSAGES: [RegExp, string][] = [
  [/^this person already has an open case in this programme/, k('case_error.open_case_exists')],
  [/^is required to close a case$/, k('case_error.required_to_close')],
  [/^is required to reopen a closed case$/, k('case_error.required_to_reopen')],
  [/^must not be before the case was opened \((\S+)\)$/, k('case_error.before_opened')],
  [/^is after today$/, k('case_error.after_today')],
  [/^is after today: record a session once it is held/, k('case_error.session_after_today')],
  [/^is after the case was closed \((\S+)\)/, k('case_error.after_closed')],
  [/^must be after the session's date$/, k('case_error.after_session')],
  [/^is not given for a missed appointment$/, k('case_error.missed_no_duration')],
  [/^at least one risk domain must be assessed/, k('case_error.one_domain')],
  [/^no such user in your organisation$/, k('case_error.no_such_user')],
  [/^this user is deactivated$/, k('case_error.user_deactivated')],
  [/^this user is not a counsellor$/, k('case_error.not_counsellor')],
  [/^this user is not a supervisor$/, k('case_error.not_supervisor')],
  [/^a case cannot move from \S+ to \S+$/, k('case_error.no_such_move')],
  [/^only the case's supervisor or a manager signs a closure off/, k('case_error.only_supervisor_closes')],
];

// The id of the person's open case when the server names it ("... (0190...): work in that case").
export function openCaseIn(message: string): string {
  return /open case in this programme \(([^)]+)\)/.exec(message)?.[1] || '';
}

// The same failure with the messages this part of the app knows put in words; useForm shows the
// rest as errors.ts does.
export function inWords(e: unknown, t: TFunc): unknown {
  if (!(e instanceof ApiError) || e.errors.length === 0) return e;
  const errors = e.errors.map((fe) => {
    for (const [re, key] of MESSAGES) {
      const m = re.exec(fe.message.trim());
      if (m) return { field: fe.field, message: t(key, { date: unbroken(m[1]) }) };
    }
    return fe;
  });
  return new ApiError(e.status, e.detail, errors, e.problem);
}

// ---- shared look-ups ----

let staff: Promise<Staff> | null = null;

// Whom cases may be assigned to (GET /cases/staff), fetched once per page load.
export function loadStaff(): Promise<Staff> {
  staff ||= api
    .get<Staff>('/cases/staff')
    .then((r) => r.data)
    .catch((e) => {
      staff = null;
      throw e;
    });
  return staff;
}

// The last case fetched, so that a form reached from the case page does not fetch it (and log
// another read of what was said) again.
let lastSeen: { c: Case; etag: string } | null = null;

export function remember(c: Case, etag: string) {
  lastSeen = { c, etag };
}

export async function fetchCase(id: string, fresh = false): Promise<{ c: Case; etag: string }> {
  if (!fresh && lastSeen && lastSeen.c.id === id) return lastSeen;
  const { data, etag } = await api.get<Case>(apiCase(id));
  remember(data, etag);
  return { c: data, etag };
}

// A list the caller's role may not read (403) is simply not shown.
export async function unlessForbidden<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return null;
    throw e;
  }
}
