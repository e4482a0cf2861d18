// What the handover screens work with: the handover as /api/v1/handovers answers it (its preview,
// the package's summary, the receiver's record of what it took), the verification report of a
// package, the handover report, who may do what (the server's AccessPolicy rules for kHandover,
// mirrored to offer only what will be allowed) and the words for the server's codes
// (docs/formats/handover.md).
import type { Me } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';

export type Status = 'planned' | 'approved' | 'packaged' | 'accepted' | 'cancelled';
export type Counts = Record<string, number>;

export interface Approval {
  user_id?: string;
  role: string;
  at: string;
  name?: string | null;
}

export interface People {
  total: number;
  identified: number;
  deidentified: number;
  withheld: number;
  consent_coverage_percent: number;
  reasons?: Counts;
}

export interface Readiness {
  item: string;
  state: 'done' | 'todo' | 'info';
  value: unknown;
  detail: string;
}

export interface Problem {
  code: string;
  message: string;
  case_id?: string;
  person_code?: string;
}

export interface OpenCase {
  case_id: string;
  counsellor_id: string;
  supervisor_id: string;
  next_follow_up?: string | null;
  counsellor_name?: string;
  supervisor_name?: string;
}

export interface ActiveActivity {
  id: string;
  title: string;
  stream: string;
  status: string;
}

export interface Preview {
  people: People;
  records: Counts;
  withheld_records: Counts;
  withheld?: { kind: string; id: string; person_code: string; reason: string }[];
  open_cases: OpenCase[];
  active_activities: ActiveActivity[];
  pending_referrals: number;
  trained_staff: number;
  cooperatives: number;
  documents: number;
  site_moves: boolean;
  problems: Problem[];
  readiness: Readiness[];
}

// What a package held (kept on the handover record by both organisations): counts only.
export interface PackageSummary {
  id: string;
  created_at: string;
  bytes?: number;
  change_sets?: number;
  records: Counts;
  people: People;
  withheld_records: Counts;
  open_cases: number;
  pending_referrals: number;
  active_activities: number;
}

// The receiver's receipt of an accepted package, signed with its organisation key: the sender
// completes the handover with it on its own server (docs/formats/handover.md "The receipt").
export interface SignedReceipt {
  receipt: string;
  signature: string;
}

export interface Accepted {
  at: string;
  organization_id: string;
  package_id: string;
  records: Counts;
  deidentified_people: number;
  receipt?: SignedReceipt;
  completed_at?: string;
  made_after_package?: number;
}

export interface Handover {
  id: string;
  version: number;
  programme_id: string;
  organization_id: string;
  receiver_organization_id: string;
  accepted_by_organization_id?: string;
  effective_date: string;
  purpose: string;
  agreement_reference: string;
  support_until?: string | null;
  non_consenting: string;
  notes?: string;
  status: Status;
  approvals: Approval[];
  package?: PackageSummary;
  accepted?: Accepted;
  preview?: Preview;
}

export interface Named {
  id: string;
  name: string | null;
}

// GET /handovers/{id}/report
export interface HandoverReport {
  handover: {
    id: string;
    status: Status;
    programme: Named | null;
    sender: Named | null;
    receiver: Named | null;
    effective_date: string;
    purpose: string;
    agreement_reference: string;
    support_until: string | null;
    non_consenting: string;
  };
  approvals: Approval[];
  package: PackageSummary | null;
  accepted: Accepted | null;
  support: { until: string | null; advisors: { organization_id: string; until: string; name: string | null }[] };
}

// POST /handovers/import?mode=verify
export interface Verification {
  package_id: string;
  created_at: string;
  handover: {
    id: string;
    programme_id: string;
    programme_name: string;
    effective_date: string;
    purpose: string;
    agreement_reference: string;
    support_until?: string | null;
    non_consenting: string;
    approvals: Approval[];
    consent_checked_on: string;
  };
  sender: { organization_id: string; name: string; fingerprint: string; known: boolean };
  recipient: { organization_id: string; name: string; fingerprint: string };
  records: Counts;
  people: People;
  withheld_records: Counts;
  change_sets: number;
  open_cases: OpenCase[];
  staff: { id: string; display_name: string; roles: string[] }[];
  active_activities: ActiveActivity[];
  pending_referrals: number;
  readiness: Readiness[];
  already_imported: boolean;
  verified: boolean;
}

