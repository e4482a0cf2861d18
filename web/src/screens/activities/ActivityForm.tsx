// Planning an activity and editing its plan (managers). The 4Ws code, pyramid layer and attendance
// mode start from the stream's defaults in the programme's code table, as the server would fill them.
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag } from '../../api';
import { k, useT, type TFunc } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash } from '../../flash';
import { Field, fieldsOf, type Value } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { useProgrammeInView } from '../../components/useProgrammeInView';
import { useTitle } from '../../components/useTitle';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import { ROLE_LABELS, type FieldDef } from '../../resources';
import {
  choicesOf,
  codeText,
  fetchActivity,
  fieldId,
  FREQUENCY,
  inWords,
  label,
  LAYER,
  loadOptions,
  loadSites,
  loadUsers,
  MODE,
  remember,
  STATUS,
  STREAM,
  streamDefaults,
  TIME,
  WEEKDAY,
  type Activity,
  type ExternalFacilitator,
  type Options,
  type UserChoice,
} from './model';

type Values = Record<string, Value>;

const F: Record<string, FieldDef> = {
  title: { name: 'title', label: k('activity.activity_title'), kind: 'text', required: true, autocomplete: 'off' },
  stream: { name: 'stream', label: k('activity.stream'), kind: 'select', required: true, hint: k('activity.stream_hint') },
  programme_id: { name: 'programme_id', label: k('activity.programme'), kind: 'select', required: true },
  site_id: { name: 'site_id', label: k('activity.site'), kind: 'site', required: true },
  start_date: { name: 'start_date', label: k('activity.start_date'), kind: 'date', required: true },
  end_date: { name: 'end_date', label: k('activity.end_date'), kind: 'date' },
  status: { name: 'status', label: k('activity.status'), kind: 'select', required: true },
  target_group: { name: 'target_group', label: k('activity.target_group'), kind: 'text', hint: k('activity.target_group_hint') },
  activity_code: { name: 'activity_code', label: k('activity.activity_code'), kind: 'select', required: true, hint: k('activity.activity_code_hint') },
  pyramid_layer: { name: 'pyramid_layer', label: k('activity.pyramid_layer'), kind: 'select', required: true },
  attendance_mode: { name: 'attendance_mode', label: k('activity.attendance_mode'), kind: 'radio', required: true },
  'facilitators.user_ids': { name: 'facilitators.user_ids', label: k('activity.facilitator_users'), kind: 'checks', hint: k('activity.facilitator_users_hint') },
  'schedule.frequency': { name: 'schedule.frequency', label: k('activity.frequency'), kind: 'select' },
  'schedule.weekdays': { name: 'schedule.weekdays', label: k('activity.weekdays'), kind: 'checks' },
  'schedule.start_time': { name: 'schedule.start_time', label: k('activity.start_time'), kind: TIME },
  'schedule.end_time': { name: 'schedule.end_time', label: k('activity.end_time'), kind: TIME },
  'schedule.note': { name: 'schedule.note', label: k('activity.schedule_note'), kind: 'text', hint: k('activity.schedule_note_hint') },
  description: { name: 'description', label: k('activity.description'), kind: 'textarea' },
};
const EXTERNAL_NAME: FieldDef = { name: 'name', label: k('activity.external_name'), kind: 'text', required: true, autocomplete: 'off' };
const EXTERNAL_ORG: FieldDef = { name: 'organization', label: k('activity.external_organization'), kind: 'text', autocomplete: 'off' };

const TEXT = ['title', 'target_group', 'description'];
const CHOSEN = ['stream', 'programme_id', 'site_id', 'activity_code', 'attendance_mode', 'status', 'start_date', 'end_date'];
const SCHEDULE_TEXT = ['start_time', 'end_time', 'note'];
const externalName = (i: number, part: 'name' | 'organization') => `facilitators.external.${i}.${part}`;
const withWeekdays = (frequency: Value) => frequency === 'weekly' || frequency === 'fortnightly';

function toValues(a: Activity | null): Values {
  const v: Values = {};
  const r = (a || {}) as Record<string, unknown>;
  for (const f of [...TEXT, ...CHOSEN]) v[f] = r[f] === undefined || r[f] === null ? '' : String(r[f]);
  v.pyramid_layer = a?.pyramid_layer === undefined || a.pyramid_layer === null ? '' : String(a.pyramid_layer);
  v['facilitators.user_ids'] = [...(a?.facilitators?.user_ids || [])];
  const s = a?.schedule || {};
  v['schedule.frequency'] = s.frequency || '';
  v['schedule.weekdays'] = [...(s.weekdays || [])];
  for (const f of SCHEDULE_TEXT) v['schedule.' + f] = (s as Record<string, string | undefined>)[f] || '';
  if (!a) v.status = 'planned';
  return v;
}

