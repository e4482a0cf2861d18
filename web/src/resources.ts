// The admin collections, described once; the list and form screens are generic over these.
import { k } from './i18n';
import type { Me, Rec } from './api';
import { hasRole } from './session';

export type Kind =
  | 'text'
  | 'email'
  | 'tel'
  | 'select'
  | 'date'
  | 'number'
  | 'textarea'
  | 'password'
  | 'roles'
  | 'site'
  | 'radio' // one of `choices`, as radio buttons
  | 'checks' // any of `choices`, as checkboxes
  | 'checkbox'; // a yes/no box: value 'true' or ''

export interface FieldDef {
  name: string;
  label: string; // translation key
  kind: Kind;
  options?: { value: string; label: string }[]; // label: translation key
  required?: boolean;
  createOnly?: boolean; // not sent (nor shown) when editing
  autocomplete?: string;
  hint?: string; // translation key
  step?: string;
  min?: number;
  max?: number;
}

export interface Resource {
  name: 'organizations' | 'sites' | 'programmes' | 'users';
  title: string; // translation keys
  newTitle: string;
  editTitle: string;
  created: string;
  empty: string;
  fields: FieldDef[];
  primary: (r: Rec) => string;
  secondary: (r: Rec, t: (key: string) => string) => string;
  canCreate: (me?: Me) => boolean;
  canEdit: (me: Me | undefined, r: Rec) => boolean;
  canDeactivate: (me: Me | undefined, r: Rec) => boolean;
}

export const ROLES = ['admin', 'manager', 'supervisor', 'counsellor', 'facilitator', 'me_officer', 'viewer', 'advisor'];
export const ROLE_LABELS: Record<string, string> = {
  admin: k('role.admin'),
  manager: k('role.manager'),
  supervisor: k('role.supervisor'),
  counsellor: k('role.counsellor'),
  facilitator: k('role.facilitator'),
  me_officer: k('role.me_officer'),
  viewer: k('role.viewer'),
  advisor: k('role.advisor'),
};

const ORG_TYPES = [
  { value: 'un_agency', label: k('org_type.un_agency') },
  { value: 'international_ngo', label: k('org_type.international_ngo') },
  { value: 'national_ngo', label: k('org_type.national_ngo') },
  { value: 'government', label: k('org_type.government') },
  { value: 'donor', label: k('org_type.donor') },
  { value: 'community_based', label: k('org_type.community_based') },
  { value: 'other', label: k('org_type.other') },
];
const SITE_TYPES = [
  { value: 'poc_site', label: k('site_type.poc_site') },
  { value: 'camp', label: k('site_type.camp') },
  { value: 'host_community', label: k('site_type.host_community') },
  { value: 'other', label: k('site_type.other') },
];
const PROGRAMME_STATUS = [
  { value: 'planned', label: k('programme_status.planned') },
  { value: 'active', label: k('programme_status.active') },
  { value: 'closed', label: k('programme_status.closed') },
  { value: 'handed_over', label: k('programme_status.handed_over') },
];
const LANGUAGE_OPTIONS = [
  { value: 'en', label: k('language.en') },
  { value: 'ar', label: k('language.ar') },
];

