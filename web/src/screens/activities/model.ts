// Programme activities as the screens see them: the records, who may do what, the code lists and
// their words, the server's problems in the reader's language, and shared look-ups.
import { api, ApiError, query, type Me, type Page, type Rec } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';
import type { Kind } from '../../resources';

export { choicesOf, fieldId, label, loadSites, today } from '../people/model';

// Field renders any kind it has no special case for as <input type={kind}>: here, a time.
export const TIME = 'time' as string as Kind;

export interface ExternalFacilitator {
  name: string;
  organization?: string;
}

export interface Schedule {
  frequency?: string;
  weekdays?: string[];
  start_time?: string;
  end_time?: string;
  note?: string;
}

export interface Activity {
  id: string;
  version?: number;
  programme_id?: string;
  site_id?: string;
  stream?: string;
  title?: string;
  description?: string;
  activity_code?: string;
  code_table_version?: string;
  pyramid_layer?: number;
  facilitators?: { user_ids?: string[]; external?: ExternalFacilitator[] };
  // The facilitators with an account, by name (from the server: not every role may read users).
  facilitator_users?: { id: string; display_name: string }[];
  target_group?: string;
  start_date?: string;
  end_date?: string;
  schedule?: Schedule;
  status?: string;
  attendance_mode?: string;
  active?: boolean;
}

// A session as the caller may see it: "notes" only comes to those who may read them.
export interface Session {
  id: string;
  version?: number;
  activity_id?: string;
  date?: string;
  start_time?: string;
  end_time?: string;
  place?: string;
  facilitator_id?: string;
  facilitator_name?: string;
  notes?: string;
  // What the session's attendance came to, once taken: present and absent by name, or a headcount.
  attendance_summary?: { present?: number; absent?: number; headcount?: number };
}

export interface CodeRow {
  code: string;
  label: string;
  layer: number;
  group?: string;
  mapped?: boolean;
}

export interface Options {
  streams: string[];
  statuses: string[];
  attendance_modes: string[];
  code_table: { version: string; codes: CodeRow[]; stream_defaults: Record<string, { code: string; layer?: number }> };
  pyramid_layers: { layer: number; label: string }[];
}

// The same rules as the server's AccessPolicy, to offer only what will be allowed.
export const mayPlan = (me: Me | undefined) => hasRole(me, 'manager');

const facilitates = (me: Me | undefined, a: Activity) =>
  !!me && hasRole(me, 'facilitator') && (a.facilitators?.user_ids || []).includes(me.id);

// Sessions are recorded by the activity's named facilitators and by managers.
export const mayRecord = (me: Me | undefined, a: Activity) => mayPlan(me) || facilitates(me, a);

// Session notes are for managers, supervisors and the activity's named facilitators.
export const maySeeNotes = (me: Me | undefined, a: Activity) => hasRole(me, 'manager', 'supervisor') || facilitates(me, a);

// A training's attendance names its participants, not registered people: the attendance screen
// does not take it.
export const takesAttendanceHere = (a: Activity) => a.stream !== 'capacity_building';

// ---- the code lists' words (a code the app does not know is shown as it is) ----

export const STREAM: Record<string, string> = {
  needs_assessment: k('stream.needs_assessment'),
  capacity_building: k('stream.capacity_building'),
  recreational: k('stream.recreational'),
  vocational: k('stream.vocational'),
  peer_support: k('stream.peer_support'),
  information: k('stream.information'),
};
export const STATUS: Record<string, string> = {
  planned: k('activity_status.planned'),
  ongoing: k('activity_status.ongoing'),
  completed: k('activity_status.completed'),
  cancelled: k('activity_status.cancelled'),
};
export const MODE: Record<string, string> = {
  named: k('attendance_mode.named'),
  headcount: k('attendance_mode.headcount'),
};
export const FREQUENCY: Record<string, string> = {
  once: k('frequency.once'),
  daily: k('frequency.daily'),
  weekly: k('frequency.weekly'),
  fortnightly: k('frequency.fortnightly'),
  monthly: k('frequency.monthly'),
  irregular: k('frequency.irregular'),
};
export const WEEKDAY: Record<string, string> = {
  mon: k('weekday.mon'),
  tue: k('weekday.tue'),
  wed: k('weekday.wed'),
  thu: k('weekday.thu'),
  fri: k('weekday.fri'),
  sat: k('weekday.sat'),
  sun: k('weekday.sun'),
};
export const LAYER: Record<string, string> = {
  '1': k('pyramid_layer.l1'),
  '2': k('pyramid_layer.l2'),
  '3': k('pyramid_layer.l3'),
  '4': k('pyramid_layer.l4'),
};
// The built-in 4Ws codes (MHPSS.md §2) in words; a programme's own codes keep the server's label.
const CODE: Record<string, string> = {
  '1.1': k('activity_code.c1_1'),
  '1.2': k('activity_code.c1_2'),
  '3.5': k('activity_code.c3_5'),
  '4.1': k('activity_code.c4_1'),
  '7.1': k('activity_code.c7_1'),
  '7.2': k('activity_code.c7_2'),
  '8.1': k('activity_code.c8_1'),
  '8.2': k('activity_code.c8_2'),
  '9.3': k('activity_code.c9_3'),
  '11.1': k('activity_code.c11_1'),
  '11.3': k('activity_code.c11_3'),
  '11.5': k('activity_code.c11_5'),
  vocational_training: k('activity_code.vocational_training'),
  conflict_mediation: k('activity_code.conflict_mediation'),
  peacebuilding: k('activity_code.peacebuilding'),
};

