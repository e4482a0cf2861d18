// Recording a session of an activity and correcting one (managers and the activity's named
// facilitators). Notes are offered only to those the server shows them to. A new session may go
// straight on to its attendance; a recorded one links to it.
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import {
  fetchActivity,
  fieldId,
  inWords,
  loadUsers,
  mayPlan,
  mayRecord,
  maySeeNotes,
  TIME,
  today,
  userName,
  namesWith,
  takesAttendanceHere,
  type Activity,
  type Session,
} from './model';
import { DateRange } from './parts';
import { attendancePath, recorded, summaryOf } from './attendance';

type Values = Record<string, string>;

const F: Record<string, FieldDef> = {
  date: { name: 'date', label: k('session.date'), kind: 'date', required: true },
  start_time: { name: 'start_time', label: k('session.start_time'), kind: TIME },
  end_time: { name: 'end_time', label: k('session.end_time'), kind: TIME },
  place: { name: 'place', label: k('session.place'), kind: 'text', hint: k('session.place_hint') },
  facilitator_id: { name: 'facilitator_id', label: k('session.facilitator'), kind: 'select' },
  notes: { name: 'notes', label: k('session.notes'), kind: 'textarea', hint: k('session.notes_hint') },
};
const ORDER = Object.keys(F);

function toValues(s: Session | null): Values {
  const v: Values = {};
  const r = (s || {}) as Record<string, unknown>;
  for (const f of ORDER) v[f] = typeof r[f] === 'string' ? (r[f] as string) : '';
  return v;
}

// The request body: empty fields left out (notes only where the caller may write them).
function toBody(v: Values, withNotes: boolean): Record<string, string> {
  const body: Record<string, string> = {};
  for (const f of ORDER) {
    if (f === 'notes' && !withNotes) continue;
    const x = f === 'notes' ? v[f] : v[f].trim();
    if (x.trim() !== '') body[f] = x;
  }
  return body;
}

// Today, if the activity ran today; otherwise the date is for the facilitator to give.
function defaultDate(a: Activity): string {
  const d = today();
  return (!a.start_date || d >= a.start_date) && (!a.end_date || d <= a.end_date) ? d : '';
}