const externalOf = (a: Activity | null): ExternalFacilitator[] =>
  (a?.facilitators?.external || []).map((x) => ({ name: x.name || '', organization: x.organization || '' }));

// The request body for the values: empty fields left out.
function toBody(v: Values, external: ExternalFacilitator[]): Record<string, unknown> {
  const s = (name: string) => (typeof v[name] === 'string' ? (v[name] as string).trim() : '');
  const list = (name: string) => (Array.isArray(v[name]) ? (v[name] as string[]) : []);
  const body: Record<string, unknown> = {};
  for (const f of [...TEXT, ...CHOSEN]) if (s(f) !== '') body[f] = s(f);
  if (s('pyramid_layer') !== '') body.pyramid_layer = Number(s('pyramid_layer'));
  const users = list('facilitators.user_ids');
  const others = external
    .map((x) => ({ name: x.name.trim(), organization: (x.organization || '').trim() }))
    .filter((x) => x.name !== '' || x.organization !== '')
    .map((x) => (x.organization ? x : { name: x.name }));
  if (users.length > 0 || others.length > 0) body.facilitators = { user_ids: users, external: others };
  const schedule: Record<string, unknown> = {};
  if (s('schedule.frequency')) schedule.frequency = s('schedule.frequency');
  if (withWeekdays(v['schedule.frequency']) && list('schedule.weekdays').length > 0) {
    // In the week's order, whatever order they were ticked in.
    schedule.weekdays = Object.keys(WEEKDAY).filter((d) => list('schedule.weekdays').includes(d));
  }
  for (const f of SCHEDULE_TEXT) if (s('schedule.' + f)) schedule[f] = s('schedule.' + f);
  if (Object.keys(schedule).length > 0) body.schedule = schedule;
  return body;
}

// The form's field for a field the server names: "facilitators.external[1].name" is the name box
// of the second external facilitator, "facilitators.user_ids[0]" the list of users.
function formField(field: string, order: string[]): string | undefined {
  let name = field.replace(/\[(\d+)\]/g, '.$1');
  if (name.startsWith('facilitators.user_ids')) name = 'facilitators.user_ids';
  else if (/^facilitators\.external\.\d+$/.test(name)) name += '.name';
  else if (name === 'facilitators' || name === 'facilitators.external') name = 'facilitators.user_ids';
  else if (name === 'schedule') name = 'schedule.frequency';
  else if (name.startsWith('schedule.weekdays')) name = 'schedule.weekdays';
  return order.includes(name) ? name : undefined;
}

function userChoices(users: UserChoice[] | null, chosen: string[], t: TFunc) {
  // Staff who may run a group, facilitators first, and anyone already named (even if deactivated since).
  const staff = (u: UserChoice) => u.active && u.roles.some((r) => r !== 'admin' && r !== 'viewer' && r !== 'advisor');
  const facilitator = (u: UserChoice) => (u.roles.includes('facilitator') ? 0 : 1);
  return (users || [])
    .filter((u) => staff(u) || chosen.includes(u.value))
    .sort((a, b) => facilitator(a) - facilitator(b))
    .map((u) => ({ value: u.value, label: u.label + ' (' + u.roles.map((r) => (ROLE_LABELS[r] ? t(ROLE_LABELS[r]) : r)).join(', ') + ')' }));
}