// POST /handovers/import?mode=accept
export interface ImportResult {
  handover_id: string;
  package_id: string;
  programme_id: string;
  organization_id: string;
  change_sets_applied: number;
  history_change_sets: number;
  records: Counts;
  deidentified_people: number;
  directory_services?: number;
  open_cases_reassigned: number;
  receipt?: SignedReceipt;
}

export interface KeyCard {
  organization_id: string;
  public_key: string;
  fingerprint: string;
  created_at: string;
  source: string;
  local: boolean;
}

export const PACKAGE_TYPE = 'application/vnd.baton.handover';

export const listPath = '/handovers';
export const newPath = '/handovers/new';
export const receivePath = '/handovers/receive';
export const pagePath = (id: string) => '/handovers/' + id;
export const reportPath = (id: string) => '/handovers/' + id + '/report';

// ---- who may do what (AccessPolicy, Resource::kHandover) ----

const mine = (me: Me | undefined, org: string | undefined) => !!me?.organization && !!org && me.organization.id === org;

// Planned by a manager of the programme's owner.
export const mayPlan = (me: Me | undefined, programmeOwner: string | undefined) => hasRole(me, 'manager') && mine(me, programmeOwner);

// The sender's managers and admins approve and package; only its managers cancel.
export const isSender = (me: Me | undefined, h: Handover) => hasRole(me, 'manager', 'admin') && mine(me, h.organization_id);
export const mayCancel = (me: Me | undefined, h: Handover) =>
  hasRole(me, 'manager') && mine(me, h.organization_id) && h.status !== 'accepted' && h.status !== 'cancelled';
export const mayPackage = (me: Me | undefined, h: Handover) => isSender(me, h) && (h.status === 'approved' || h.status === 'packaged');
// Packaged and carried to another server: the receiver's receipt completes it here.
export const mayComplete = (me: Me | undefined, h: Handover) => isSender(me, h) && h.status === 'packaged';

