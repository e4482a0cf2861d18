// The programme activity screens, a session's attendance (/sessions/...), the calendar, training
// certificates (/participants/...) and cooperatives (/cooperatives/...): a chunk of their own,
// loaded on the first visit to any, with their strings (src/i18n/activities.*.json and
// groups.*.json) alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/activities.en.json';
import groupsEn from '../../i18n/groups.en.json';
import { match } from '../../router';
import { useSession } from '../../session';
import { NotFound } from '../NotFound';
import { mayPlan } from './model';
import { registryStrings } from '../people/model';
import { ActivityList } from './ActivityList';
import { ActivityForm } from './ActivityForm';
import { ActivityPage } from './ActivityPage';
import { SessionForm } from './SessionForm';
import { AttendancePage } from './AttendancePage';
import { MyWeek } from './MyWeek';
import { Calendar } from './Calendar';
import { CertificatePage } from './CertificatePage';
import { CooperativeList } from './CooperativeList';
import { CooperativePage } from './CooperativePage';
import { CooperativeForm } from './CooperativeForm';
import { mayRecordCooperatives } from './groups';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = Promise.all([
  addTranslations('activities', en, { ar: () => import('../../i18n/activities.ar.json') }),
  addTranslations('groups', groupsEn, { ar: () => import('../../i18n/groups.ar.json') }),
  // The quick add of a newcomer on the attendance screen speaks as the registration form does.
  registryStrings(),
]).catch(() => {});

export function ActivitiesScreen({ path }: { path: string }) {
  const { me } = useSession();
  if (match('/activities', path)) return <ActivityList />;
  if (match('/activities/week', path)) return <MyWeek />;
  if (match('/activities/calendar', path)) return <Calendar />;
  if (match('/activities/new', path)) return mayPlan(me) ? <ActivityForm key="new" id={null} /> : <NotFound />;
  let m = match('/activities/:id', path);
  if (m) return <ActivityPage key={m.id} id={m.id} />;
  if ((m = match('/activities/:id/edit', path))) return mayPlan(me) ? <ActivityForm key={m.id} id={m.id} /> : <NotFound />;
  // Whether the caller may record depends on the activity: the form says so once it has it.
  if ((m = match('/activities/:id/sessions/new', path))) return <SessionForm key={m.id + ':new'} activityId={m.id} sessionId={null} />;
  if ((m = match('/activities/:id/sessions/:sid', path))) return <SessionForm key={m.sid} activityId={m.id} sessionId={m.sid} />;
  // Who may take it depends on the activity too: the screen says so once it has it.
  if ((m = match('/sessions/:id/attendance', path))) return <AttendancePage key={m.id} sessionId={m.id} />;
  if ((m = match('/participants/:id/certificate', path))) return <CertificatePage key={m.id} participantId={m.id} />;
  if (match('/cooperatives', path)) return <CooperativeList />;
  if (match('/cooperatives/new', path)) return mayRecordCooperatives(me) ? <CooperativeForm key="new" id={null} /> : <NotFound />;
  if ((m = match('/cooperatives/:id', path))) return <CooperativePage key={m.id} id={m.id} />;
  if ((m = match('/cooperatives/:id/edit', path))) return mayRecordCooperatives(me) ? <CooperativeForm key={m.id} id={m.id} /> : <NotFound />;
  return <NotFound />;
}
