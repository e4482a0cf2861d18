// The referral screens (/referrals/...) and the directory of services (/services/...): a chunk of
// their own, loaded on the first visit to either, with their strings (src/i18n/referrals.*.json)
// and styles (referrals.css) alongside.
import { addTranslations } from '../../i18n';
import en from '../../i18n/referrals.en.json';
import { match } from '../../router';
import { useSession } from '../../session';
import { NotFound } from '../NotFound';
import { seesReferrals } from './model';
import { Board } from './Board';
import { ReferralForm } from './ReferralForm';
import { ReferralPage } from './ReferralPage';
import { SlipPage } from './SlipPage';
import { ServiceList } from './ServiceList';
import { ServicePage } from './ServicePage';
import './referrals.css';

// Offline, the Arabic strings may fail to load: the screens then show English until the next try.
export const ready = addTranslations('referrals', en, { ar: () => import('../../i18n/referrals.ar.json') }).catch(() => {});

export function ReferralsScreen({ path }: { path: string }) {
  const { me } = useSession();
  if (match('/services', path)) return <ServiceList />;
  if (match('/services/new', path)) return <ServicePage key="new" id={null} />;
  let m = match('/services/:id', path);
  if (m) return <ServicePage key={m.id} id={m.id} />;
  if (!seesReferrals(me)) return <NotFound />;
  if (match('/referrals', path)) return <Board />;
  // Who may make one is said by the form itself.
  if (match('/referrals/new', path)) return <ReferralForm />;
  if ((m = match('/referrals/:id', path))) return <ReferralPage key={m.id} id={m.id} />;
  if ((m = match('/referrals/:id/slip', path))) return <SlipPage key={m.id} id={m.id} />;
  return <NotFound />;
}
