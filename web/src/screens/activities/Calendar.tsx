// The calendar of the programme in view: a month's sessions of all its activities, day by day (a
// list that reads on a phone as well as on a laptop), each leading to its attendance. The month is
// kept in the address (?month=2016-03), so that the previous and next months are links.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { Link, useLocation } from '../../router';
import { useSession } from '../../session';
import { useTitle } from '../../components/useTitle';
import { LoadState, useLoad } from '../../components/useLoad';
import { label, STREAM, timesText, today, WEEKDAY, type Activity, type Session } from './model';
import { attendancePath } from './attendance';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
// Sessions read per request, and at most this many requests for one month.
const PAGE = 500;
const MAX_PAGES = 10;

// "2016-03" moved by `months`.
function addMonths(month: string, months: number): string {
  const d = new Date(month + '-01T00:00:00Z');
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 7);
}

// The last day of a month: "2016-02" → "2016-02-29".
function lastDayOf(month: string): string {
  const d = new Date(addMonths(month, 1) + '-01T00:00:00Z');
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

function monthName(month: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(month + '-01T00:00:00Z'),
    );
  } catch {
    return month;
  }
}

const weekdayOf = (date: string, t: TFunc) => label(WEEKDAY, WEEKDAYS[new Date(date + 'T00:00:00Z').getUTCDay()], t);

export const calendarPath = (month?: string) => '/activities/calendar' + query({ month });

export function Calendar() {
  const { t, lang } = useT();
  const { programmeId } = useSession();
  const { search } = useLocation();
  const asked = search.get('month') || '';
  const month = MONTH.test(asked) ? asked : today().slice(0, 7);
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [more, setMore] = useState(false);
  const [activities, setActivities] = useState<Record<string, Activity>>({});
  const title = t('calendar.title');

  useTitle(title);

  const loader = useLoad(async () => {
    setSessions(null);
    if (!programmeId) return;
    // The programme's activities, for the sessions' titles (a programme has tens of them).
    const known: Record<string, Activity> = {};
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const { data }: { data: Page<Activity> } = await api.get<Page<Activity>>('/activities' + query({ programme_id: programmeId, limit: 200, cursor: cursor || undefined }));
      for (const a of data.items) known[a.id] = a;
      cursor = data.next_cursor;
      if (!cursor) break;
    }
    setActivities(known);
    const all: Session[] = [];
    cursor = null;
    let pages = 0;
    do {
      const params: Record<string, string | number | undefined> = { programme_id: programmeId, from: month + '-01', to: lastDayOf(month), limit: PAGE, cursor: cursor || undefined };
      const { data }: { data: Page<Session> } = await api.get<Page<Session>>('/sessions' + query(params));
      all.push(...data.items);
      cursor = data.next_cursor;
    } while (cursor && ++pages < MAX_PAGES);
    setMore(!!cursor);
    setSessions(all);
  });

  useEffect(() => {
    void loader.load();
  }, [month, programmeId]);

  // Day by day, in date order (the server's), then by start time.
  const days = new Map<string, Session[]>();
  for (const s of sessions || []) {
    const list = days.get(s.date || '') || [];
    list.push(s);
    days.set(s.date || '', list);
  }
  for (const list of days.values()) list.sort((a, b) => (a.start_time || '').localeCompare(b.start_time || ''));

  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <Link href="/activities">{t('form.back_to', { what: t('activities.title') })}</Link>
      </p>
      <h1 id="page-title">
        {title}
        <span class="subtitle">{monthName(month, lang)}</span>
      </h1>
      <nav class="week-nav" aria-label={t('calendar.nav_label')}>
        <Link class="btn" href={calendarPath(addMonths(month, -1))}>
          {t('calendar.previous')}
        </Link>
        {month !== today().slice(0, 7) && (
          <Link class="btn" href={calendarPath(today().slice(0, 7))}>
            {t('calendar.this_month')}
          </Link>
        )}
        <Link class="btn" href={calendarPath(addMonths(month, 1))}>
          {t('calendar.next')}
        </Link>
      </nav>
      <LoadState {...loader} />
      {!programmeId && !loader.loading && <p class="empty">{t('calendar.no_programme')}</p>}
      {sessions && (
        <p class="hint" role="status">
          {sessions.length === 0 ? t('calendar.empty') : t('calendar.count', { n: sessions.length, days: days.size })}
        </p>
      )}
      {sessions && sessions.length > 0 && (
        <ol class="cal-days" aria-label={t('calendar.list_label', { month: monthName(month, lang) })}>
          {[...days].map(([day, list]) => (
            <li key={day} class="cal-day">
              <h2 id={'day-' + day}>
                {weekdayOf(day, t)} <span dir="ltr">{day}</span>
              </h2>
              <ul class="cal-sessions" aria-labelledby={'day-' + day}>
                {list.map((s) => (
                  <CalendarSession key={s.id} s={s} activity={activities[s.activity_id || '']} />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {more && <p class="hint">{t('calendar.more')}</p>}
    </section>
  );
}

// One session: the activity, its stream, time and place; a training's leads to the training (its
// attendance names participants), any other to the session's attendance.
function CalendarSession({ s, activity }: { s: Session; activity?: Activity }) {
  const { t } = useT();
  const training = activity?.stream === 'capacity_building';
  const href = training ? '/activities/' + encodeURIComponent(s.activity_id || '') : attendancePath(s.id);
  const details = [label(STREAM, activity?.stream, t), s.place || ''].filter(Boolean);
  return (
    <li>
      <Link href={href} class="record-link">
        <span class="record-primary">
          {s.start_time && (
            <>
              <span dir="ltr">{timesText(s)}</span>{' '}
            </>
          )}
          <bdi>{activity?.title || t('calendar.an_activity')}</bdi>
        </span>
        <span class="record-secondary">
          {details.map((d, i) => (
            <span key={i}>
              {i > 0 && ' · '}
              <bdi>{d}</bdi>
            </span>
          ))}
        </span>
        <span class="record-secondary">{training ? t('calendar.see_training') : t('calendar.see_attendance')}</span>
      </Link>
    </li>
  );
}
