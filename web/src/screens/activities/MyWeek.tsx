// A facilitator's week: the planned and ongoing activities that name them, the days each meets and
// the sessions recorded, with the way to a session's attendance and to recording a missing one.
// The week shown is kept in the address (?date=), so that the previous and next weeks are links.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { Link, useLocation } from '../../router';
import { useSession } from '../../session';
import { useTitle } from '../../components/useTitle';
import { LoadState, useLoad } from '../../components/useLoad';
import { label, mayRecord, STREAM, timesText, today, WEEKDAY, type Activity, type Session } from './model';
import { attendancePath } from './attendance';

interface WeekItem {
  activity: Activity;
  scheduled: string[];
  sessions: Session[];
}

interface Week {
  from: string;
  to: string;
  items: WeekItem[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// "2016-03-07" moved by `days` (calendar arithmetic in UTC, so no time zone shifts the day).
function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function weekdayOf(date: string, t: TFunc): string {
  return label(WEEKDAY, WEEKDAYS[new Date(date + 'T00:00:00Z').getUTCDay()], t);
}

const weekPath = (date: string) => '/activities/week' + query({ date });

export function MyWeek() {
  const { t } = useT();
  const { search } = useLocation();
  const asked = search.get('date') || '';
  const date = DAY.test(asked) ? asked : '';
  const [week, setWeek] = useState<Week | null>(null);
  const title = t('week.title');

  useTitle(title);

  const loader = useLoad(async () => {
    setWeek(null);
    const { data } = await api.get<Week>('/activities/my-week' + query({ date }));
    setWeek(data);
  });

  useEffect(() => {
    void loader.load();
  }, [date]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">
        {title}
        {week && (
          <span class="subtitle">
            <span dir="ltr">{week.from}</span> – <span dir="ltr">{week.to}</span>
          </span>
        )}
      </h1>
      {week && (
        <nav class="week-nav" aria-label={t('week.nav_label')}>
          <Link class="btn" href={weekPath(addDays(week.from, -7))}>
            {t('week.previous')}
          </Link>
          {(week.from > today() || week.to < today()) && (
            <Link class="btn" href={weekPath(today())}>
              {t('week.this_week')}
            </Link>
          )}
          <Link class="btn" href={weekPath(addDays(week.from, 7))}>
            {t('week.next')}
          </Link>
        </nav>
      )}
      <LoadState {...loader} />
      {week && week.items.length === 0 && <p class="empty">{t('week.empty')}</p>}
      {week && week.items.length > 0 && (
        <ul class="week-list" aria-label={t('week.list_label')}>
          {week.items.map((item) => (
            <WeekActivity key={item.activity.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

// One activity of the week: its days, each with the sessions recorded on it or the way to record one.
function WeekActivity({ item }: { item: WeekItem }) {
  const { t } = useT();
  const { me } = useSession();
  const a = item.activity;
  const aid = encodeURIComponent(a.id);
  const headingId = 'week-' + a.id;
  // The days the plan meets, and any other day a session was recorded on (a monthly or irregular plan).
  const days = [...new Set([...item.scheduled, ...item.sessions.map((s) => s.date || '')])].filter(Boolean).sort();
  const recorder = mayRecord(me, a);
  const now = today();
  return (
    <li class="week-activity">
      <h2 id={headingId}>
        <Link href={'/activities/' + aid}>
          <bdi>{a.title}</bdi>
        </Link>
        <span class="subtitle">{label(STREAM, a.stream, t)}</span>
      </h2>
      {days.length === 0 ? (
        <p class="empty">{t('week.no_days')}</p>
      ) : (
        <ul class="week-days" aria-labelledby={headingId}>
          {days.map((day) => {
            const held = item.sessions.filter((s) => s.date === day);
            const weekday = weekdayOf(day, t);
            return (
              <li key={day}>
                <span class="week-day">
                  {weekday} <span dir="ltr">{day}</span>
                </span>
                {held.map((s) => (
                  <Link key={s.id} href={attendancePath(s.id)}>
                    {t('week.session_attendance')}
                    {s.start_time && (
                      <>
                        {' '}
                        <span dir="ltr">{timesText(s)}</span>
                      </>
                    )}
                    {s.place && (
                      <>
                        {' · '}
                        <bdi>{s.place}</bdi>
                      </>
                    )}
                  </Link>
                ))}
                {held.length === 0 && recorder && day <= now && (
                  // The session form takes no date from the address: the activity page records it.
                  <Link href={'/activities/' + aid}>{t('week.record_day', { day: weekday })}</Link>
                )}
                {held.length === 0 && day > now && <span class="record-secondary">{t('week.to_come')}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}