// Saves the receipt as the file the receiver sends to the sender.
export function saveReceipt(r: SignedReceipt, handoverId: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(r) + '\n'], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `handover-${handoverId}-receipt.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// The role the caller's approval would fill: one per person, in a role still missing.
export function approvalRole(me: Me | undefined, h: Handover): 'manager' | 'admin' | null {
  if (!me || !isSender(me, h) || h.status !== 'planned') return null;
  if (h.approvals.some((a) => a.user_id === me.id)) return null;
  for (const r of ['manager', 'admin'] as const) {
    if (hasRole(me, r) && !h.approvals.some((a) => a.role === r)) return r;
  }
  return null;
}

// A problem blocks approval unless it is only the receiver's key (which blocks the package).
export const blocksApproval = (p: Problem) => p.code !== 'receiver_key_missing';

// ---- words ----

export const STATUS: Record<string, string> = {
  planned: k('handover.status.planned'),
  approved: k('handover.status.approved'),
  packaged: k('handover.status.packaged'),
  accepted: k('handover.status.accepted'),
  cancelled: k('handover.status.cancelled'),
};

export const POLICY: Record<string, string> = {
  deidentified: k('handover.policy.deidentified'),
  withhold: k('handover.policy.withhold'),
};

export const APPROVAL_ROLE: Record<string, string> = {
  manager: k('handover.approval.manager'),
  admin: k('handover.approval.admin'),
};

// Why a person does not move with their identity.
export const REASON: Record<string, string> = {
  no_consent: k('handover.reason.no_consent'),
  refused: k('handover.reason.refused'),
  withdrawn: k('handover.reason.withdrawn'),
  not_valid: k('handover.reason.not_valid'),
  erased: k('handover.reason.erased'),
  merged: k('handover.reason.merged'),
};

// The kinds of record that move (domain/handover HandoverKinds, with the programme, its site and
// the people with their consents).
export const KIND: Record<string, string> = {
  programme: k('handover.kind.programme'),
  site: k('handover.kind.site'),
  person: k('handover.kind.person'),
  consent: k('handover.kind.consent'),
  activity: k('handover.kind.activity'),
  session: k('handover.kind.session'),
  attendance: k('handover.kind.attendance'),
  membership: k('handover.kind.membership'),
  participant: k('handover.kind.participant'),
  cooperative: k('handover.kind.cooperative'),
  questionnaire: k('handover.kind.questionnaire'),
  response: k('handover.kind.response'),
  instrument: k('handover.kind.instrument'),
  case: k('handover.kind.case'),
  case_session: k('handover.kind.case_session'),
  supervision: k('handover.kind.supervision'),
  risk_assessment: k('handover.kind.risk_assessment'),
  risk_flag: k('handover.kind.risk_flag'),
  assessment: k('handover.kind.assessment'),
  referral: k('handover.kind.referral'),
  mediation: k('handover.kind.mediation'),
  mediation_session: k('handover.kind.mediation_session'),
  mediation_agreement: k('handover.kind.mediation_agreement'),
  programme_report: k('handover.kind.programme_report'),
};

export const READINESS: Record<string, string> = {
  staff_trained: k('handover.ready.staff_trained'),
  caseload: k('handover.ready.caseload'),
  consent_coverage: k('handover.ready.consent_coverage'),
  risk_flags_resolved: k('handover.ready.risk_flags_resolved'),
  receiver_key: k('handover.ready.receiver_key'),
  approvals: k('handover.ready.approvals'),
};

export const STATE: Record<string, string> = {
  done: k('handover.state.done'),
  todo: k('handover.state.todo'),
  info: k('handover.state.info'),
};

export const ACTIVITY_STATUS: Record<string, string> = {
  planned: k('handover.activity.planned'),
  ongoing: k('handover.activity.ongoing'),
};

export const label = (map: Record<string, string>, code: string, t: TFunc) => (map[code] ? t(map[code]) : code);

const num = (v: unknown) => (typeof v === 'number' && isFinite(v) ? v : null);

// A readiness item in the reader's language, made from its value; the server's words otherwise.
export function readinessText(r: Readiness, t: TFunc, people?: People, openCases?: number): string {
  const n = num(r.value);
  switch (r.item) {
    case 'staff_trained':
      if (n !== null) return t('handover.ready_detail.staff_trained', { n });
      break;
    case 'caseload':
      if (openCases === 0) return t('handover.ready_detail.caseload_none');
      if (n === null) return t('handover.ready_detail.caseload_nobody', { cases: openCases ?? '—' });
      return t('handover.ready_detail.caseload', { cases: openCases ?? '—', per: Math.round(n * 10) / 10 });
    case 'consent_coverage':
      if (people) return t('handover.ready_detail.consent_coverage', { n: people.identified, total: people.total, percent: people.consent_coverage_percent });
      break;
    case 'risk_flags_resolved':
      if (n !== null) return n === 0 ? t('handover.ready_detail.flags_none') : t('handover.ready_detail.flags_open', { n });
      break;
    case 'receiver_key':
      return typeof r.value === 'string' ? t('handover.ready_detail.key', { fingerprint: r.value }) : t('handover.ready_detail.key_missing');
    case 'approvals':
      if (n !== null) return t('handover.ready_detail.approvals', { n });
      break;
  }
  return r.detail;
}

// A problem in the reader's language (with the person's code), the server's words otherwise.
export function problemText(p: Problem, t: TFunc): string {
  if (p.code === 'open_case_without_consent' && p.person_code) return t('handover.problem.open_case', { code: p.person_code });
  if (p.code === 'open_risk_flag') return t('handover.problem.risk_flag');
  if (p.code === 'receiver_key_missing') return t('handover.problem.key_missing');
  return p.message;
}

// A size in bytes as people read it: "12.3 KB".
export function sizeText(bytes: number | undefined): string {
  if (typeof bytes !== 'number') return '—';
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

// A date that reads left to right and wraps whole in an Arabic line.
export const dateText = (iso: string | null | undefined) => (iso ? '\u2066' + iso.slice(0, 10).replace(/-/g, '\u2011') + '\u2069' : '—');

// A moment: the date and the minute, in UTC as the server keeps it.
export const momentText = (iso: string | null | undefined) =>
  iso ? '\u2066' + iso.slice(0, 10).replace(/-/g, '\u2011') + '\u00a0' + iso.slice(11, 16) + '\u00a0UTC\u2069' : '—';

// The kinds with their counts, biggest first, then by name.
export const byCount = (c: Counts | undefined) =>
  Object.entries(c || {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
