// One activity: its plan, its members (a group or cohort) or participants (a training), what it
// reached, and its sessions, newest first; the way to edit the plan (managers), to record a session
// (managers and the activity's named facilitators), and to a session's attendance (taken by those
// who record sessions, read by the other programme staff).
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { Link } from '../../router';
import { PageHeading } from '../../components/PageHeading';
import { useSession } from '../../session';
import { describe } from '../../errors';
import { takeFlash } from '../../flash';
import { Loading, Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import {
  codeText,
  fetchActivity,
  FREQUENCY,
  label,
  layerText,
  loadOptions,
  loadSites,
  loadUsers,
  mayPlan,
  mayRecord,
  MODE,
  STATUS,
  STREAM,
  takesAttendanceHere,
  timesText,
  userName,
  namesWith,
  WEEKDAY,
  type Activity,
  type CodeRow,
  type Schedule,
  type Session,
} from './model';
import { DateRange, Fact } from './parts';
import { attendancePath } from './attendance';
import { hasMembers } from './groups';
import { Members } from './Members';
import { Participants } from './Participants';
import { Reach } from './Reach';

type Names = Record<string, string>;

// The most sessions one page of the API gives; a longer history comes with "More".
const SESSIONS_PAGE = 500;

// Newest first: by date, then start time, then the order recorded.
function newestFirst(a: Session, b: Session): number {
  const key = (s: Session) => (s.date || '') + ' ' + (s.start_time || '') + ' ' + s.id;
  return key(b).localeCompare(key(a));
}

function scheduleText(s: Schedule | undefined, t: TFunc): string {
  if (!s || !s.frequency) return '';
  const parts = [label(FREQUENCY, s.frequency, t)];
  if (s.weekdays && s.weekdays.length > 0) parts.push(s.weekdays.map((d) => label(WEEKDAY, d, t)).join(', '));
  return parts.join(' · ');
}

export function ActivityPage({ id }: { id: string }) {
  const { t } = useT();
  const { me, programmes } = useSession();
  const [activity, setActivity] = useState<Activity | null>(null);
  const [flash] = useState(takeFlash);
  const [codes, setCodes] = useState<CodeRow[] | undefined>(undefined);
  const [sites, setSites] = useState<Names>({});
  const [users, setUsers] = useState<Names>({});
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [sessionError, setSessionError] = useState('');
  const [sessionsLoading, setSessionsLoading] = useState(false);

  const loadSessions = async (after: string | null) => {
    setSessionError('');
    setSessionsLoading(true);
    try {
      const path = '/activities/' + encodeURIComponent(id) + '/sessions' + query({ limit: SESSIONS_PAGE, cursor: after || undefined });
      const { data } = await api.get<Page<Session>>(path);
      setSessions((old) => [...(after && old ? old : []), ...data.items].sort(newestFirst));
      setCursor(data.next_cursor);
    } catch (e) {
      setSessionError(describe(e, t));
    } finally {
      setSessionsLoading(false);
    }
  };

  const loader = useLoad(async () => {
    const { activity: a } = await fetchActivity(id, true);
    setActivity(a);
    document.title = (a.title || t('activity.title')) + ' · ' + t('app.name');
    void loadSessions(null);
    if (a.programme_id) loadOptions(a.programme_id).then((o) => setCodes(o.code_table.codes), () => {});
  });

  useEffect(() => {
    void loader.load();
    loadSites().then((l) => setSites(Object.fromEntries(l.map((s) => [s.value, s.label]))), () => {});
    // Only managers may list the users; everyone else sees names where they know them.
    if (mayPlan(me)) loadUsers().then((l) => setUsers(Object.fromEntries(l.map((u) => [u.value, u.label]))), () => {});
  }, [id]);

  if (loader.loading) return <Loading label={t('common.loading')} />;
  if (loader.loadError || !activity) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back="/activities" backText={t('form.back_to', { what: t('activities.title') })} title={t('activity.title')} />
        <LoadState {...loader} />
      </section>
    );
  }

  const a = activity;
  const aid = encodeURIComponent(a.id);
  const programme = programmes.find((p) => p.id === a.programme_id);
  const userIds = a.facilitators?.user_ids || [];
  const external = a.facilitators?.external || [];
  const names = namesWith(a, users);
  const nameOf = (uid: string) => userName(uid, names, me, userIds, t);
  const recorder = mayRecord(me, a);
  const cancelled = a.status === 'cancelled';
  const schedule = scheduleText(a.schedule, t);

  return (
    <section aria-labelledby="page-title">
      <PageHeading back="/activities" backText={t('form.back_to', { what: t('activities.title') })} title={<bdi>{a.title}</bdi>}>
        {label(STREAM, a.stream, t)} · {label(STATUS, a.status, t)}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      {mayPlan(me) && (
        <p class="page-actions">
          <Link class="btn" href={'/activities/' + aid + '/edit'}>
            {t('activity.edit_plan')}
          </Link>
        </p>
      )}
      {a.stream === 'needs_assessment' && (
        <p class="page-actions">
          <Link class="btn btn-primary" href={'/activities/' + aid + '/assessment'}>
            {t('activity.assessment')}
          </Link>
        </p>
      )}

      <section aria-labelledby="plan-title">
        <h2 id="plan-title">{t('activity.section_plan')}</h2>
        <dl class="facts">
          <Fact show term={t('activity.stream')}>
            {label(STREAM, a.stream, t)}
          </Fact>
          <Fact show term={t('activity.status')}>
            {label(STATUS, a.status, t)}
          </Fact>
          <Fact show={!!a.start_date} term={t('activity.dates')}>
            <DateRange start={a.start_date} end={a.end_date} />
          </Fact>
          <Fact show={!!a.programme_id} term={t('activity.programme')}>
            {programme ? String(programme.name) : a.programme_id}
          </Fact>
          <Fact show={!!a.site_id} term={t('activity.site')}>
            {sites[a.site_id!] || a.site_id}
          </Fact>
          <Fact show={!!a.target_group} term={t('activity.target_group')}>
            <bdi>{a.target_group}</bdi>
          </Fact>
          <Fact show={!!a.activity_code} term={t('activity.term_code')}>
            {codeText(a.activity_code, codes, t)}
          </Fact>
          <Fact show={a.pyramid_layer !== undefined} term={t('activity.term_layer')}>
            {layerText(a.pyramid_layer, t)}
          </Fact>
          <Fact show={!!a.attendance_mode} term={t('activity.term_attendance')}>
            {label(MODE, a.attendance_mode, t)}
          </Fact>
          <Fact show term={t('activity.facilitators')}>
            {userIds.length + external.length === 0 ? (
              t('activity.no_facilitators')
            ) : (
              <ul class="plain">
                {userIds.map((uid) => (
                  <li key={uid}>
                    <bdi>{nameOf(uid)}</bdi>
                  </li>
                ))}
                {external.map((x, i) => (
                  <li key={'x' + i}>
                    <bdi>{x.name}</bdi>
                    {x.organization && (
                      <>
                        {' ('}
                        <bdi>{x.organization}</bdi>
                        {')'}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Fact>
          <Fact show={!!schedule || !!a.schedule?.start_time || !!a.schedule?.note} term={t('activity.schedule')}>
            {schedule}
            {a.schedule?.start_time && (
              <>
                {schedule && ' · '}
                <span dir="ltr">{timesText(a.schedule)}</span>
              </>
            )}
            {a.schedule?.note && (
              <>
                {' · '}
                <bdi>{a.schedule.note}</bdi>
              </>
            )}
          </Fact>
        </dl>
        {a.description && <p class="notes">{a.description}</p>}
      </section>

      {hasMembers(a) && <Members activity={a} recorder={recorder} />}
      {a.stream === 'capacity_building' && <Participants activity={a} recorder={recorder} />}
      <Reach activityId={a.id} />

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('session.list_title')}</h2>
        {recorder && !cancelled && (
          <p>
            <Link class="btn btn-primary" href={'/activities/' + aid + '/sessions/new'}>
              {t('session.record')}
            </Link>
          </p>
        )}
        {sessions && sessions.length > 0 && takesAttendanceHere(a) && <AttendancePicker sessions={sessions} recorder={recorder} />}
        {cancelled && <Notice kind="info">{t('session.cancelled_note')}</Notice>}
        {sessionError && (
          <Notice kind="error">
            {sessionError}{' '}
            <button type="button" class="btn btn-link" onClick={() => loadSessions(null)}>
              {t('common.retry')}
            </button>
          </Notice>
        )}
        {sessions && sessions.length === 0 && <p class="empty">{t('session.none')}</p>}
        {sessions && sessions.length > 0 && (
          <ol class="timeline" aria-label={t('session.list_label')}>
            {sessions.map((s) => (
              <SessionEntry key={s.id} s={s} editable={recorder} facilitator={s.facilitator_name || (s.facilitator_id ? nameOf(s.facilitator_id) : '')} />
            ))}
          </ol>
        )}
        {sessionsLoading && <Loading label={t('common.loading')} />}
        {!sessionsLoading && cursor && (
          <button type="button" class="btn more" onClick={() => loadSessions(cursor)}>
            {t('list.more')}
          </button>
        )}
      </section>
    </section>
  );
}

// A session's attendance, the newest session's unless another is chosen: the lists of sessions do
// not say whose attendance is taken, so every session is offered.
function AttendancePicker({ sessions, recorder }: { sessions: Session[]; recorder: boolean }) {
  const { t } = useT();
  const [chosen, setChosen] = useState('');
  const id = sessions.some((s) => s.id === chosen) ? chosen : sessions[0].id;
  // A day with two sessions tells them apart by their start times.
  const days = new Map<string, number>();
  for (const s of sessions) days.set(s.date || '', (days.get(s.date || '') || 0) + 1);
  return (
    <div class="att-pick">
      <label for="attendance-session">{t('attendance.pick_label')}</label>
      <div class="search">
        <select id="attendance-session" value={id} onChange={(e) => setChosen(e.currentTarget.value)}>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {s.date}
              {(days.get(s.date || '') || 0) > 1 && s.start_time ? ' ' + s.start_time : ''}
            </option>
          ))}
        </select>
        <Link class="btn" href={attendancePath(id)}>
          {recorder ? t('attendance.take') : t('attendance.see')}
        </Link>
      </div>
    </div>
  );
}

// One session: its date and time, where, who ran it, and its notes when the caller may read them.
function SessionEntry({ s, editable, facilitator }: { s: Session; editable: boolean; facilitator: string }) {
  const { t } = useT();
  const when = (
    <>
      <span dir="ltr" class="timeline-date">
        {s.date}
      </span>
      {s.start_time && (
        <>
          {' '}
          <span dir="ltr">{timesText(s)}</span>
        </>
      )}
    </>
  );
  const details = [s.place ? t('session.place_is', { place: s.place }) : '', facilitator ? t('session.facilitator_is', { name: facilitator }) : ''].filter(Boolean);
  return (
    <li>
      <strong>
        {editable ? (
          <Link href={'/activities/' + encodeURIComponent(s.activity_id || '') + '/sessions/' + encodeURIComponent(s.id)}>
            {when}
            <span class="visually-hidden"> {t('session.edit_hidden')}</span>
          </Link>
        ) : (
          when
        )}
      </strong>
      {details.length > 0 && (
        <span class="record-secondary">
          {details.map((d, i) => (
            <span key={i}>
              {i > 0 && ' · '}
              <bdi>{d}</bdi>
            </span>
          ))}
        </span>
      )}
      {s.notes && (
        <p class="notes session-notes">
          <span class="visually-hidden">{t('session.notes')}: </span>
          <bdi>{s.notes}</bdi>
        </p>
      )}
    </li>
  );
}
