// The reporting dashboards (/reports): a programme's indicators over a period, as charts with their
// figures in tables, and the 4Ws downloads. A chunk of its own, loaded on the first visit, with its
// strings (src/i18n/reports.*.json; the activities' for the streams' names, the registry's for sex
// and population groups) and styles alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/reports.en.json';
import activitiesEn from '../../i18n/activities.en.json';
import registryEn from '../../i18n/registry.en.json';
import { match } from '../../router';
import { NotFound } from '../NotFound';
import { Dashboard } from './Dashboard';
import { ProgrammeReportForm, ProgrammeReportList, ProgrammeReportPage } from './ProgrammeReports';
import './reports.css';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = Promise.all([
  addTranslations('reports', en, { ar: () => import('../../i18n/reports.ar.json') }),
  addTranslations('activities', activitiesEn, { ar: () => import('../../i18n/activities.ar.json') }),
  // Sex and population groups are named as the registry names them.
  addTranslations('registry', registryEn, { ar: () => import('../../i18n/registry.ar.json') }),
]).catch(() => {});

export function ReportsScreen({ path }: { path: string }) {
  if (match('/reports', path)) return <Dashboard />;
  if (match('/reports/programme', path)) return <ProgrammeReportList />;
  if (match('/reports/programme/new', path)) return <ProgrammeReportForm id={null} />;
  let m = match('/reports/programme/:id/edit', path);
  if (m) return <ProgrammeReportForm id={m.id} />;
  m = match('/reports/programme/:id', path);
  if (m) return <ProgrammeReportPage id={m.id} />;
  return <NotFound />;
}