export function SessionForm({ activityId, sessionId }: { activityId: string; sessionId: string | null }) {
  const { t } = useT();
  const { me } = useSession();
  const creating = sessionId === null;
  const [activity, setActivity] = useState<Activity | null>(null);
  const [record, setRecord] = useState<Session | null>(null);
  const [etag, setEtag] = useState('');
  const [values, setValues] = useState<Values>(() => toValues(null));
  const [users, setUsers] = useState<Record<string, string>>({});
  const form = useForm(ORDER, fieldId);
  const { busy, errors } = form;
  const title = creating ? t('session.record') : t('session.edit');

  useTitle(title);

  const loader = useLoad(async () => {
    const { activity: a } = await fetchActivity(activityId);
    setActivity(a);
    if (creating) {
      const mine = me && (a.facilitators?.user_ids || []).includes(me.id) ? me.id : '';
      setValues((old) => ({ ...old, date: old.date || defaultDate(a), facilitator_id: old.facilitator_id || mine }));
      return;
    }
    const { data, etag } = await api.get<Session>('/sessions/' + encodeURIComponent(sessionId!));
    setRecord(data);
    setEtag(versionTag(etag, data));
    setValues(toValues(data));
    form.clear();
  });
  const { loading, loadError, load } = loader;

  useEffect(() => {
    void load();
    if (mayPlan(me)) loadUsers().then((l) => setUsers(Object.fromEntries(l.map((u) => [u.value, u.label]))), () => {});
  }, [activityId, sessionId]);

  const back = '/activities/' + encodeURIComponent(activityId);
  const withNotes = !!activity && maySeeNotes(me, activity);

  // Records or saves; a new session then goes on to its attendance when `thenAttendance`.
  const save = (thenAttendance: boolean) => {
    void form.send(async () => {
      try {
        if (creating) {
          const { data } = await api.post<Session>(back + '/sessions', toBody(values, withNotes));
          setFlash(k('session.recorded'), { date: data.date || values.date });
          navigate(thenAttendance ? attendancePath(data.id) : back);
          return;
        }
        const before = toBody(toValues(record), withNotes);
        const after = toBody(values, withNotes);
        const body: Record<string, string | null> = {};
        for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
          if (before[key] !== after[key]) body[key] = key in after ? after[key] : null;
        }
        if (Object.keys(body).length === 0) {
          form.setSaved(t('form.nothing_changed'));
          return;
        }
        const { data, etag: next } = await api.patch<Session>('/sessions/' + encodeURIComponent(sessionId!), body, etag);
        setRecord(data);
        setEtag(versionTag(next, data));
        setValues(toValues(data));
        form.setErrors({});
        form.setSaved(t('form.saved'));
      } catch (err) {
        throw inWords(err, t);
      }
    });
  };
  const submit = (e: Event) => {
    e.preventDefault();
    save(false);
  };

  const heading = (
    <PageHeading back={back} backText={t('activity.back')} title={title}>
      {activity && (
        <>
          <bdi>{activity.title}</bdi>
          {activity.start_date && (
            <>
              {' · '}
              <DateRange start={activity.start_date} end={activity.end_date} />
            </>
          )}
        </>
      )}
    </PageHeading>
  );

  // Who may not record here, and a cancelled activity (no new sessions), get a sentence, not a form.
  const refusal = !activity ? '' : !mayRecord(me, activity) ? t('session.not_yours') : creating && activity.status === 'cancelled' ? t('session.cancelled_note') : '';
  if (refusal) {
    return (
      <section aria-labelledby="page-title">
        {heading}
        <Notice kind="info">{refusal}</Notice>
      </section>
    );
  }

  // The activity's facilitators with an account, and whoever ran the session if no longer one of them.
  const ids = activity?.facilitators?.user_ids || [];
  const facilitators = record?.facilitator_id && !ids.includes(record.facilitator_id) ? [...ids, record.facilitator_id] : ids;
  const names = namesWith(activity, record?.facilitator_id && record.facilitator_name
    ? { [record.facilitator_id]: record.facilitator_name, ...users }
    : users);
  const attendance = !!activity && takesAttendanceHere(activity);
  const choices = facilitators.map((uid) => ({ value: uid, label: userName(uid, names, me, ids, t) }));
  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors,
    disabled: busy,
    choices: { facilitator_id: choices },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="page-title">
      {heading}
      <LoadState {...loader} />
      {!loading && !loadError && activity && (
        <>
          {!creating && attendance && record && (
            <p class="page-actions">
              <Link class="btn" href={attendancePath(record.id)}>
                {recorded(record) ? summaryOf(record, t) : t('attendance.take')}
              </Link>
            </p>
          )}
          <FormTop form={form} reload={creating ? undefined : load} />
          <form class="form" onSubmit={submit} noValidate aria-busy={busy}>
            <p class="hint">{t('form.required_note')}</p>
            {field('date')}
            <div class="filter-grid">
              {field('start_time')}
              {field('end_time')}
            </div>
            {field('place')}
            {field('facilitator_id')}
            {withNotes && field('notes')}
            <FormActions busy={busy} label={creating ? t('session.save') : t('form.save')} cancel={back}>
              {creating && attendance && (
                <>
                  <button type="submit" class="btn btn-primary" disabled={busy}>
                    {busy ? t('form.saving') : t('session.save')}
                  </button>
                  {/* Not a submit button: Enter in a field records the session only. */}
                  <button type="button" class="btn" disabled={busy} onClick={() => save(true)}>
                    {t('attendance.record_and_take')}
                  </button>
                </>
              )}
            </FormActions>
          </form>
        </>
      )}
    </section>
  );
}
