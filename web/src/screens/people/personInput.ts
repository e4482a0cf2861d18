// What registering a person asks for, shared by the registration form and the attendance screen's
// quick add: the fields, the request body for POST /persons and /persons/duplicates, the fields
// left empty that must not be, and the likely duplicates the server finds.
import { api } from '../../api';
import { k, type TFunc } from '../../i18n';
import type { Value } from '../../components/Field';
import type { FieldDef } from '../../resources';
import { choicesOf, POPULATION_GROUP, SEX, WG_DOMAINS, type Options, type Person } from './model';

export type Values = Record<string, Value>;

export const wgName = (d: string) => 'wg_ss.' + d;

export const PERSON_FIELDS: Record<string, FieldDef> = {
  given_name: { name: 'given_name', label: k('person.given_name'), kind: 'text', required: true, autocomplete: 'off' },
  family_name: { name: 'family_name', label: k('person.family_name'), kind: 'text', autocomplete: 'off' },
  other_names: { name: 'other_names', label: k('person.other_names'), kind: 'text', autocomplete: 'off', hint: k('person.other_names_hint') },
  sex: { name: 'sex', label: k('person.sex'), kind: 'radio', required: true },
  age_known: { name: 'age_known', label: k('person.age_or_birth'), kind: 'radio', required: true },
  age_years: { name: 'age_years', label: k('person.age_years'), kind: 'number', step: '1', min: 0, max: 120, required: true },
  age_estimated: { name: 'age_estimated', label: k('person.age_estimated'), kind: 'checkbox' },
  birth_date: { name: 'birth_date', label: k('person.birth_date'), kind: 'date', required: true },
  population_group: { name: 'population_group', label: k('person.population_group'), kind: 'select', required: true },
  programme_id: { name: 'programme_id', label: k('person.programme'), kind: 'select', required: true },
  site_id: { name: 'site_id', label: k('person.site'), kind: 'site', required: true },
  address: { name: 'address', label: k('person.address'), kind: 'text', autocomplete: 'off', hint: k('person.address_hint') },
  household: { name: 'household', label: k('person.household'), kind: 'text', autocomplete: 'off', hint: k('person.household_hint') },
  phone: { name: 'phone', label: k('person.phone'), kind: 'tel', autocomplete: 'off' },
  language: { name: 'language', label: k('person.language'), kind: 'select' },
  specific_needs: { name: 'specific_needs', label: k('person.specific_needs'), kind: 'checks' },
  notes: { name: 'notes', label: k('person.notes'), kind: 'textarea', hint: k('person.notes_hint') },
};

export const TEXT_FIELDS = ['given_name', 'family_name', 'other_names', 'address', 'phone', 'notes'];
export const CODE_FIELDS = ['sex', 'population_group', 'programme_id', 'site_id', 'language'];

// The request body for the values; the household is sent as an id resolved separately.
export function toBody(v: Values): Record<string, unknown> {
  const s = (name: string) => (typeof v[name] === 'string' ? (v[name] as string).trim() : '');
  const body: Record<string, unknown> = {};
  for (const f of [...TEXT_FIELDS, ...CODE_FIELDS]) if (s(f) !== '') body[f] = f === 'notes' ? v[f] : s(f);
  if (v.age_known === 'date') {
    if (s('birth_date')) body.birth_date = s('birth_date');
  } else {
    const n = Number(s('age_years'));
    if (s('age_years') !== '') body.age_years = Number.isInteger(n) ? n : s('age_years');
    body.age_estimated = v.age_estimated === 'true';
  }
  const needs = Array.isArray(v.specific_needs) ? v.specific_needs : [];
  body.specific_needs = needs;
  const wg: Record<string, number> = {};
  for (const d of WG_DOMAINS) if (s(wgName(d))) wg[d] = Number(s(wgName(d)));
  if (Object.keys(wg).length > 0) body.wg_ss = wg;
  return body;
}

const REQUIRED = ['given_name', 'sex', 'population_group', 'programme_id', 'site_id'];

// The fields left empty that must not be (and an age out of range), with their messages: shown
// without asking the server. The age is asked as a number of years or as a date of birth
// (`age_known`); the server wants exactly one of the two.
export function missing(v: Values, t: TFunc): Record<string, string> {
  const errs: Record<string, string> = {};
  const empty = (name: string) => typeof v[name] !== 'string' || (v[name] as string).trim() === '';
  for (const name of REQUIRED) if (empty(name)) errs[name] = t('field_error.required');
  if (v.age_known === 'date' && empty('birth_date')) errs.birth_date = t('field_error.required');
  if (v.age_known !== 'date') {
    const n = Number(v.age_years);
    if (empty('age_years')) errs.age_years = t('field_error.required');
    else if (!Number.isInteger(n) || n < 0 || n > 120) errs.age_years = t('person.age_range');
  }
  return errs;
}

// Whether an age field is shown: the age in years (and its "estimate" mark) or the date of birth.
export function ageShown(v: Values, name: string): boolean {
  if (name === 'birth_date') return v.age_known === 'date';
  if (name === 'age_years' || name === 'age_estimated') return v.age_known !== 'date';
  return true;
}

// The form's field for a field the server names about the age: the one of the two that is shown.
export function ageFieldOf(v: Values, name: string): string {
  if ((name === 'birth_date' || name === 'age_years') && !ageShown(v, name)) return v.age_known === 'date' ? 'birth_date' : 'age_years';
  return name;
}

// The choices of the identity fields, in words.
export function identityChoices(options: Options | null, t: TFunc): Record<string, { value: string; label: string }[]> {
  return {
    sex: choicesOf(Object.keys(SEX), SEX, t),
    age_known: [
      { value: 'age', label: t('person.by_age') },
      { value: 'date', label: t('person.by_birth_date') },
    ],
    population_group: choicesOf(options?.population_groups || Object.keys(POPULATION_GROUP), POPULATION_GROUP, t),
  };
}

// A likely duplicate of a person about to be registered, with the reasons (DUPLICATE_REASON).
export interface DuplicateMatch {
  person: Person;
  score: number;
  reasons: string[];
}

// Asks the server which registered people the values may describe, best first (nothing is written).
export async function findDuplicates(v: Values): Promise<DuplicateMatch[]> {
  const { data } = await api.post<{ items: DuplicateMatch[] }>('/persons/duplicates', toBody(v));
  return data.items;
}