export function optionLabel(f: FieldDef, value: unknown, t: (key: string) => string): string {
  const o = f.options?.find((x) => x.value === value);
  return o ? t(o.label) : String(value ?? '');
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const owner = (me: Me | undefined, r: Rec) => !!me && me.organization?.id === r.organization_id;

const orgFields: FieldDef[] = [
  { name: 'name', label: k('field.name'), kind: 'text', required: true },
  { name: 'code', label: k('field.code'), kind: 'text', required: true, createOnly: true, hint: k('hint.org_code') },
  { name: 'type', label: k('field.org_type'), kind: 'select', options: ORG_TYPES, required: true },
  { name: 'country', label: k('field.country'), kind: 'text' },
];
const siteFields: FieldDef[] = [
  { name: 'name', label: k('field.name'), kind: 'text', required: true },
  { name: 'type', label: k('field.site_type'), kind: 'select', options: SITE_TYPES, required: true },
  { name: 'admin1', label: k('field.admin1'), kind: 'text', required: true, hint: k('hint.admin1') },
  { name: 'admin2', label: k('field.admin2'), kind: 'text' },
  { name: 'code', label: k('field.site_code'), kind: 'text' },
  { name: 'latitude', label: k('field.latitude'), kind: 'number', step: 'any' },
  { name: 'longitude', label: k('field.longitude'), kind: 'number', step: 'any' },
];
const programmeFields: FieldDef[] = [
  { name: 'name', label: k('field.name'), kind: 'text', required: true },
  { name: 'site_id', label: k('field.site'), kind: 'site', required: true },
  { name: 'start_date', label: k('field.start_date'), kind: 'date', required: true },
  { name: 'end_date', label: k('field.end_date'), kind: 'date' },
  { name: 'status', label: k('field.status'), kind: 'select', options: PROGRAMME_STATUS },
  { name: 'donor', label: k('field.donor'), kind: 'text' },
  { name: 'description', label: k('field.description'), kind: 'textarea' },
];
const userFields: FieldDef[] = [
  { name: 'username', label: k('field.username'), kind: 'text', required: true, createOnly: true, autocomplete: 'off', hint: k('hint.username') },
  { name: 'display_name', label: k('field.display_name'), kind: 'text', required: true },
  { name: 'roles', label: k('field.roles'), kind: 'roles', required: true },
  { name: 'email', label: k('field.email'), kind: 'email', autocomplete: 'off' },
  { name: 'language', label: k('field.language'), kind: 'select', options: LANGUAGE_OPTIONS },
  { name: 'password', label: k('field.initial_password'), kind: 'password', required: true, createOnly: true, autocomplete: 'new-password', hint: k('hint.password') },
];

const isAdmin = (me?: Me) => hasRole(me, 'admin');

export const RESOURCES: Record<Resource['name'], Resource> = {
  organizations: {
    name: 'organizations',
    title: k('nav.organizations'),
    newTitle: k('organizations.new'),
    editTitle: k('organizations.edit'),
    created: k('organizations.created'),
    empty: k('organizations.empty'),
    fields: orgFields,
    primary: (r) => str(r.name),
    secondary: (r, t) => [str(r.code), optionLabel(orgFields[2], r.type, t), str(r.country)].filter(Boolean).join(' · '),
    canCreate: isAdmin,
    canEdit: (me, r) => isAdmin(me) && me?.organization?.id === r.id,
    canDeactivate: () => false, // organisations are deactivated from the command line only
  },
  sites: {
    name: 'sites',
    title: k('nav.sites'),
    newTitle: k('sites.new'),
    editTitle: k('sites.edit'),
    created: k('sites.created'),
    empty: k('sites.empty'),
    fields: siteFields,
    primary: (r) => str(r.name),
    secondary: (r, t) => [optionLabel(siteFields[1], r.type, t), str(r.admin1), str(r.admin2)].filter(Boolean).join(' · '),
    canCreate: isAdmin,
    canEdit: (me, r) => isAdmin(me) && owner(me, r),
    canDeactivate: (me, r) => isAdmin(me) && owner(me, r),
  },
  programmes: {
    name: 'programmes',
    title: k('nav.programmes'),
    newTitle: k('programmes.new'),
    editTitle: k('programmes.edit'),
    created: k('programmes.created'),
    empty: k('programmes.empty'),
    fields: programmeFields,
    primary: (r) => str(r.name),
    secondary: (r, t) =>
      [optionLabel(programmeFields[4], r.status, t), [str(r.start_date), str(r.end_date)].filter(Boolean).join(' – ')]
        .filter(Boolean)
        .join(' · '),
    canCreate: (me) => hasRole(me, 'admin', 'manager'),
    canEdit: (me, r) => hasRole(me, 'admin', 'manager') && owner(me, r),
    canDeactivate: (me, r) => isAdmin(me) && owner(me, r),
  },
  users: {
    name: 'users',
    title: k('nav.users'),
    newTitle: k('users.new'),
    editTitle: k('users.edit'),
    created: k('users.created'),
    empty: k('users.empty'),
    fields: userFields,
    primary: (r) => str(r.display_name) || str(r.username),
    secondary: (r, t) =>
      [str(r.username), ...(Array.isArray(r.roles) ? r.roles.map((x) => t(ROLE_LABELS[x] || String(x))) : [])].join(' · '),
    canCreate: isAdmin,
    canEdit: (me, r) => isAdmin(me) && owner(me, r),
    canDeactivate: (me, r) => isAdmin(me) && owner(me, r) && me?.id !== r.id,
  },
};
