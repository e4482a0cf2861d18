// The people registry screens: a chunk of their own, loaded on the first visit to /persons, with
// their strings (src/i18n/people.*.json, and registry.*.json shared with the attendance screen)
// alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/people.en.json';
import { match } from '../../router';
import { useSession } from '../../session';
import { NotFound } from '../NotFound';
import { accessOf, registryStrings } from './model';
import { PersonList } from './PersonList';
import { PersonForm } from './PersonForm';
import { PersonPage } from './PersonPage';
import { ConsentForm } from './ConsentForm';
import { ExportPage } from './ExportPage';
import { ErasePage } from './ErasePage';
import { MergePage } from './MergePage';
import { ImportPage } from './ImportPage';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = Promise.all([
  addTranslations('people', en, { ar: () => import('../../i18n/people.ar.json') }),
  registryStrings(),
]).catch(() => {});

export function PeopleScreen({ path }: { path: string }) {
  const { me } = useSession();
  const may = accessOf(me);
  if (match('/persons', path)) return <PersonList />;
  if (match('/persons/new', path)) return may.register ? <PersonForm key="new" id={null} /> : <NotFound />;
  if (match('/persons/import', path)) return may.manage ? <ImportPage /> : <NotFound />;
  let m = match('/persons/:id', path);
  if (m) return <PersonPage key={m.id} id={m.id} />;
  if ((m = match('/persons/:id/edit', path))) return may.register ? <PersonForm key={m.id} id={m.id} /> : <NotFound />;
  if ((m = match('/persons/:id/consents/new', path))) return may.consent ? <ConsentForm key={m.id} id={m.id} /> : <NotFound />;
  if ((m = match('/persons/:id/export', path))) return may.manage ? <ExportPage key={m.id} id={m.id} /> : <NotFound />;
  if ((m = match('/persons/:id/erase', path))) return may.manage ? <ErasePage key={m.id} id={m.id} /> : <NotFound />;
  if ((m = match('/persons/:id/merge', path))) return may.manage ? <MergePage key={m.id} id={m.id} /> : <NotFound />;
  return <NotFound />;
}
