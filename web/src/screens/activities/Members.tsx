// The members of a peer-support group or the enrolments of a vocational cohort, on the activity
// page: who, their status and dates; for those who record the activity's sessions, a person found
// in the registry joins (or enrols) from a date, and a member leaves, completes or drops out on a
// date. A cohort also shows the cooperatives its graduates formed.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { describe, problemFor } from '../../errors';
import { Field } from '../../components/Field';
import { Loading, Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { useBusy } from '../../components/useForm';
import { label, today, unbroken, type Activity } from './model';
import { inAttendanceWords, whoText, type PersonSummary } from './attendance';
import { FindPerson } from './FindPerson';
import { DateRange } from './parts';
import {
  COOPERATIVE_STATUS,
  inGroupWords,
  MEMBERSHIP_STATUS,
  membershipStatuses,
  mayRecordCooperatives,
  type Cooperative,
  type Membership,
} from './groups';

// A day inside the activity's dates: today while it runs, else its first day.
function dayWithin(a: Activity): string {
  const d = today();
  if ((!a.start_date || d >= a.start_date) && (!a.end_date || d <= a.end_date)) return d;
  return a.start_date || d;
}

// The last day of the activity, or today while it runs.
function lastDay(a: Activity): string {
  const d = today();
  return a.end_date && a.end_date < d ? a.end_date : d;
}

const worded = (e: unknown, t: Parameters<typeof inGroupWords>[1]) => inGroupWords(e, t, inAttendanceWords);

export function Members({ activity, recorder }: { activity: Activity; recorder: boolean }) {
  const { t } = useT();
  const [items, setItems] = useState<Membership[] | null>(null);
  const [said, setSaid] = useState('');
  const [joinedOn, setJoinedOn] = useState(() => dayWithin(activity));
  const [joinError, setJoinError] = useState('');
  const [addError, setAddError] = useState('');
  const { busy, run } = useBusy();
  const cohort = activity.stream === 'vocational';
  const statuses = membershipStatuses(activity.stream);
  const path = '/activities/' + encodeURIComponent(activity.id) + '/members';

  const loader = useLoad(async () => {
    const { data } = await api.get<{ items: Membership[] }>(path);
    setItems(data.items.filter((m) => m.active !== false));
  });
  useEffect(() => {
    void loader.load();
  }, [activity.id]);

  const open = (items || []).filter((m) => m.status === statuses[0]);
  const listed = new Set(open.map((m) => m.person_id));

  const add = (p: PersonSummary): Promise<boolean> => {
    const name = whoText({ id: p.id, person: p }, t);
    let added = false;
    setSaid('');
    setJoinError('');
    setAddError('');
    return run(
      async () => {
        await api.post<Membership>(path, { person_id: p.id, joined_on: joinedOn });
        added = true;
        setSaid(cohort ? t('members.enrolled', { name, date: unbroken(joinedOn) }) : t('members.joined', { name, date: unbroken(joinedOn) }));
        await loader.load();
      },
      (e) => {
        const { errors, summary } = problemFor(worded(e, t), t, (f) => (f === 'joined_on' ? f : undefined));
        if (errors.joined_on) setJoinError(errors.joined_on);
        setAddError(errors.joined_on && summary === t('form.fix_fields') ? t('members.not_added', { name }) : summary);
      },
    ).then(() => added);
  };

  const title = cohort ? t('members.cohort_title') : t('members.title');
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{title}</h2>
      <LoadState {...loader} />
      {items && items.length === 0 && <p class="empty">{cohort ? t('members.none_enrolled') : t('members.none')}</p>}
      {items && items.length > 0 && (
        <>
          <p class="hint">{t('members.count', { open: open.length, all: items.length })}</p>
          <ul class="records members" aria-label={title}>
            {items.map((m) => (
              <MemberRow key={m.id} m={m} activity={activity} recorder={recorder} reload={loader.load} onSaid={setSaid} />
            ))}
          </ul>
        </>
      )}
      <p class="att-said" role="status">
        {said}
      </p>
      {recorder && activity.status !== 'cancelled' && (
        <div class="member-add">
          <h3>{cohort ? t('members.enrol_title') : t('members.add_title')}</h3>
          <Field
            id="member-joined_on"
            def={{ name: 'joined_on', label: cohort ? k('members.enrolled_on') : k('members.joined_on'), kind: 'date', required: true }}
            value={joinedOn}
            error={joinError}
            disabled={busy}
            onInput={(v) => setJoinedOn(String(v))}
          />
          {addError && <Notice kind="error">{addError}</Notice>}
          <FindPerson
            id="member"
            programmeId={activity.programme_id || ''}
            listed={listed}
            label={t('members.find_label')}
            addText={cohort ? t('members.enrol') : t('members.add')}
            addNamed={(name) => (cohort ? t('members.enrol_named', { name }) : t('members.add_named', { name }))}
            disabled={busy}
            onAdd={add}
          />
        </div>
      )}
      {cohort && <CohortCooperatives activity={activity} />}
    </section>
  );
}

interface RowProps {
  m: Membership;
  activity: Activity;
  recorder: boolean;
  reload: () => Promise<void>;
  onSaid: (s: string) => void;
}

