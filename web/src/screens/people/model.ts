// The people registry as the screens see it: the record, who may do what, the code lists and
// their words, and small formatting helpers.
import { api, query, type Me, type Page, type Rec } from '../../api';
import { addTranslations, k, type TFunc } from '../../i18n';
import registryEn from '../../i18n/registry.en.json';
import { hasRole } from '../../session';

export const WG_DOMAINS = ['seeing', 'hearing', 'walking', 'remembering', 'self_care', 'communicating'] as const;
export type WgDomain = (typeof WG_DOMAINS)[number];

// A role sees only some fields: a field the server leaves out is simply absent.
export interface Person {
  id: string;
  version?: number;
  code?: string;
  given_name?: string;
  family_name?: string;
  other_names?: string;
  sex?: string;
  birth_date?: string;
  age_years?: number;
  age_estimated?: boolean;
  population_group?: string;
  household_id?: string | null;
  address?: string;
  phone?: string;
  language?: string;
  wg_ss?: Partial<Record<WgDomain, number>> | null;
  disability?: boolean | null;
  specific_needs?: string[];
  organization_id?: string;
  programme_id?: string;
  site_id?: string;
  status?: string;
  merged_into?: string | null;
  notes?: string;
  erased_on?: string;
  erase_reason?: string;
  merged_from?: string[];
  registered_on?: string;
  registered_by?: string;
  created_at?: string;
  updated_at?: string;
}

export interface Consent {
  id: string;
  person_id?: string;
  purpose: string;
  partner_org_id?: string | null;
  status: string;
  method?: string;
  date: string;
  text_version?: string;
  expires_on?: string | null;
  guardian_name?: string | null;
  recorded_by?: string;
  recorded_by_name?: string;
  notes?: string;
  created_at?: string;
}

export interface CurrentConsent {
  purpose: string;
  partner_org_id?: string | null;
  status: string;
  date: string;
  in_force: boolean;
  reason?: string;
}

export interface Consents {
  items: Consent[];
  current: CurrentConsent[];
}

export interface Options {
  population_groups: string[];
  specific_needs: string[];
  languages: string[];
  statuses: string[];
  consent_purposes: string[];
}

export interface Access {
  names: boolean; // sees and searches names (not an M&E officer alone)
  register: boolean; // registers people and edits them
  consent: boolean; // records consent
  manage: boolean; // erases, merges, exports (programme manager)
}

export function accessOf(me: Me | undefined): Access {
  const staff = hasRole(me, 'manager', 'supervisor', 'counsellor');
  return {
    names: staff || hasRole(me, 'facilitator'),
    register: staff,
    consent: staff,
    manage: hasRole(me, 'manager'),
  };
}

// The words of the registration's identity fields, the code lists they offer and the duplicate
// list (src/i18n/registry.*.json): used by the people screens and by the attendance screen's quick add.
export const registryStrings = () => addTranslations('registry', registryEn, { ar: () => import('../../i18n/registry.ar.json') });

// ---- the code lists' words (a code the app does not know is shown as it is) ----

