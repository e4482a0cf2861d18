// The mediation register (/mediations): the list, a mediation's page with its sessions and
// agreements, and the form to open or change one. A chunk of its own, loaded on the first visit,
// with its strings (src/i18n/mediation.*.json) alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/mediation.en.json';
import activitiesEn from '../../i18n/activities.en.json';
import { match } from '../../router';
import { useSession } from '../../session';
import { NotFound } from '../NotFound';
import { registryStrings } from '../people/model';
import { mayOpen } from './model';
import { MediationList } from './MediationList';
import { MediationPage } from './MediationPage';
import { MediationForm } from './MediationForm';
import './mediation.css';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = Promise.all([
  addTranslations('mediation', en, { ar: () => import('../../i18n/mediation.ar.json') }),
  // Finding a party in the registry, and naming people, speak as the attendance screen does.
  addTranslations('activities', activitiesEn, { ar: () => import('../../i18n/activities.ar.json') }),
  registryStrings(),
]).catch(() => {});

export function MediationScreen({ path }: { path: string }) {
  const { me } = useSession();
  if (match('/mediations', path)) return <MediationList />;
  if (match('/mediations/new', path)) return mayOpen(me) ? <MediationForm key="new" id={null} /> : <NotFound />;
  let m = match('/mediations/:id', path);
  if (m) return <MediationPage key={m.id} id={m.id} />;
  // Whether the caller may change it depends on the mediation: the form says so once it has it.
  if ((m = match('/mediations/:id/edit', path))) return <MediationForm key={m.id} id={m.id} />;
  return <NotFound />;
}
