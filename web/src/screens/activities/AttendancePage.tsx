// Taking a session's attendance on a phone: a list of people to tap present or absent (named
// attendance), or a grid of counts by sex and age band (headcount), as the activity counts. The
// activity's named facilitators and managers record it; the other programme staff read it.
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag } from '../../api';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { fetchActivity, mayRecord, takesAttendanceHere, type Activity } from './model';
import { attendancePath, type AttendanceView } from './attendance';
import { NamedAttendance } from './NamedAttendance';
import { HeadcountAttendance } from './HeadcountAttendance';

export function AttendancePage({ sessionId }: { sessionId: string }) {
  const { t } = useT();
  const { me } = useSession();
  const [flash] = useState(takeFlash);
  const [view, setView] = useState<AttendanceView | null>(null);
  const [activity, setActivity] = useState<Activity | null>(null);
  const [etag, setEtag] = useState('');
  const title = t('attendance.title');

  useTitle(title);

  const loader = useLoad(async () => {
    const { data, etag: tag } = await api.get<AttendanceView>(attendancePath(sessionId));
    const { activity: a } = await fetchActivity(data.activity_id);
    setActivity(a);
    setView(data);
    setEtag(versionTag(tag, data));
  });

  useEffect(() => {
    void loader.load();
  }, [sessionId]);

  const back = view ? '/activities/' + encodeURIComponent(view.activity_id) : '/activities';
  const heading = (
    <PageHeading back={back} backText={view ? t('activity.back') : t('form.back_to', { what: t('activities.title') })} title={title}>
      {view && activity && (
        <>
          <bdi>{activity.title}</bdi>
          {' · '}
          <span dir="ltr">{view.date}</span>
        </>
      )}
    </PageHeading>
  );

  // Reloading after a conflict keeps the screen (and what was entered on it) in place.
  if (!view || !activity) {
    return (
      <section aria-labelledby="page-title">
        {heading}
        <LoadState {...loader} />
      </section>
    );
  }

  const editable = mayRecord(me, activity);
  const props = { view, etag, editable, back, reload: loader.load };
  return (
    <section aria-labelledby="page-title">
      {heading}
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <LoadState {...loader} />
      {!editable && <Notice kind="info">{t('session.not_yours')}</Notice>}
      {!takesAttendanceHere(activity) ? (
        <Notice kind="info">{t('attendance.training')}</Notice>
      ) : view.mode === 'headcount' ? (
        <HeadcountAttendance {...props} />
      ) : (
        <NamedAttendance {...props} programmeId={activity.programme_id || ''} siteId={activity.site_id || ''} />
      )}
    </section>
  );
}
