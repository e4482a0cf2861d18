// Opening a mediation, and changing one: the dispute type (the programme's list), when it was
// opened, the parties (registered people found in the registry, or groups described without
// names), the mediators (oneself; other staff for managers; community leaders by name and role),
// what the dispute is about (sealed), the follow-up date and the community events linked to it. A
// change sends only what changed; the lists are sent whole.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { hasRole, useSession } from '../../session';
import { setFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import type { PersonSummary } from '../../components/people';
import { fieldId, today, type Activity, type Options as ActivityOptions } from '../activities/model';
import { FindPerson } from '../activities/FindPerson';
import { fetchMediation } from './MediationPage';
import {
  fetchOptions,
  mayNameStaff,
  mayOpen,
  mayRecord,
  mediationPath,
  mediatorText,
  partyText,
  typeText,
  type DisputeTypeRow,
  type Mediation,
  type Mediator,
  type Party,
} from './model';

const F: Record<string, FieldDef> = {
  dispute_type: { name: 'dispute_type', label: k('mediation.dispute_type'), kind: 'select', required: true },
  opened_on: { name: 'opened_on', label: k('mediation.opened_on'), kind: 'date', required: true },
  summary: { name: 'summary', label: k('mediation.summary'), kind: 'textarea', hint: k('mediation.summary_hint') },
  follow_up_on: { name: 'follow_up_on', label: k('mediation.follow_up_on'), kind: 'date', hint: k('mediation.follow_up_hint') },
};
const ORDER = ['dispute_type', 'opened_on', 'parties', 'mediators', 'summary', 'follow_up_on', 'activity_ids'];

// The lists as sent: without what the server added to show them.
const plainParties = (ps: Party[]) => ps.map((p) => (p.person_id ? { person_id: p.person_id } : { description: (p.description || '').trim() }));
const plainMediators = (ms: Mediator[]) =>
  ms.map((x) => (x.user_id ? { user_id: x.user_id } : x.role?.trim() ? { name: (x.name || '').trim(), role: x.role.trim() } : { name: (x.name || '').trim() }));

// "parties[2].person_id" → "parties": the lists show their errors as one.
const listOf = (field: string) => field.replace(/\[.*$/, '');

export function MediationForm({ id }: { id: string | null }) {
  const { t } = useT();
  const { me, programmeId } = useSession();
  const creating = id === null;
  const [record, setRecord] = useState<Mediation | null>(null);
  const [etag, setEtag] = useState('');
  const [values, setValues] = useState<Record<string, string>>({ dispute_type: '', opened_on: today(), summary: '', follow_up_on: '' });
  const [parties, setParties] = useState<Party[]>([]);
  const [mediators, setMediators] = useState<Mediator[]>([]);
  const [events, setEvents] = useState<string[]>([]);
  const [types, setTypes] = useState<DisputeTypeRow[]>([]);
  const [community, setCommunity] = useState<Activity[]>([]);
  const [staff, setStaff] = useState<{ id: string; display_name: string }[]>([]);
  const [group, setGroup] = useState('');
  const [leader, setLeader] = useState({ name: '', role: '' });
  const [staffChoice, setStaffChoice] = useState('');
  const [said, setSaid] = useState('');
  const form = useForm(ORDER, fieldId);
  const { busy, errors } = form;
  const title = creating ? t('mediations.new') : t('mediation.edit');
  const programme = record?.programme_id || programmeId;

  useTitle(title);

  const loader = useLoad(async () => {
    let programmeOf = programmeId;
    if (!creating) {
      const { mediation, etag: tag } = await fetchMediation(id!, true);
      setRecord(mediation);
      setEtag(tag);
      setValues({
        dispute_type: mediation.dispute_type || '',
        opened_on: mediation.opened_on || '',
        summary: mediation.summary || '',
        follow_up_on: mediation.follow_up_on || '',
      });
      setParties(mediation.parties || []);
      setMediators(mediation.mediators || []);
      setEvents(mediation.activity_ids || []);
      programmeOf = mediation.programme_id || programmeId;
      form.clear();
    } else if (me && !mayNameStaff(me)) {
      // A counsellor or facilitator opens the mediations they mediate.
      setMediators([{ user_id: me.id, display_name: me.display_name || me.username }]);
    }
    const [options, activities, codes] = await Promise.all([
      fetchOptions(programmeOf),
      api.get<Page<Activity>>('/activities' + query({ programme_id: programmeOf, limit: 200 })),
      api.get<ActivityOptions>('/activities/options' + query({ programme_id: programmeOf })),
    ]);
    setTypes(options.dispute_types);
    // Community dialogue and peacebuilding events: the programme's community-focused activities.
    const groupOf = new Map(codes.data.code_table.codes.map((c) => [c.code, c.group]));
    setCommunity(activities.data.items.filter((a) => groupOf.get(a.activity_code || '') === 'community'));
    if (hasRole(me, 'manager')) {
      const users = await api.get<Page<{ id: string; display_name: string; roles: string[]; active?: boolean }>>('/users?limit=200');
      const works = (u: { roles: string[]; active?: boolean }) =>
        u.active !== false && u.roles.some((r) => ['manager', 'supervisor', 'counsellor', 'facilitator'].includes(r));
      setStaff(users.data.items.filter(works));
    }
  });

  useEffect(() => {
    void loader.load();
  }, [id, programmeId]);

  const back = creating ? '/mediations' : mediationPath(id!);
  const allowed = creating ? mayOpen(me) : !record || mayRecord(me, record);
  if (!allowed) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={back} backText={t('form.back_to', { what: t('mediations.title') })} title={title} />
        <Notice kind="info">{t('mediation.may_not_record')}</Notice>
      </section>
    );
  }

  const type = types.find((d) => d.code === values.dispute_type);
  // The summary is written where there is none; replaced only by those who may read it.
  const showsSummary = creating || !!record?.text_visible || !record?.summary;

  const addParty = (p: PersonSummary) => {
    if (parties.some((x) => x.person_id === p.id)) return false;
    setParties((old) => [...old, { kind: 'person', person_id: p.id, person: p }]);
    setSaid(t('mediation.party_added', { name: partyText({ kind: 'person', person_id: p.id, person: p }, t) }));
    return true;
  };
  const addGroup = () => {
    if (!group.trim()) return;
    setParties((old) => [...old, { kind: 'group', description: group.trim() }]);
    setSaid(t('mediation.party_added', { name: group.trim() }));
    setGroup('');
  };
  const removeParty = (i: number) => {
    setSaid(t('mediation.party_removed', { name: partyText(parties[i], t) }));
    setParties((old) => old.filter((_, j) => j !== i));
  };
  const addMediator = (x: Mediator) => {
    if (x.user_id && mediators.some((y) => y.user_id === x.user_id)) return;
    setMediators((old) => [...old, x]);
    setSaid(t('mediation.mediator_added', { name: mediatorText(x) }));
  };
  const removeMediator = (i: number) => {
    setSaid(t('mediation.mediator_removed', { name: mediatorText(mediators[i]) }));
    setMediators((old) => old.filter((_, j) => j !== i));
  };
  // Counsellors and facilitators do not change who the staff mediators are.
  const fixedStaff = (x: Mediator) => !!x.user_id && !mayNameStaff(me);

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(
      async () => {
        const body: Record<string, unknown> = {};
        const fields = creating ? ['dispute_type', 'opened_on', 'summary', 'follow_up_on'] : ['dispute_type', 'summary', 'follow_up_on'];
        for (const f of fields) {
          if (f === 'summary' && !showsSummary) continue;
          const v = f === 'summary' ? values[f] : values[f].trim();
          const before = creating ? '' : String((record as unknown as Record<string, unknown>)[f] || '');
          if (creating ? v.trim() !== '' : v !== before) body[f] = v.trim() === '' ? null : v;
        }
        if (creating || JSON.stringify(plainParties(parties)) !== JSON.stringify(plainParties(record?.parties || []))) {
          body.parties = plainParties(parties);
        }
        if (creating || JSON.stringify(plainMediators(mediators)) !== JSON.stringify(plainMediators(record?.mediators || []))) {
          body.mediators = plainMediators(mediators);
        }
        if (creating ? events.length > 0 : JSON.stringify(events) !== JSON.stringify(record?.activity_ids || [])) body.activity_ids = events;
        if (creating) {
          body.programme_id = programme;
          const { data } = await api.post<Mediation>('/mediations', body);
          setFlash(k('mediation.created'));
          navigate(mediationPath(data.id));
          return;
        }
        if (Object.keys(body).length === 0) {
          form.setSaved(t('form.nothing_changed'));
          return;
        }
        await api.patch<Mediation>('/mediations/' + encodeURIComponent(id!), body, etag);
        setFlash(k('mediation.saved'));
        navigate(mediationPath(id!));
      },
      (field) => (ORDER.includes(listOf(field)) ? listOf(field) : undefined),
    );
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors,
    disabled: busy,
    fixed: { opened_on: !creating },
    choices: { dispute_type: types.map((d) => ({ value: d.code, label: typeText(d.code, d.label, t) })) },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={t('form.back_to', { what: creating ? t('mediations.title') : t('mediation.title') })} title={title} />
      <LoadState {...loader} />
      {!loader.loading && !loader.loadError && (
        <>
          <FormTop form={form} reload={creating ? undefined : loader.load} />
          <p class="hint">{t('form.required_note')}</p>
          {field('dispute_type')}
          {type && !type.mediate && (
            <Notice kind="info">
              <strong>{t('mediation.not_mediated')}</strong> {type.code === 'gender_based' ? t('mediation.gbv_guidance') : type.guidance}
            </Notice>
          )}
          {field('opened_on')}

          <fieldset class={'field' + (errors.parties ? ' has-error' : '')} id={fieldId('parties')} tabIndex={-1}>
            <legend>
              {t('mediation.parties')}
              <span class="req" aria-hidden="true">
                {' '}
                *
              </span>
            </legend>
            <p class="hint">{t('mediation.parties_hint')}</p>
            {errors.parties && <p class="field-error">{errors.parties}</p>}
            {parties.length > 0 && (
              <ul class="records" aria-label={t('mediation.parties')}>
                {parties.map((p, i) => (
                  <li key={i}>
                    <span class="record-link">
                      <span class="record-primary">
                        <bdi>{partyText(p, t)}</bdi>
                      </span>
                      <span class="record-secondary">{p.person_id ? t('mediation.registered_person') : t('mediation.group_described')}</span>
                    </span>
                    <button type="button" class="btn btn-link" onClick={() => removeParty(i)} aria-label={t('mediation.remove_named', { name: partyText(p, t) })}>
                      {t('mediation.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <FindPerson
              id="party-find"
              programmeId={programme}
              listed={new Set(parties.map((p) => p.person_id || ''))}
              label={t('mediation.find_party')}
              addText={t('mediation.add_party')}
              addNamed={(name) => t('mediation.add_party_named', { name })}
              disabled={busy}
              onAdd={addParty}
            />
            <div class="inline-add">
              <label for="party-group">{t('mediation.group')}</label>
              <p class="hint" id="party-group-hint">
                {t('mediation.group_hint')}
              </p>
              <div class="search">
                <input id="party-group" type="text" value={group} aria-describedby="party-group-hint" onInput={(e) => setGroup(e.currentTarget.value)} />
                <button type="button" class="btn" onClick={addGroup} disabled={busy || !group.trim()}>
                  {t('mediation.add_group')}
                </button>
              </div>
            </div>
          </fieldset>

          <fieldset class={'field' + (errors.mediators ? ' has-error' : '')} id={fieldId('mediators')} tabIndex={-1}>
            <legend>
              {t('mediation.mediators')}
              <span class="req" aria-hidden="true">
                {' '}
                *
              </span>
            </legend>
            {errors.mediators && <p class="field-error">{errors.mediators}</p>}
            {mediators.length > 0 && (
              <ul class="records" aria-label={t('mediation.mediators')}>
                {mediators.map((x, i) => (
                  <li key={i}>
                    <span class="record-link">
                      <span class="record-primary">
                        <bdi>{mediatorText(x)}</bdi>
                      </span>
                      <span class="record-secondary">{x.user_id ? t('mediation.staff') : t('mediation.without_account')}</span>
                    </span>
                    {!fixedStaff(x) && (
                      <button type="button" class="btn btn-link" onClick={() => removeMediator(i)} aria-label={t('mediation.remove_named', { name: mediatorText(x) })}>
                        {t('mediation.remove')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {mayNameStaff(me) && me && !mediators.some((x) => x.user_id === me.id) && (
              <button type="button" class="btn" onClick={() => addMediator({ user_id: me.id, display_name: me.display_name || me.username })}>
                {t('mediation.add_me')}
              </button>
            )}
            {staff.length > 0 && (
              <div class="inline-add">
                <label for="mediator-staff">{t('mediation.staff_mediator')}</label>
                <div class="search">
                  <select id="mediator-staff" value={staffChoice} onChange={(e) => setStaffChoice(e.currentTarget.value)}>
                    <option value="">{t('common.choose')}</option>
                    {staff
                      .filter((u) => !mediators.some((x) => x.user_id === u.id))
                      .map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.display_name}
                        </option>
                      ))}
                  </select>
                  <button
                    type="button"
                    class="btn"
                    disabled={!staffChoice}
                    onClick={() => {
                      const u = staff.find((s) => s.id === staffChoice);
                      if (u) addMediator({ user_id: u.id, display_name: u.display_name });
                      setStaffChoice('');
                    }}
                  >
                    {t('mediation.add_mediator')}
                  </button>
                </div>
              </div>
            )}
            <div class="inline-add">
              <p class="hint">{t('mediation.leader_hint')}</p>
              <label for="leader-name">{t('mediation.leader_name')}</label>
              <input id="leader-name" type="text" value={leader.name} onInput={(e) => setLeader((l) => ({ ...l, name: e.currentTarget.value }))} />
              <label for="leader-role">{t('mediation.leader_role')}</label>
              <input id="leader-role" type="text" value={leader.role} onInput={(e) => setLeader((l) => ({ ...l, role: e.currentTarget.value }))} />
              <button
                type="button"
                class="btn"
                disabled={!leader.name.trim()}
                onClick={() => {
                  addMediator({ name: leader.name.trim(), role: leader.role.trim() || undefined });
                  setLeader({ name: '', role: '' });
                }}
              >
                {t('mediation.add_leader')}
              </button>
            </div>
          </fieldset>
          <p class="visually-hidden" role="status">
            {said}
          </p>

          <form class="form" id="mediation-form" onSubmit={submit} noValidate aria-busy={busy}>
            {showsSummary ? field('summary') : <p class="hint">{t('mediation.summary_kept')}</p>}
            {creating && !mayNameStaff(me) && !hasRole(me, 'counsellor') && <p class="hint">{t('mediation.sealed_for_you')}</p>}
            {field('follow_up_on')}
            <fieldset class={'field' + (errors.activity_ids ? ' has-error' : '')} id={fieldId('activity_ids')} tabIndex={-1}>
              <legend>{t('mediation.events')}</legend>
              <p class="hint">{t('mediation.events_hint')}</p>
              {errors.activity_ids && <p class="field-error">{errors.activity_ids}</p>}
              {community.length === 0 ? (
                <p class="empty">{t('mediation.no_events')}</p>
              ) : (
                <div class="checks">
                  {community.map((a) => (
                    <label class="check" key={a.id}>
                      <input
                        type="checkbox"
                        checked={events.includes(a.id)}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          setEvents((old) => (on ? [...old, a.id] : old.filter((x) => x !== a.id)));
                        }}
                      />
                      <span>
                        <bdi>{a.title}</bdi>
                      </span>
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
            <FormActions busy={busy} label={creating ? t('mediation.open_save') : t('form.save')} cancel={back} />
          </form>
        </>
      )}
    </section>
  );
}
