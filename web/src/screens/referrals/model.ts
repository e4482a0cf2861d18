// Referrals as the screens see them: the directory's services and the referrals, who may do what
// (the server's AccessPolicy rules, mirrored; the server decides), the words for the codes, and the
// look-ups shared by the screens.
import { api, versionTag, type Me } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';
import type { PersonSummary } from '../../components/people';

export type { PersonSummary };

export interface Service {
  id: string;
  version?: number;
  name: string;
  provider?: string;
  category?: string;
  location?: string;
  contact?: string;
  accepts?: string;
  active?: boolean;
  organization_id?: string;
}

export interface Referral {
  id: string;
  version?: number;
  direction: string;
  programme_id: string;
  person_id: string;
  case_id?: string;
  service_id?: string;
  from_organization?: string;
  urgency: string;
  status: string;
  made_on: string;
  accepted_on?: string;
  closed_on?: string;
  follow_up_on?: string;
  feedback_on?: string;
  activity_code?: string;
  made_by?: string;
  // Only for those who may read them (managers, supervisors, counsellors).
  reason?: string;
  feedback?: string;
  // As the caller may see them: absent or de-identified for some roles.
  person?: PersonSummary;
  service?: Pick<Service, 'id' | 'name' | 'provider' | 'category' | 'location' | 'active'>;
  next_statuses?: string[];
}

export interface Slip {
  referral_id: string;
  date: string;
  urgency: string;
  reason: string;
  service: Partial<Pick<Service, 'name' | 'provider' | 'category' | 'location' | 'contact'>>;
  referrer: { organization?: string; name?: string };
  person: PersonSummary & { other_names?: string };
  identity_shown: boolean;
  identity_note?: string;
}

export interface Options {
  categories: { code: string; label?: string }[];
  urgencies: string[];
  statuses: string[];
  next_statuses: Record<string, string[]>;
}

// ---- who may do what ----

// Caseworkers make and follow referrals and read their reason; the M&E officer reads them without.
export const mayRefer = (me: Me | undefined) => hasRole(me, 'manager', 'supervisor', 'counsellor');
export const seesReferrals = (me: Me | undefined) => mayRefer(me) || hasRole(me, 'me_officer');
// The directory is read by everyone of the organisation and kept by its admins and managers.
export const mayKeepDirectory = (me: Me | undefined) => hasRole(me, 'admin', 'manager');

// ---- words for the codes ----

export const STATUSES = ['made', 'accepted', 'completed', 'declined', 'cancelled'] as const;

export const STATUS: Record<string, string> = {
  made: k('referral.status_made'),
  accepted: k('referral.status_accepted'),
  completed: k('referral.status_completed'),
  declined: k('referral.status_declined'),
  cancelled: k('referral.status_cancelled'),
};

// The button that moves a referral to a status.
export const STATUS_ACTION: Record<string, string> = {
  accepted: k('referral.action_accepted'),
  completed: k('referral.action_completed'),
  declined: k('referral.action_declined'),
  cancelled: k('referral.action_cancelled'),
};

export const URGENCIES = ['routine', 'urgent', 'emergency'] as const;

export const URGENCY: Record<string, string> = {
  routine: k('referral.urgency_routine'),
  urgent: k('referral.urgency_urgent'),
  emergency: k('referral.urgency_emergency'),
};

export const DIRECTION: Record<string, string> = {
  outgoing: k('referral.direction_outgoing'),
  incoming: k('referral.direction_incoming'),
};

// The built-in categories of the directory (MHPSS.md §7); an organisation's own are shown as coded.
export const CATEGORY: Record<string, string> = {
  specialised_mental_health: k('service.category_specialised_mental_health'),
  general_health: k('service.category_general_health'),
  gbv_case_management: k('service.category_gbv_case_management'),
  child_protection: k('service.category_child_protection'),
  protection_legal: k('service.category_protection_legal'),
  livelihoods: k('service.category_livelihoods'),
  education: k('service.category_education'),
  basic_needs: k('service.category_basic_needs'),
  disability_rehabilitation: k('service.category_disability_rehabilitation'),
  other_psychosocial: k('service.category_other_psychosocial'),
};

export const SEX: Record<string, string> = {
  female: k('referral.sex_female'),
  male: k('referral.sex_male'),
  not_recorded: k('referral.sex_not_recorded'),
};

export function label(map: Record<string, string>, code: unknown, t: TFunc): string {
  const c = code === undefined || code === null ? '' : String(code);
  return map[c] ? t(map[c]) : c;
}

// The person's name when the caller may see it, else the code, else a part of the id.
export function whoText(person: PersonSummary | undefined, id: string, t: TFunc): string {
  const name = person ? [person.given_name, person.family_name].filter(Boolean).join(' ') : '';
  return name || person?.code || t('referral.someone', { id: id.slice(-8) });
}

// Where a referral goes, or where it came from.
export function whereText(r: Referral, t: TFunc): string {
  if (r.direction === 'incoming') return t('referral.from_org', { name: r.from_organization || '' });
  return r.service?.name || t('referral.a_service');
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const fieldId = (name: string) => 'rf-' + name.replace(/\./g, '-');

export const referralPath = (id: string) => '/referrals/' + encodeURIComponent(id);
export const servicePath = (id: string) => '/services/' + encodeURIComponent(id);

// ---- look-ups ----

let options: Promise<Options> | null = null;
export function loadOptions(): Promise<Options> {
  options ||= api.get<Options>('/referrals/options').then(
    (r) => r.data,
    (e) => {
      options = null;
      throw e;
    },
  );
  return options;
}

// The categories in words, the organisation's own as coded.
export async function categoryChoices(t: TFunc): Promise<{ value: string; label: string }[]> {
  const o = await loadOptions();
  return o.categories.map((c) => ({ value: c.code, label: label(CATEGORY, c.code, t) }));
}

export async function fetchReferral(id: string): Promise<{ referral: Referral; etag: string }> {
  const { data, etag } = await api.get<Referral>(referralPath(id));
  return { referral: data, etag: versionTag(etag, data) };
}

export async function fetchService(id: string): Promise<{ service: Service; etag: string }> {
  const { data, etag } = await api.get<Service>(servicePath(id));
  return { service: data, etag: versionTag(etag, data) };
}
