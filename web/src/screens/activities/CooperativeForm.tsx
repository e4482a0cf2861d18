// Recording a cooperative formed by vocational graduates, and changing one (managers): its name,
// what it does, kind, the cohort it came from, start, status (a dissolved one with its date),
// notes, and its members with their roles, found in the registry or taken from the cohort's
// graduates. A change sends only what changed; the members are sent whole.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { describe } from '../../errors';
import { setFlash } from '../../flash';
import { Field, fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useBusy, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { choicesOf, fetchActivity, fieldId, today, type Activity } from './model';
import { inAttendanceWords, whoText, type PersonSummary } from './attendance';
import { FindPerson } from './FindPerson';
import { fetchCooperative } from './CooperativePage';
import {
  COOPERATIVE_KIND,
  COOPERATIVE_STATUS,
  inGroupWords,
  mayRecordCooperatives,
  type Cooperative,
  type CooperativeMember,
  type Membership,
} from './groups';

type Values = Record<string, string>;

const F: Record<string, FieldDef> = {
  name: { name: 'name', label: k('cooperative.name'), kind: 'text', required: true },
  activity: { name: 'activity', label: k('cooperative.activity'), kind: 'text', required: true, hint: k('cooperative.activity_hint') },
  kind: { name: 'kind', label: k('cooperative.kind'), kind: 'select', required: true },
  formed_from: { name: 'formed_from', label: k('cooperative.formed_from'), kind: 'select', hint: k('cooperative.formed_from_hint') },
  start_date: { name: 'start_date', label: k('cooperative.start_date'), kind: 'date', required: true },
  status: { name: 'status', label: k('cooperative.status'), kind: 'select', required: true },
  dissolved_on: { name: 'dissolved_on', label: k('cooperative.dissolved_on'), kind: 'date', required: true },
  notes: { name: 'notes', label: k('cooperative.notes'), kind: 'textarea', hint: k('cooperative.notes_hint') },
};
const FIELDS = Object.keys(F);
const ROLE: FieldDef = { name: 'role', label: k('cooperative.member_role'), kind: 'text', hint: k('cooperative.member_role_hint') };
const JOINED: FieldDef = { name: 'joined_on', label: k('cooperative.member_joined_on'), kind: 'date' };

function toValues(c: Cooperative | null, from: string): Values {
  const r = (c || {}) as Record<string, unknown>;
  const v: Values = {};
  for (const f of FIELDS) v[f] = typeof r[f] === 'string' ? (r[f] as string) : '';
  if (!c) {
    v.kind = 'cooperative';
    v.status = 'active';
    v.formed_from = from;
  }
  return v;
}

// The fields as sent: empty ones left out (dissolved_on only for a dissolved cooperative).
function toBody(v: Values): Record<string, string> {
  const body: Record<string, string> = {};
  for (const f of FIELDS) {
    if (f === 'dissolved_on' && v.status !== 'dissolved') continue;
    const x = f === 'notes' ? v[f] : v[f].trim();
    if (x.trim() !== '') body[f] = x;
  }
  return body;
}

// Members as sent: without the person the server showed, and without empty fields.
const plain = (members: CooperativeMember[]) =>
  members.map((m) => {
    const out: Record<string, string> = { person_id: m.person_id };
    if (m.joined_on?.trim()) out.joined_on = m.joined_on.trim();
    if (m.role?.trim()) out.role = m.role.trim();
    return out;
  });

// "members[2].role" → "members.2.role", as the form names its boxes.
const formField = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');

export function CooperativeForm({ id }: { id: string | null }) {
  const { t } = useT();
  const { me, programmeId } = useSession();
  const { search } = useLocation();
  const creating = id === null;
  const from = creating ? search.get('from') || '' : '';
  const [record, setRecord] = useState<Cooperative | null>(null);
  const [etag, setEtag] = useState('');
  const [values, setValues] = useState<Values>(() => toValues(null, from));
  const [members, setMembers] = useState<CooperativeMember[]>([]);
  const [programme, setProgramme] = useState('');
  const [cohorts, setCohorts] = useState<Activity[]>([]);
  const [said, setSaid] = useState('');
  const graduates = useBusy();
  const order = [...FIELDS, 'members', ...members.flatMap((_, i) => ['person_id', 'role', 'joined_on'].map((f) => `members.${i}.${f}`))];
  const form = useForm(order, fieldId);
  const { busy, errors } = form;
  const title = creating ? t('cooperatives.new') : t('cooperative.edit');

  useTitle(title);

  const loader = useLoad(async () => {
    let programmeOf = programmeId;
    if (creating) {
      if (from) {
        const { activity } = await fetchActivity(from);
        programmeOf = activity.programme_id || programmeId;
        setValues((old) => ({ ...old, start_date: old.start_date || (activity.end_date && activity.end_date < today() ? activity.end_date : today()) }));
      }
    } else {
      const { cooperative, etag: tag } = await fetchCooperative(id!, true);
      setRecord(cooperative);
      setEtag(tag);
      setValues(toValues(cooperative, ''));
      setMembers(cooperative.members || []);
      programmeOf = cooperative.programme_id || programmeId;
      form.clear();
    }
    setProgramme(programmeOf);
    const { data } = await api.get<Page<Activity>>('/activities' + query({ programme_id: programmeOf, stream: 'vocational', limit: 200 }));
    setCohorts(data.items);
  });

  useEffect(() => {
    void loader.load();
  }, [id, from]);

  const back = creating ? (from ? '/activities/' + encodeURIComponent(from) : '/cooperatives') : '/cooperatives/' + encodeURIComponent(id!);

  if (!mayRecordCooperatives(me)) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={back} backText={t('form.back_to', { what: t('cooperatives.title') })} title={title} />
        <Notice kind="info">{t('cooperative.managers_only')}</Notice>
      </section>
    );
  }

  const setMember = (i: number, patch: Partial<CooperativeMember>) => setMembers((old) => old.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const addMember = (p: PersonSummary) => {
    setMembers((old) => [...old, { person_id: p.id, person: p }]);
    setSaid(t('cooperative.member_added', { name: whoText({ id: p.id, person: p }, t) }));
    return true;
  };
  const removeMember = (i: number) => {
    const m = members[i];
    setMembers((old) => old.filter((_, j) => j !== i));
    setSaid(t('cooperative.member_removed', { name: whoText({ id: m.person_id, person: m.person }, t) }));
  };

  // Those who completed the cohort, added (once) as members.
  const addGraduates = () => {
    setSaid('');
    void graduates.run(
      async () => {
        const { data } = await api.get<{ items: Membership[] }>('/activities/' + encodeURIComponent(values.formed_from) + '/members');
        const have = new Set(members.map((m) => m.person_id));
        const fresh = data.items.filter((m) => m.active !== false && m.status === 'completed' && !have.has(m.person_id));
        setMembers((old) => [...old, ...fresh.map((m) => ({ person_id: m.person_id, person: m.person }))]);
        setSaid(t('cooperative.graduates_added', { n: fresh.length }));
      },
      (e) => setSaid(describe(e, t)),
    );
  };

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(
      async () => {
        try {
          if (creating) {
            const body = { ...toBody(values), programme_id: programme, members: plain(members) };
            const { data } = await api.post<Cooperative>('/cooperatives', body);
            setFlash(k('cooperative.created'), { name: data.name });
            navigate('/cooperatives/' + encodeURIComponent(data.id));
            return;
          }
          const before = toBody(toValues(record, ''));
          const after = toBody(values);
          const body: Record<string, unknown> = {};
          for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
            if (before[key] !== after[key]) body[key] = key in after ? after[key] : null;
          }
          if (JSON.stringify(plain(record?.members || [])) !== JSON.stringify(plain(members))) body.members = plain(members);
          if (Object.keys(body).length === 0) {
            form.setSaved(t('form.nothing_changed'));
            return;
          }
          await api.patch<Cooperative>('/cooperatives/' + encodeURIComponent(id!), body, etag);
          setFlash(k('cooperative.saved'));
          navigate('/cooperatives/' + encodeURIComponent(id!));
        } catch (err) {
          throw inGroupWords(err, t, inAttendanceWords);
        }
      },
      (field) => {
        const f = formField(field);
        return order.includes(f) ? f : undefined;
      },
    );
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors,
    disabled: busy,
    choices: {
      kind: choicesOf(Object.keys(COOPERATIVE_KIND), COOPERATIVE_KIND, t),
      status: choicesOf(Object.keys(COOPERATIVE_STATUS), COOPERATIVE_STATUS, t),
      formed_from: [{ value: '', label: t('cooperative.no_cohort') }, ...cohorts.map((a) => ({ value: a.id, label: a.title || a.id }))],
    },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={creating && from ? t('activity.back') : t('form.back_to', { what: t('cooperatives.title') })} title={title}>
        {record && <bdi>{record.name}</bdi>}
      </PageHeading>
      <LoadState {...loader} />
      {!loader.loading && !loader.loadError && (
        <>
          <FormTop form={form} reload={creating ? undefined : loader.load} />
          <form class="form" id="coop-form" onSubmit={submit} noValidate aria-busy={busy}>
            <p class="hint">{t('form.required_note')}</p>
            {field('name')}
            {field('activity')}
            {field('kind')}
            {field('formed_from')}
            {field('start_date')}
            {field('status')}
            {values.status === 'dissolved' && field('dissolved_on')}
            {field('notes')}
          </form>

          {/* The members are the form's too: their boxes are read from the screen's state. */}
          <section class="coop-members" aria-labelledby="coop-members-title">
            <h2 id="coop-members-title" tabIndex={-1}>
              {t('cooperative.members_title', { n: members.length })}
            </h2>
            <div id={fieldId('members')} tabIndex={-1}>
              {errors.members && <p class="field-error">{errors.members}</p>}
            </div>
            {members.length === 0 && <p class="empty">{t('cooperative.no_members')}</p>}
            {members.length > 0 && (
              <ul class="member-edit-list" aria-labelledby="coop-members-title">
                {members.map((m, i) => {
                  const name = whoText({ id: m.person_id, person: m.person }, t);
                  const base = `members.${i}.`;
                  const personError = errors[base + 'person_id'];
                  return (
                    <li key={m.person_id} class={personError ? 'has-error' : undefined}>
                      <p class="member-edit-name" id={fieldId(base + 'person_id')} tabIndex={-1}>
                        <strong>
                          <bdi>{name}</bdi>
                        </strong>
                      </p>
                      {personError && <p class="field-error">{personError}</p>}
                      <div class="filter-grid">
                        <Field
                          id={fieldId(base + 'role')}
                          def={ROLE}
                          value={m.role || ''}
                          error={errors[base + 'role']}
                          disabled={busy}
                          onInput={(v) => setMember(i, { role: String(v) })}
                        />
                        <Field
                          id={fieldId(base + 'joined_on')}
                          def={JOINED}
                          value={m.joined_on || ''}
                          error={errors[base + 'joined_on']}
                          disabled={busy}
                          onInput={(v) => setMember(i, { joined_on: String(v) })}
                        />
                      </div>
                      <button type="button" class="btn btn-link" disabled={busy} onClick={() => removeMember(i)}>
                        {t('cooperative.remove_member', { name })}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
            <p class="att-said" role="status">
              {said}
            </p>
            <h3 id="coop-add-title">{t('cooperative.add_members')}</h3>
            {values.formed_from && (
              <p>
                <button type="button" class="btn" disabled={graduates.busy || busy} onClick={addGraduates}>
                  {t('cooperative.add_graduates')}
                </button>
              </p>
            )}
            <FindPerson
              id="coop-member"
              programmeId={programme}
              listed={new Set(members.map((m) => m.person_id))}
              label={t('cooperative.find_label')}
              addText={t('members.add')}
              addNamed={(name) => t('cooperative.add_named', { name })}
              disabled={busy}
              onAdd={addMember}
            />
          </section>

          <div class="actions form-end">
            <button type="submit" form="coop-form" class="btn btn-primary" disabled={busy}>
              {busy ? t('form.saving') : creating ? t('cooperative.create') : t('form.save')}
            </button>
            <Link class="btn" href={back}>
              {t('form.cancel')}
            </Link>
          </div>
        </>
      )}
    </section>
  );
}