export function ActivityForm({ id }: { id: string | null }) {
  const { t } = useT();
  const { programmes } = useSession();
  const creating = id === null;
  const [record, setRecord] = useState<Activity | null>(null);
  const [etag, setEtag] = useState('');
  const [values, setValues] = useState<Values>(() => toValues(null));
  const [external, setExternal] = useState<ExternalFacilitator[]>([]);
  const [options, setOptions] = useState<Options | null>(null);
  const [allSites, setAllSites] = useState<{ value: string; label: string; active: boolean }[] | undefined>(undefined);
  const [users, setUsers] = useState<UserChoice[] | null>(null);

  const order = [
    'title', 'stream', 'programme_id', 'site_id', 'start_date', 'end_date', 'status', 'target_group', 'description',
    'activity_code', 'pyramid_layer', 'attendance_mode', 'facilitators.user_ids',
    ...external.flatMap((_, i) => [externalName(i, 'name'), externalName(i, 'organization')]),
    'schedule.frequency', 'schedule.weekdays', 'schedule.start_time', 'schedule.end_time', 'schedule.note',
  ];
  const form = useForm(order, fieldId);
  const { busy, errors } = form;
  const title = creating ? t('activities.plan') : t('activity.edit_plan');

  const followProgramme = useProgrammeInView(creating, setValues);
  useTitle(title);

  const loader = useLoad(async () => {
    const { activity, etag } = await fetchActivity(id!, true);
    setRecord(activity);
    setEtag(versionTag(etag, activity));
    setValues(toValues(activity));
    setExternal(externalOf(activity));
    form.clear();
  }, !creating);
  const { loading, loadError, load } = loader;

  useEffect(() => {
    if (!creating) void load();
    loadSites().then(setAllSites, () => setAllSites([]));
    loadUsers().then(setUsers, () => setUsers([]));
  }, [id]);

  // The programme's code table; a new activity's code follows its stream when the table changes.
  const programme = values.programme_id as string;
  useEffect(() => {
    if (!programme) return;
    let live = true;
    loadOptions(programme).then(
      (o) => {
        if (!live) return;
        setOptions(o);
        if (!creating) return;
        setValues((old) => {
          const stream = old.stream as string;
          if (!stream || o.code_table.codes.some((c) => c.code === old.activity_code)) return old;
          const d = streamDefaults(stream, o);
          return { ...old, activity_code: d.code, pyramid_layer: d.layer };
        });
      },
      () => live && setOptions(null),
    );
    return () => {
      live = false;
    };
  }, [programme]);

  const set = (name: string, v: Value) => {
    setValues((old) => {
      const next = { ...old, [name]: v };
      if (name === 'stream' && creating && typeof v === 'string' && v) {
        const d = streamDefaults(v, options);
        next.activity_code = d.code;
        next.pyramid_layer = d.layer;
        next.attendance_mode = d.mode;
      }
      if (name === 'activity_code') {
        const row = options?.code_table.codes.find((c) => c.code === v);
        if (row) next.pyramid_layer = String(row.layer);
      }
      followProgramme(next, name, v);
      return next;
    });
  };

  const setExternalPart = (i: number, part: 'name' | 'organization', v: string) =>
    setExternal((old) => old.map((x, j) => (j === i ? { ...x, [part]: v } : x)));
  const addExternal = () => {
    const i = external.length;
    setExternal((old) => [...old, { name: '', organization: '' }]);
    requestAnimationFrame(() => document.getElementById(fieldId(externalName(i, 'name')))?.focus());
  };
  const removeExternal = (i: number) => {
    setExternal((old) => old.filter((_, j) => j !== i));
    form.setErrors({});
    requestAnimationFrame(() => document.getElementById('add-external')?.focus());
  };

  const fieldOf = (field: string) => formField(field, order);

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(async () => {
      try {
        if (creating) {
          const { data, etag: tag } = await api.post<Activity>('/activities', toBody(values, external));
          remember(data, tag);
          setFlash(k('activities.planned'), { title: data.title || '' });
          navigate('/activities/' + encodeURIComponent(data.id));
          return;
        }
        const before = toBody(toValues(record), externalOf(record));
        const after = toBody(values, external);
        const body: Record<string, unknown> = {};
        for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
          // A field emptied is removed with null; the server says which ones may not be.
          if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) body[key] = key in after ? after[key] : null;
        }
        if (Object.keys(body).length === 0) {
          form.setSaved(t('form.nothing_changed'));
          return;
        }
        const { data, etag: next } = await api.patch<Activity>('/activities/' + encodeURIComponent(id!), body, etag);
        remember(data, next);
        setRecord(data);
        setEtag(versionTag(next, data));
        setValues(toValues(data));
        setExternal(externalOf(data));
        form.setErrors({});
        form.setSaved(t('form.saved'));
      } catch (err) {
        throw inWords(err, t);
      }
    }, fieldOf);
  };

  // Active sites, and the activity's own even if it has been deactivated since.
  const sites = allSites?.filter((x) => x.active || x.value === values.site_id).map(({ value, label }) => ({ value, label }));
  const programmeChoices = programmes.map((p) => ({ value: p.id, label: String(p.name) }));
  if (programme && !programmeChoices.some((c) => c.value === programme)) programmeChoices.push({ value: programme, label: programme });
  const codes = options?.code_table.codes || [];
  const stream = values.stream as string;
  const defaults = stream ? streamDefaults(stream, options) : null;
  const choices: Record<string, { value: string; label: string }[] | undefined> = {
    stream: choicesOf(options?.streams || Object.keys(STREAM), STREAM, t),
    programme_id: programmeChoices,
    status: choicesOf(options?.statuses || Object.keys(STATUS), STATUS, t),
    activity_code: codes.map((c) => ({ value: c.code, label: codeText(c.code, codes, t) })),
    pyramid_layer: Object.keys(LAYER).map((l) => ({ value: l, label: label(LAYER, l, t) })),
    attendance_mode: choicesOf(options?.attendance_modes || Object.keys(MODE), MODE, t),
    'facilitators.user_ids': userChoices(users, values['facilitators.user_ids'] as string[], t),
    'schedule.frequency': choicesOf(Object.keys(FREQUENCY), FREQUENCY, t),
    'schedule.weekdays': choicesOf(Object.keys(WEEKDAY), WEEKDAY, t),
  };
  const fixed: Record<string, boolean> = { stream: !creating, programme_id: !creating };
  const field = fieldsOf({ defs: F, idOf: fieldId, values, errors, disabled: busy, fixed, sites, choices, onInput: set });
  const back = creating ? '/activities' : '/activities/' + encodeURIComponent(id!);

  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={creating ? t('form.back_to', { what: t('activities.title') }) : t('activity.back')} title={title}>
        {record && <bdi>{record.title}</bdi>}
      </PageHeading>
      <LoadState {...loader} />
      {!loading && !loadError && (
        <>
          <FormTop form={form} reload={load} />
          <form class="form" onSubmit={submit} noValidate aria-busy={busy}>
            <p class="hint">{t('form.required_note')}</p>
            <h2>{t('activity.section_plan')}</h2>
            {field('title')}
            {field('stream')}
            {field('programme_id')}
            {field('site_id')}
            {field('start_date')}
            {field('end_date')}
            {field('status')}
            {field('target_group')}
            {field('description')}
            <h2>{t('activity.section_coding')}</h2>
            {defaults && defaults.code && (
              <p class="hint" id="stream-defaults">
                {t('activity.defaults_note', {
                  stream: label(STREAM, stream, t),
                  code: codeText(defaults.code, codes, t),
                  layer: defaults.layer,
                })}
              </p>
            )}
            {field('activity_code')}
            {field('pyramid_layer')}
            {field('attendance_mode')}
            <h2>{t('activity.section_facilitators')}</h2>
            {users && users.length === 0 ? <p class="hint">{t('activity.no_users')}</p> : field('facilitators.user_ids')}
            <fieldset class="field" disabled={busy}>
              <legend>{t('activity.external')}</legend>
              <p class="hint">{t('activity.external_hint')}</p>
              {external.map((x, i) => (
                <div key={i} role="group" aria-label={t('activity.external_n', { n: i + 1 })} class="filter-grid">
                  <Field
                    id={fieldId(externalName(i, 'name'))}
                    def={EXTERNAL_NAME}
                    value={x.name}
                    error={errors[externalName(i, 'name')]}
                    onInput={(v) => setExternalPart(i, 'name', v as string)}
                  />
                  <Field
                    id={fieldId(externalName(i, 'organization'))}
                    def={EXTERNAL_ORG}
                    value={x.organization || ''}
                    error={errors[externalName(i, 'organization')]}
                    onInput={(v) => setExternalPart(i, 'organization', v as string)}
                  />
                  <div class="actions">
                    <button type="button" class="btn" onClick={() => removeExternal(i)}>
                      {t('activity.external_remove', { n: i + 1 })}
                    </button>
                  </div>
                </div>
              ))}
              <div class="actions">
                <button type="button" class="btn" id="add-external" onClick={addExternal}>
                  {t('activity.external_add')}
                </button>
              </div>
            </fieldset>
            <h2>{t('activity.section_schedule')}</h2>
            {field('schedule.frequency')}
            {withWeekdays(values['schedule.frequency']) && field('schedule.weekdays')}
            <div class="filter-grid">
              {field('schedule.start_time')}
              {field('schedule.end_time')}
            </div>
            {field('schedule.note')}
            <FormActions busy={busy} label={creating ? t('activities.plan_submit') : t('form.save')} cancel={back} />
          </form>
        </>
      )}
    </section>
  );
}
