// Handing a programme over to another organisation (/handovers): the list, "Plan a handover", a
// handover's page (preview, approvals, the package), "Receive a handover" (verify, assign the open
// cases, accept) and the printable handover report (docs/formats/handover.md). A chunk of its own,
// loaded on the first visit, with its strings (src/i18n/handovers.*.json) and styles alongside;
// the chart of people moving is the reporting dashboards' bar chart.
import { addTranslations } from '../../i18n';
import en from '../../i18n/handovers.en.json';
import { match } from '../../router';
import { NotFound } from '../NotFound';
import { HandoverList } from './HandoverList';
import { HandoverForm } from './HandoverForm';
import { HandoverPage } from './HandoverPage';
import { HandoverReport } from './HandoverReport';
import { Receive } from './Receive';
import '../reports/reports.css';
import './handovers.css';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = addTranslations('handovers', en, { ar: () => import('../../i18n/handovers.ar.json') }).catch(() => {});

export function HandoversScreen({ path }: { path: string }) {
  if (match('/handovers', path)) return <HandoverList />;
  if (match('/handovers/new', path)) return <HandoverForm />;
  if (match('/handovers/receive', path)) return <Receive />;
  let m = match('/handovers/:id/report', path);
  if (m) return <HandoverReport key={m.id} id={m.id} />;
  m = match('/handovers/:id', path);
  if (m) return <HandoverPage key={m.id} id={m.id} />;
  return <NotFound />;
}