// "8.2 — Basic counselling for groups or families"; a mapped activity (no 4Ws code) by its words only.
export function codeText(code: string | undefined, table: CodeRow[] | undefined, t: TFunc): string {
  if (!code) return '';
  const row = table?.find((r) => r.code === code);
  const words = CODE[code] ? t(CODE[code]) : row?.label || '';
  if (row?.mapped || !/^\d+(\.\d+)*$/.test(code)) return words || code;
  return words ? code + ' — ' + words : code;
}

export function layerText(layer: number | string | undefined, t: TFunc): string {
  if (layer === undefined || layer === '') return '';
  const key = LAYER[String(layer)];
  return key ? t(key) : String(layer);
}

// The code and layer the server gives an activity of `stream` that names none (ApplyActivityDefaults).
export function streamDefaults(stream: string, options: Options | null): { code: string; layer: string; mode: string } {
  const mode = stream === 'information' ? 'headcount' : 'named';
  const d = options?.code_table.stream_defaults[stream];
  if (!d) return { code: '', layer: '', mode };
  const row = options!.code_table.codes.find((r) => r.code === d.code);
  const layer = d.layer ?? row?.layer;
  return { code: d.code, layer: layer === undefined ? '' : String(layer), mode };
}

export function timesText(s: { start_time?: string; end_time?: string }): string {
  if (!s.start_time) return '';
  return s.end_time ? s.start_time + '–' + s.end_time : s.start_time;
}

// ---- the server's field messages for activities and sessions, in the reader's language ----

const MESSAGES: [RegExp, string][] = [
  [/^must lie within the activity's dates: from (\S+) to (\S+)$/, k('activity_error.outside_dates')],
  [/^must lie within the activity's dates: on or after (\S+)$/, k('activity_error.outside_dates_open')],
  [/^must be after start_time$/, k('activity_error.end_after_start')],
  [/^is required with end_time$/, k('activity_error.start_with_end')],
  [/^must be a time HH:MM/, k('activity_error.time')],
  [/^must be named: /, k('activity_error.peer_support_named')],
  [/^the activity is cancelled/, k('activity_error.cancelled')],
];

// A date inside a sentence: kept left to right and on one line, in Arabic too (isolated, with
// non-breaking hyphens).
export const unbroken = (date: string | undefined) => (date ? '\u2066' + date.replace(/-/g, '\u2011') + '\u2069' : '');

// The same failure with the messages this part of the app knows put in words; useForm shows the rest
// as errors.ts does.
export function inWords(e: unknown, t: TFunc): unknown {
  if (!(e instanceof ApiError) || e.errors.length === 0) return e;
  const errors = e.errors.map((fe) => {
    for (const [re, key] of MESSAGES) {
      const m = re.exec(fe.message.trim());
      if (m) return { field: fe.field, message: t(key, { from: unbroken(m[1]), to: unbroken(m[2]) }) };
    }
    return fe;
  });
  return new ApiError(e.status, e.detail, errors, e.problem);
}

// ---- shared look-ups ----

const optionsByProgramme = new Map<string, Promise<Options>>();

// The lists the activity form offers for a programme (its 4Ws code table), fetched once per programme.
export function loadOptions(programmeId: string): Promise<Options> {
  let p = optionsByProgramme.get(programmeId);
  if (!p) {
    p = api.get<Options>('/activities/options' + query({ programme_id: programmeId })).then((r) => r.data);
    p.catch(() => optionsByProgramme.delete(programmeId));
    optionsByProgramme.set(programmeId, p);
  }
  return p;
}

export interface UserChoice {
  value: string;
  label: string;
  roles: string[];
  active: boolean;
}

let users: Promise<UserChoice[]> | null = null;

// The organisation's users (only managers and admins may list them), fetched once per page load.
export function loadUsers(): Promise<UserChoice[]> {
  users ||= api
    .get<Page<Rec>>('/users' + query({ limit: 200 }))
    .then(({ data }) =>
      data.items.map((u) => ({
        value: u.id,
        label: String(u.display_name || u.username),
        roles: Array.isArray(u.roles) ? u.roles.map(String) : [],
        active: u.active !== false,
      })),
    )
    .catch((e) => {
      users = null;
      throw e;
    });
  return users;
}

// The names the server gave with an activity, under those the caller listed itself.
export function namesWith(activity: Activity | null | undefined, names: Record<string, string>): Record<string, string> {
  const given = Object.fromEntries((activity?.facilitator_users || []).map((u) => [u.id, u.display_name]));
  return { ...given, ...names };
}

// What to call a facilitator with an account: their name where the caller may know it (the
// activity names its facilitators; a manager lists the users; anyone knows themself), else a
// numbered colleague.
export function userName(id: string, names: Record<string, string>, me: Me | undefined, ids: string[], t: TFunc): string {
  if (names[id]) return names[id];
  if (me && id === me.id) return me.display_name || me.username;
  return t('activity.colleague', { n: ids.indexOf(id) + 1 || '' });
}

// The last activity fetched, so that the session form reached from the activity page does not
// fetch it again.
let lastSeen: { activity: Activity; etag: string } | null = null;

export function remember(activity: Activity, etag: string) {
  lastSeen = { activity, etag };
}

export async function fetchActivity(id: string, fresh = false): Promise<{ activity: Activity; etag: string }> {
  if (!fresh && lastSeen && lastSeen.activity.id === id) return lastSeen;
  const { data, etag } = await api.get<Activity>('/activities/' + encodeURIComponent(id));
  remember(data, etag);
  return { activity: data, etag };
}
