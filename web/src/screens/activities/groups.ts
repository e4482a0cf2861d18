// Group work as the screens see it: members of peer-support groups and vocational cohorts,
// training participants with their scores and certificates, cooperatives formed by graduates, an
// activity's reach; who may do what, the code lists' words, and the server's messages about them
// in the reader's language.
import { ApiError, query, type Me } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';
import { mayPlan, unbroken, type Activity } from './model';
import type { PersonSummary } from './attendance';

// ---- members and enrolments (/activities/{id}/members, /memberships/{id}) ----

export interface Membership {
  id: string;
  version?: number;
  activity_id?: string;
  person_id: string;
  joined_on?: string;
  left_on?: string;
  status?: string;
  leave_reason?: string;
  active?: boolean;
  // The person as the caller may see them; absent when they may not.
  person?: PersonSummary;
}

// Streams whose activities have members: a standing group and a cohort.
export const hasMembers = (a: Activity) => a.stream === 'peer_support' || a.stream === 'vocational';

// The statuses of a stream: the first is the one a member joins with, the rest end a membership.
export function membershipStatuses(stream: string | undefined): string[] {
  if (stream === 'peer_support') return ['member', 'left'];
  if (stream === 'vocational') return ['enrolled', 'completed', 'dropped_out'];
  return [];
}

export const MEMBERSHIP_STATUS: Record<string, string> = {
  member: k('members.status_member'),
  left: k('members.status_left'),
  enrolled: k('members.status_enrolled'),
  completed: k('members.status_completed'),
  dropped_out: k('members.status_dropped_out'),
};

// ---- training participants (/activities/{id}/participants, /participants/{id}) ----

export interface Participant {
  id: string;
  version?: number;
  activity_id?: string;
  // Only for the training's facilitators, managers and supervisors.
  name?: string;
  agency?: string;
  role?: string;
  sex?: string;
  pre_score?: number;
  post_score?: number;
  certificate_number?: string;
  attended?: number;
  completion?: { status: string; percent: number };
  score_change?: { change: number; change_points_percent: number };
}

export interface Participants {
  activity_id: string;
  test_max_score: number;
  completion_rule_percent: number;
  sessions_held: number;
  items: Participant[];
}

export const COMPLETION: Record<string, string> = {
  completed: k('participants.completion_completed'),
  not_met: k('participants.completion_not_met'),
  in_progress: k('participants.completion_in_progress'),
};

// Participants' names (and so certificates) are for the training's facilitators, managers and
// supervisors (AccessPolicy::MaySeeParticipantNames).
export const maySeeParticipantNames = (me: Me | undefined, a: Activity) =>
  hasRole(me, 'manager', 'supervisor') || (!!me && hasRole(me, 'facilitator') && (a.facilitators?.user_ids || []).includes(me.id));

export interface Certificate {
  number: string;
  issued_on: string;
  name: string;
  agency: string;
  role?: string;
  training: string;
  topics?: string[];
  start_date?: string;
  end_date?: string;
  programme?: string;
  attended?: number;
  sessions_held?: number;
}

export const certificatePath = (participantId: string, activityId?: string) =>
  '/participants/' + encodeURIComponent(participantId) + '/certificate' + query({ activity: activityId });

// The topics of the built-in trainings in words; another topic is shown as its words.
const TOPIC: Record<string, string> = {
  psychological_first_aid: k('certificate.topic_psychological_first_aid'),
  self_care: k('certificate.topic_self_care'),
  referral: k('certificate.topic_referral'),
  basic_counselling: k('certificate.topic_basic_counselling'),
  services: k('certificate.topic_services'),
  mental_health_awareness: k('certificate.topic_mental_health_awareness'),
};

export function topicText(topic: string, t: TFunc): string {
  return TOPIC[topic] ? t(TOPIC[topic]) : topic.replace(/[_-]+/g, ' ');
}

// ---- cooperatives (/cooperatives) ----

export interface CooperativeMember {
  person_id: string;
  joined_on?: string;
  role?: string;
  person?: PersonSummary;
}