export const SEX: Record<string, string> = {
  female: k('person.sex_female'),
  male: k('person.sex_male'),
  not_recorded: k('person.sex_not_recorded'),
};
export const STATUS: Record<string, string> = {
  active: k('person.status_active'),
  moved: k('person.status_moved'),
  deceased: k('person.status_deceased'),
  erased: k('person.status_erased'),
  merged: k('person.status_merged'),
};
export const POPULATION_GROUP: Record<string, string> = {
  idp_camp: k('population_group.idp_camp'),
  idp_host: k('population_group.idp_host'),
  host_community: k('population_group.host_community'),
  returnee: k('population_group.returnee'),
  migrant: k('population_group.migrant'),
  refugee: k('population_group.refugee'),
};
export const SPECIFIC_NEED: Record<string, string> = {
  unaccompanied_child: k('specific_need.unaccompanied_child'),
  separated_child: k('specific_need.separated_child'),
  older_person_at_risk: k('specific_need.older_person_at_risk'),
  survivor: k('specific_need.survivor'),
  single_parent: k('specific_need.single_parent'),
  person_with_disability: k('specific_need.person_with_disability'),
  chronic_illness: k('specific_need.chronic_illness'),
  pregnant_or_lactating: k('specific_need.pregnant_or_lactating'),
};
const PERSON_LANGUAGE: Record<string, string> = {
  din: k('person_language.din'),
  nus: k('person_language.nus'),
  bfa: k('person_language.bfa'),
  shk: k('person_language.shk'),
  other: k('person_language.other'),
  ar: k('language.ar'),
  en: k('language.en'),
};
export const WG_QUESTION: Record<WgDomain, string> = {
  seeing: k('wgss.q_seeing'),
  hearing: k('wgss.q_hearing'),
  walking: k('wgss.q_walking'),
  remembering: k('wgss.q_remembering'),
  self_care: k('wgss.q_self_care'),
  communicating: k('wgss.q_communicating'),
};
export const WG_DOMAIN: Record<WgDomain, string> = {
  seeing: k('wgss.seeing'),
  hearing: k('wgss.hearing'),
  walking: k('wgss.walking'),
  remembering: k('wgss.remembering'),
  self_care: k('wgss.self_care'),
  communicating: k('wgss.communicating'),
};
export const WG_ANSWER: Record<string, string> = {
  '1': k('wgss.a1'),
  '2': k('wgss.a2'),
  '3': k('wgss.a3'),
  '4': k('wgss.a4'),
};
export const PURPOSE: Record<string, string> = {
  services: k('consent.purpose_services'),
  follow_up: k('consent.purpose_follow_up'),
  referral: k('consent.purpose_referral'),
  share_partner: k('consent.purpose_share_partner'),
  share_any_partner: k('consent.purpose_share_any_partner'),
  photo: k('consent.purpose_photo'),
  share_programmes: k('consent.purpose_share_programmes'),
};
export const CONSENT_STATUS: Record<string, string> = {
  given: k('consent.status_given'),
  refused: k('consent.status_refused'),
  withdrawn: k('consent.status_withdrawn'),
};
export const METHOD: Record<string, string> = {
  verbal: k('consent.method_verbal'),
  written: k('consent.method_written'),
  guardian: k('consent.method_guardian'),
};
export const DUPLICATE_REASON: Record<string, string> = {
  same_name: k('duplicates.same_name'),
  similar_name: k('duplicates.similar_name'),
  same_sex: k('duplicates.same_sex'),
  age_close: k('duplicates.age_close'),
  same_site: k('duplicates.same_site'),
};
// Field names as they appear in the record, its change history and the export.
export const FIELD_LABEL: Record<string, string> = {
  code: k('person.code'),
  given_name: k('person.given_name'),
  family_name: k('person.family_name'),
  other_names: k('person.other_names'),
  sex: k('person.sex'),
  birth_date: k('person.birth_date'),
  age_years: k('person.age_years'),
  age_estimated: k('person.age_estimated'),
  birth_date_est: k('person.birth_date_est'),
  age_recorded_on: k('person.age_recorded_on'),
  population_group: k('person.population_group'),
  language: k('person.language'),
  household_id: k('person.household'),
  address: k('person.address'),
  phone: k('person.phone'),
  wg_ss: k('person.wg_ss'),
  disability: k('person.disability'),
  specific_needs: k('person.specific_needs'),
  notes: k('person.notes'),
  programme_id: k('person.programme'),
  site_id: k('person.site'),
  organization_id: k('person.organization'),
  status: k('person.status'),
  merged_into: k('person.merged_into'),
  merged_from: k('person.merged_from'),
  erased_on: k('person.erased_on'),
  erase_reason: k('person.erase_reason'),
  registered_on: k('person.registered'),
  registered_by: k('person.registered_by'),
  created_at: k('person.created'),
  updated_at: k('person.updated'),
  id: k('person.id'),
  version: k('person.version'),
};

// The fields of a consent record, as they appear in the change history.
export const CONSENT_FIELD_LABEL: Record<string, string> = {
  purpose: k('consent.purpose'),
  partner_org_id: k('consent.partner'),
  status: k('consent.status'),
  method: k('consent.method'),
  date: k('consent.date'),
  text_version: k('consent.text_version'),
  expires_on: k('consent.expires_on'),
  guardian_name: k('consent.guardian_name'),
  notes: k('consent.notes'),
  person_id: k('consent.person'),
  organization_id: k('person.organization'),
  recorded_by: k('consent.recorded_by'),
};

