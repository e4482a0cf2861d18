// Mediation cases as the screens see them (/api/v1/mediations): the records, who may do what (the
// same rules as the server's AccessPolicy, to offer only what will be allowed; the server decides),
// the code lists' words and the dispute types of a programme.
import { api, query, type Me } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';
import type { PersonSummary } from '../../components/people';
import { whoText } from '../activities/attendance';

export interface Party {
  kind?: 'person' | 'group';
  person_id?: string;
  // The person as the caller may see them; absent when they may not.
  person?: PersonSummary;
  // A group described without names; not shown to an M&E officer.
  description?: string;
}

export interface Mediator {
  user_id?: string;
  display_name?: string;
  name?: string;
  role?: string;
}

export interface Mediation {
  id: string;
  version?: number;
  programme_id?: string;
  dispute_type?: string;
  dispute_type_label?: string;
  mediated?: boolean;
  guidance?: string;
  parties?: Party[];
  mediators?: Mediator[];
  opened_on?: string;
  status?: string;
  outcome?: string;
  closed_on?: string;
  follow_up_on?: string;
  follow_up_due?: boolean;
  activity_ids?: string[];
  reopened?: number;
  // What was said: only when text_visible.
  text_visible?: boolean;
  summary?: string;
  referral_note?: string;
  reopen_reason?: string;
  active?: boolean;
}

export interface MediationSession {
  id: string;
  version?: number;
  date?: string;
  kind?: string;
  duration_minutes?: number;
  place?: string;
  notes?: string;
  text_visible?: boolean;
}

export interface Agreement {
  id: string;
  version?: number;
  date?: string;
  session_id?: string;
  text?: string;
  held?: string;
  followed_up_on?: string;
  text_visible?: boolean;
}

export interface DisputeTypeRow {
  code: string;
  label: string;
  mediate: boolean;
  guidance?: string;
}

export interface MediationOptions {
  dispute_types: DisputeTypeRow[];
  outcomes: string[];
  session_kinds: string[];
  held: string[];
}

// ---- who may do what ----

export const seesMediations = (me: Me | undefined) =>
  hasRole(me, 'manager', 'supervisor', 'counsellor', 'facilitator', 'me_officer');
// Managers and supervisors open any; counsellors and facilitators those they mediate.
export const mayOpen = (me: Me | undefined) => hasRole(me, 'manager', 'supervisor', 'counsellor', 'facilitator');
// Naming other staff as mediators.
export const mayNameStaff = (me: Me | undefined) => hasRole(me, 'manager', 'supervisor');
export const mediates = (me: Me | undefined, m: Mediation) =>
  !!me &&
  hasRole(me, 'manager', 'supervisor', 'counsellor', 'facilitator') &&
  (m.mediators || []).some((x) => x.user_id === me.id);
// Sessions, agreements, closing and reopening: its mediators, managers and supervisors.
export const mayRecord = (me: Me | undefined, m: Mediation) => hasRole(me, 'manager', 'supervisor') || mediates(me, m);

// ---- the code lists' words (a code the app does not know is shown as the server words it) ----

export const DISPUTE_TYPE: Record<string, string> = {
  family: k('dispute_type.family'),
  land_shelter: k('dispute_type.land_shelter'),
  resource: k('dispute_type.resource'),
  inter_community: k('dispute_type.inter_community'),
  youth: k('dispute_type.youth'),
  gender_based: k('dispute_type.gender_based'),
  other: k('dispute_type.other'),
};
export const MEDIATION_STATUS: Record<string, string> = {
  open: k('mediation_status.open'),
  closed: k('mediation_status.closed'),
};
export const OUTCOME: Record<string, string> = {
  resolved: k('mediation_outcome.resolved'),
  partially_resolved: k('mediation_outcome.partially_resolved'),
  unresolved: k('mediation_outcome.unresolved'),
  referred: k('mediation_outcome.referred'),
};
export const SESSION_KIND: Record<string, string> = {
  joint: k('mediation_session_kind.joint'),
  separate: k('mediation_session_kind.separate'),
  shuttle: k('mediation_session_kind.shuttle'),
  follow_up: k('mediation_session_kind.follow_up'),
};
export const HELD: Record<string, string> = {
  held: k('agreement_held.held'),
  partly_held: k('agreement_held.partly_held'),
  not_held: k('agreement_held.not_held'),
};

export function typeText(code: string | undefined, serverLabel: string | undefined, t: TFunc): string {
  if (code && DISPUTE_TYPE[code]) return t(DISPUTE_TYPE[code]);
  return serverLabel || code || '';
}

// The state in a word or two: "Open", or the outcome of a closed case.
export function stateText(m: Mediation, t: TFunc): string {
  if (m.status === 'closed' && m.outcome && OUTCOME[m.outcome]) return t(OUTCOME[m.outcome]);
  return m.status && MEDIATION_STATUS[m.status] ? t(MEDIATION_STATUS[m.status]) : m.status || '';
}

export function partyText(p: Party, t: TFunc): string {
  if (p.kind === 'group' || (!p.person_id && p.description !== undefined)) return p.description || t('mediation.a_group');
  return whoText({ id: p.person_id || '', person: p.person }, t);
}

// "A · B · C" of the parties.
export const partiesText = (m: Mediation, t: TFunc) => (m.parties || []).map((p) => partyText(p, t)).join(' · ');

export function mediatorText(x: Mediator): string {
  if (x.user_id) return x.display_name || x.user_id.slice(-8);
  return x.role ? `${x.name} (${x.role})` : x.name || '';
}

// The dispute types of a programme (its own added to the defaults), fetched once per programme.
const optionsOf = new Map<string, Promise<MediationOptions>>();
export function fetchOptions(programmeId: string): Promise<MediationOptions> {
  let p = optionsOf.get(programmeId);
  if (!p) {
    p = api.get<MediationOptions>('/mediations/options' + query({ programme_id: programmeId })).then((r) => r.data);
    p.catch(() => optionsOf.delete(programmeId));
    optionsOf.set(programmeId, p);
  }
  return p;
}

export const mediationPath = (id: string) => '/mediations/' + encodeURIComponent(id);
