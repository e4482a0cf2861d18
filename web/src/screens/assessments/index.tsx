// A needs assessment's screens (/activities/:id/assessment/...): the questionnaire and its summary,
// the interviews, the form to record one and the questionnaire editor. A chunk of their own, loaded
// on the first visit, with their strings (src/i18n/assessments.*.json) alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/assessments.en.json';
import { match } from '../../router';
import { useSession } from '../../session';
import { NotFound } from '../NotFound';
import { maySetForm } from './model';
import { AssessmentPage } from './AssessmentPage';
import { ResponseForm } from './ResponseForm';
import { QuestionnaireEditor } from './QuestionnaireEditor';
import './assessments.css';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = addTranslations('assessments', en, { ar: () => import('../../i18n/assessments.ar.json') }).catch(() => {});

export function AssessmentsScreen({ path }: { path: string }) {
  const { me } = useSession();
  let m = match('/activities/:id/assessment', path);
  if (m) return <AssessmentPage key={m.id} id={m.id} />;
  if ((m = match('/activities/:id/assessment/questionnaire', path))) return maySetForm(me) ? <QuestionnaireEditor key={m.id} id={m.id} /> : <NotFound />;
  // Whether the caller may record or read depends on the assessment: the form says so once it has it.
  if ((m = match('/activities/:id/assessment/responses/new', path))) return <ResponseForm key={m.id + ':new'} activityId={m.id} responseId={null} />;
  if ((m = match('/activities/:id/assessment/responses/:rid', path))) return <ResponseForm key={m.rid} activityId={m.id} responseId={m.rid} />;
  return <NotFound />;
}
