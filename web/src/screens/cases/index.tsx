// Lay counselling (/cases/...): the counsellor's caseload, the supervisor's queue, the list of cases,
// opening a case, the case page and its forms (a session, a risk assessment, an outcome instrument, a supervision note,
// the case's details and plan). A chunk of their own, loaded on the first visit, with their strings
// (src/i18n/cases.*.json) and styles (cases.css) alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/cases.en.json';
import { match } from '../../router';
import { useSession } from '../../session';
import { NotFound } from '../NotFound';
import { hasCaseload, hasQueue, mayOpenCases } from './model';
import { CaseList } from './CaseList';
import { Caseload } from './Caseload';
import { SupervisionQueue } from './SupervisionQueue';
import { OpenCase } from './OpenCase';
import { CasePage } from './CasePage';
import { CaseDetailsForm } from './CaseDetailsForm';
import { PlanForm } from './PlanForm';
import { SessionForm } from './SessionForm';
import { RiskForm } from './RiskForm';
import { AssessmentForm } from './AssessmentForm';
import { SupervisionForm } from './SupervisionForm';
import './cases.css';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = addTranslations('cases', en, { ar: () => import('../../i18n/cases.ar.json') }).catch(() => {});

export function CasesScreen({ path }: { path: string }) {
  const { me } = useSession();
  if (match('/cases', path)) return <CaseList />;
  if (match('/cases/mine', path)) return hasCaseload(me) ? <Caseload /> : <NotFound />;
  if (match('/cases/queue', path)) return hasQueue(me) ? <SupervisionQueue /> : <NotFound />;
  if (match('/cases/new', path)) return mayOpenCases(me) ? <OpenCase /> : <NotFound />;
  let m = match('/cases/:id', path);
  if (m) return <CasePage key={m.id} id={m.id} />;
  // Whether the caller may change the case depends on the case: each form says so once it has it.
  if ((m = match('/cases/:id/edit', path))) return <CaseDetailsForm key={m.id} id={m.id} />;
  if ((m = match('/cases/:id/plan', path))) return <PlanForm key={m.id} id={m.id} />;
  if ((m = match('/cases/:id/sessions/new', path))) return <SessionForm key={m.id} id={m.id} />;
  if ((m = match('/cases/:id/risk/new', path))) return <RiskForm key={m.id} id={m.id} />;
  if ((m = match('/cases/:id/assessments/new', path))) return <AssessmentForm key={m.id} id={m.id} />;
  if ((m = match('/cases/:id/supervision/new', path))) return <SupervisionForm key={m.id} id={m.id} />;
  return <NotFound />;
}
