// The programme activity screens and a session's attendance (/sessions/...): a chunk of their own,
// loaded on the first visit to either, with their strings (src/i18n/activities.*.json) alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/activities.en.json';
import { match } from '../../router';
import { useSession } from '../../session';
import { NotFound } from '../NotFound';
import { mayPlan } from './model';
import { ActivityList } from './ActivityList';
import { ActivityForm } from './ActivityForm';
import { ActivityPage } from './ActivityPage';
import { SessionForm } from './SessionForm';
import { AttendancePage } from './AttendancePage';
import { MyWeek } from './MyWeek';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = addTranslations('activities', en, { ar: () => import('../../i18n/activities.ar.json') }).catch(() => {});

export function ActivitiesScreen({ path }: { path: string }) {
  const { me } = useSession();
  if (match('/activities', path)) return <ActivityList />;
  if (match('/activities/week', path)) return <MyWeek />;
  if (match('/activities/new', path)) return mayPlan(me) ? <ActivityForm key="new" id={null} /> : <NotFound />;
  let m = match('/activities/:id', path);
  if (m) return <ActivityPage key={m.id} id={m.id} />;
  if ((m = match('/activities/:id/edit', path))) return mayPlan(me) ? <ActivityForm key={m.id} id={m.id} /> : <NotFound />;
  // Whether the caller may record depends on the activity: the form says so once it has it.
  if ((m = match('/activities/:id/sessions/new', path))) return <SessionForm key={m.id + ':new'} activityId={m.id} sessionId={null} />;
  if ((m = match('/activities/:id/sessions/:sid', path))) return <SessionForm key={m.sid} activityId={m.id} sessionId={m.sid} />;
  // Who may take it depends on the activity too: the screen says so once it has it.
  if ((m = match('/sessions/:id/attendance', path))) return <AttendancePage key={m.id} sessionId={m.id} />;
  return <NotFound />;
}