export function label(map: Record<string, string>, code: unknown, t: TFunc): string {
  const c = code === undefined || code === null ? '' : String(code);
  return map[c] ? t(map[c]) : c;
}

export function languageName(code: string | undefined, t: TFunc, lang: string): string {
  if (!code) return '';
  if (PERSON_LANGUAGE[code]) return t(PERSON_LANGUAGE[code]);
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

export const choicesOf = (codes: string[], map: Record<string, string>, t: TFunc) =>
  codes.map((c) => ({ value: c, label: label(map, c, t) }));

// ---- formatting ----

// The element id of a form field ("wg_ss.seeing" → "f-wg_ss-seeing").
export const fieldId = (name: string) => 'f-' + name.replace(/\./g, '-');

export function fullName(p: Person): string {
  return [p.given_name, p.family_name].filter(Boolean).join(' ');
}

// What to call the person on screen: the name, or the code for a role that sees no names.
export function titleOf(p: Person, t: TFunc): string {
  if (p.status === 'erased') return p.code || t('person.erased_person');
  return fullName(p) || p.code || '—';
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Whole years from a "YYYY-MM-DD" birth date to the day `on` ("YYYY-MM-DD").
export function yearsBetween(birth: string, on: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on);
  if (!b || !d) return null;
  let years = Number(d[1]) - Number(b[1]);
  if (d[2] + d[3] < b[2] + b[3]) years -= 1;
  return years;
}

// The person's age on a day: from the birth date when there is one, else the age in years now.
export function ageOn(p: Person, on: string): number | null {
  if (p.birth_date) return yearsBetween(p.birth_date, on);
  return typeof p.age_years === 'number' ? p.age_years : null;
}

export function ageText(p: Person, t: TFunc): string {
  const n = typeof p.age_years === 'number' ? p.age_years : p.birth_date ? yearsBetween(p.birth_date, today()) : null;
  if (n === null) return '';
  return p.age_estimated ? t('person.age_about', { n }) : t('person.age_n', { n });
}

export function dateTime(ms: number | undefined): string {
  if (typeof ms !== 'number') return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// A timestamp as the server gives it: epoch milliseconds or ISO text.
export function when(at: unknown): string {
  if (typeof at === 'number') return dateTime(at);
  if (typeof at === 'string') {
    const ms = Date.parse(at);
    return /T/.test(at) && Number.isFinite(ms) ? dateTime(ms) : at;
  }
  return '';
}

// ---- shared look-ups, fetched once per page load ----

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => {
    p ||= load().catch((e) => {
      p = null;
      throw e;
    });
    return p;
  };
}

const optionsByProgramme = new Map<string, () => Promise<Options>>();

// The lists a person form offers; with a programme, its own codes too.
export function loadOptions(programmeId = ''): Promise<Options> {
  let load = optionsByProgramme.get(programmeId);
  if (!load) {
    load = once(async () => (await api.get<Options>('/persons/options' + query({ programme_id: programmeId }))).data);
    optionsByProgramme.set(programmeId, load);
  }
  return load();
}

export const loadSites = once(async () => {
  const { data } = await api.get<Page<Rec>>('/sites' + query({ limit: 200 }));
  return data.items.map((s) => ({ value: s.id, label: String(s.name), active: s.active !== false }));
});

export const loadOrganizations = once(async () => {
  const { data } = await api.get<Page<Rec>>('/organizations' + query({ limit: 200 }));
  return data.items.map((o) => ({ value: o.id, label: String(o.name) }));
});

// The last person record fetched, so that a screen reached from the person page (consent, erase,
// merge) does not fetch — and log another look at — the record again.
let lastSeen: { person: Person; etag: string } | null = null;

export function remember(person: Person, etag: string) {
  lastSeen = { person, etag };
}

export function forget() {
  lastSeen = null;
}

export async function fetchPerson(id: string, reason?: string): Promise<{ person: Person; etag: string }> {
  if (lastSeen && lastSeen.person.id === id) return lastSeen;
  const { data, etag } = await api.get<Person>('/persons/' + encodeURIComponent(id) + query({ reason }));
  remember(data, etag);
  return { person: data, etag };
}