// One member: name, status and dates; "ends" opens a small form for the way and the day it ended.
function MemberRow({ m, activity, recorder, reload, onSaid }: RowProps) {
  const { t } = useT();
  const [ending, setEnding] = useState(false);
  const statuses = membershipStatuses(activity.stream);
  const ends = statuses.slice(1);
  const [status, setStatus] = useState(ends[0]);
  const [leftOn, setLeftOn] = useState(() => lastDay(activity));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [top, setTop] = useState('');
  const { busy, run } = useBusy();
  const name = whoText({ id: m.person_id, person: m.person }, t);
  const id = 'm-' + m.id;
  const still = m.status === statuses[0];

  const save = (e: Event) => {
    e.preventDefault();
    setErrors({});
    setTop('');
    const body: Record<string, string> = { status, left_on: leftOn };
    if (reason.trim()) body.leave_reason = reason.trim();
    void run(
      async () => {
        await api.patch<Membership>('/memberships/' + encodeURIComponent(m.id), body, m.version !== undefined ? `"${m.version}"` : '');
        setEnding(false);
        onSaid(t('members.ended', { name, status: label(MEMBERSHIP_STATUS, status, t), date: unbroken(leftOn) }));
        await reload();
      },
      (err) => {
        const p = problemFor(worded(err, t), t, (f) => (f === 'left_on' || f === 'leave_reason' || f === 'status' ? f : undefined));
        setErrors(p.errors);
        setTop(p.summary);
        requestAnimationFrame(() => {
          const at = ['status', 'left_on', 'leave_reason'].find((f) => p.errors[f]);
          document.getElementById(at ? id + '-' + at : id + '-top')?.focus();
        });
      },
    );
  };

  return (
    <li class={'member' + (still ? '' : ' inactive')}>
      <div class="member-main">
        <span class="record-link">
          <span class="record-primary">
            <bdi>{name}</bdi>
          </span>
          <span class="record-secondary">
            {label(MEMBERSHIP_STATUS, m.status, t)}
            {' · '}
            <DateRange start={m.joined_on} end={m.left_on} />
            {m.leave_reason && (
              <>
                {' · '}
                <bdi>{m.leave_reason}</bdi>
              </>
            )}
          </span>
        </span>
        {recorder && still && !ending && (
          <button
            type="button"
            class="btn"
            aria-label={activity.stream === 'vocational' ? t('members.end_cohort_named', { name }) : t('members.leave_named', { name })}
            onClick={() => setEnding(true)}
          >
            {activity.stream === 'vocational' ? t('members.end_cohort') : t('members.leave')}
          </button>
        )}
      </div>
      {ending && (
        <form class="form member-end" onSubmit={save} noValidate aria-label={t('members.end_form', { name })}>
          <div id={id + '-top'} tabIndex={-1} class="form-top">
            {top && <Notice kind="error">{top}</Notice>}
          </div>
          {ends.length > 1 && (
            <Field
              id={id + '-status'}
              def={{ name: 'status', label: k('members.outcome'), kind: 'radio', required: true }}
              choices={ends.map((s) => ({ value: s, label: label(MEMBERSHIP_STATUS, s, t) }))}
              value={status}
              error={errors.status}
              disabled={busy}
              onInput={(v) => setStatus(String(v))}
            />
          )}
          <Field
            id={id + '-left_on'}
            def={{ name: 'left_on', label: ends.length > 1 ? k('members.ended_on') : k('members.left_on'), kind: 'date', required: true }}
            value={leftOn}
            error={errors.left_on}
            disabled={busy}
            onInput={(v) => setLeftOn(String(v))}
          />
          <Field
            id={id + '-leave_reason'}
            def={{ name: 'leave_reason', label: k('members.reason'), kind: 'text', hint: k('members.reason_hint') }}
            value={reason}
            error={errors.leave_reason}
            disabled={busy}
            onInput={(v) => setReason(String(v))}
          />
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? t('form.saving') : t('members.save_end')}
            </button>
            <button type="button" class="btn" disabled={busy} onClick={() => setEnding(false)}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

// The cooperatives the cohort's graduates formed, and the way to record one (managers).
function CohortCooperatives({ activity }: { activity: Activity }) {
  const { t } = useT();
  const { me } = useSession();
  const [formed, setFormed] = useState<Cooperative[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    // A cohort forms a cooperative or two: one page holds them.
    api.get<Page<Cooperative>>('/cooperatives' + query({ formed_from: activity.id, limit: 200 })).then(
      ({ data }) => setFormed(data.items),
      (e) => setError(describe(e, t)),
    );
  }, [activity.id]);

  return (
    <>
      <h3 id="cohort-coops-title">{t('members.cooperatives_title')}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {!formed && !error && <Loading label={t('common.loading')} />}
      {formed && formed.length === 0 && <p class="empty">{t('members.no_cooperatives')}</p>}
      {formed && formed.length > 0 && (
        <ul class="records" aria-labelledby="cohort-coops-title">
          {formed.map((c) => (
            <li key={c.id}>
              <Link class="record-link" href={'/cooperatives/' + encodeURIComponent(c.id)}>
                <span class="record-primary">
                  <bdi>{c.name}</bdi>
                </span>
                <span class="record-secondary">{t('cooperative.members_n', { n: (c.members || []).length })}</span>
              </Link>
              <span class="badge">{label(COOPERATIVE_STATUS, c.status, t)}</span>
            </li>
          ))}
        </ul>
      )}
      {mayRecordCooperatives(me) && (
        <p>
          <Link class="btn" href={'/cooperatives/new' + query({ from: activity.id })}>
            {t('members.form_cooperative')}
          </Link>
        </p>
      )}
    </>
  );
}