export interface Cooperative {
  id: string;
  version?: number;
  programme_id?: string;
  site_id?: string;
  name?: string;
  activity?: string;
  kind?: string;
  formed_from?: string;
  start_date?: string;
  status?: string;
  dissolved_on?: string;
  members?: CooperativeMember[];
  // Only for those who may read them (managers and supervisors).
  notes?: string;
  active?: boolean;
}

export const COOPERATIVE_KIND: Record<string, string> = {
  cooperative: k('cooperative.kind_cooperative'),
  livelihood_group: k('cooperative.kind_livelihood_group'),
};

export const COOPERATIVE_STATUS: Record<string, string> = {
  active: k('cooperative.status_active'),
  inactive: k('cooperative.status_inactive'),
  dissolved: k('cooperative.status_dissolved'),
};

// Cooperatives are recorded by the programme's managers, read by its staff.
export const mayRecordCooperatives = mayPlan;

// ---- reach (/activities/{id}/reach) ----

export interface Breakdown {
  total: number;
  cells: Record<string, Record<string, number>>;
}

export interface Reach {
  activity_id: string;
  age_bands: string[];
  sessions: number;
  people_reached: Breakdown;
  service_contacts: Breakdown;
  headcount_participants: Breakdown;
}

// "18_59" → "18–59", "60_plus" → "60+"; a band the app cannot read is shown as its code.
export function bandCodeText(code: string, t: TFunc): string {
  let m = /^(\d+)_(\d+)$/.exec(code);
  if (m) return m[1] + '–' + m[2];
  m = /^(\d+)_plus$/.exec(code);
  if (m) return t('attendance.band_open', { min: m[1] });
  if (code === 'unknown') return t('reach.age_unknown');
  return code;
}

// ---- the server's messages about group work, in the reader's language ----

const MESSAGES: [RegExp, string][] = [
  [/^must be between 0 and (\S+), the training's maximum score$/, k('group_error.score_max')],
  [/^must lie within the activity's dates: from (\S+) to (\S+)$/, k('activity_error.outside_dates')],
  [/^must lie within the activity's dates: on or after (\S+)$/, k('activity_error.outside_dates_open')],
  [/^must not be before joined_on$/, k('group_error.left_before_joined')],
  [/^is required when the status is (left|dropped_out)$/, k('group_error.left_on_required')],
  [/^overlaps the person's membership /, k('group_error.overlap')],
  [/^is only for one who left$/, k('group_error.reason_without_leaving')],
  [/^must not be before the start_date (\S+)$/, k('group_error.member_before_start')],
  [/^is required when the status is dissolved$/, k('group_error.dissolved_on_required')],
  [/^is only for the status dissolved$/, k('group_error.dissolved_on_only')],
  [/^repeats the person of /, k('group_error.member_repeated')],
  [/^is not a vocational training cohort$/, k('group_error.not_a_cohort')],
];

const words = (message: string, t: TFunc): string => {
  const s = message.trim();
  for (const [re, key] of MESSAGES) {
    const m = re.exec(s);
    if (m) return t(key, { max: m[1], from: unbroken(m[1]), to: unbroken(m[2]) });
  }
  return message;
};

// The same failure with the messages this part of the app knows put in words (the people's
// messages as the attendance screen words them, by `people`); the rest are shown as errors.ts does.
export function inGroupWords(e: unknown, t: TFunc, people?: (e: unknown, t: TFunc) => unknown): unknown {
  if (!(e instanceof ApiError) || e.errors.length === 0) return e;
  const worded = new ApiError(
    e.status,
    e.detail,
    e.errors.map((fe) => ({ field: fe.field, message: words(fe.message, t) })),
    e.problem,
  );
  return people ? people(worded, t) : worded;
}

// The certificate's refusal ("has not completed the training: attended 2 of 5 sessions, 80%
// needed") in words, else the problem's own detail.
export function notCompletedText(e: ApiError, t: TFunc): string {
  const message = e.errors.find((fe) => fe.field === 'completion')?.message || '';
  const m = /attended (\d+) of (\d+) sessions, (\d+)% needed/.exec(message);
  if (m) return t('certificate.not_completed', { attended: m[1], held: m[2], percent: m[3] });
  return e.detail || t('error.unknown');
}
