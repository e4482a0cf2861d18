// The home screen's counselling card: a counsellor's follow-ups due and open risk flags; what awaits
// a supervisor or a manager in the supervision queue. Each links to its screen (the cases chunk).
import { useEffect, useState } from 'preact/hooks';
import { api, type Me } from '../api';
import { useT } from '../i18n';
import { Link } from '../router';
import { hasRole } from '../session';

interface Counts {
  due?: number;
  flags?: number;
  overdue?: number;
  closures?: number;
}

export function HomeCounselling({ me }: { me: Me }) {
  const { t } = useT();
  const counsellor = hasRole(me, 'counsellor');
  const supervisor = hasRole(me, 'supervisor', 'manager');
  const [mine, setMine] = useState<Counts | null>(null);
  const [queue, setQueue] = useState<Counts | null>(null);

  useEffect(() => {
    // A count that cannot be read is left out: the links are there all the same.
    if (counsellor) {
      api.get<{ due: number; items: { open_flags?: number }[] }>('/cases/my-caseload').then(
        ({ data }) => setMine({ due: data.due, flags: data.items.reduce((n, c) => n + (c.open_flags || 0), 0) }),
        () => {},
      );
    }
    if (supervisor) {
      api.get<{ flags: { overdue?: boolean }[]; closures: unknown[] }>('/cases/supervision-queue').then(
        ({ data }) => setQueue({ flags: data.flags.length, overdue: data.flags.filter((f) => f.overdue).length, closures: data.closures.length }),
        () => {},
      );
    }
  }, [me.id]);

  if (!counsellor && !supervisor) return null;
  return (
    <section aria-labelledby="counselling-title" class="home-card">
      <h2 id="counselling-title">{t('home_cases.title')}</h2>
      {counsellor && (
        <p>
          <Link href="/cases/mine">{t('nav.caseload')}</Link>
          {mine && (
            <>
              {': '}
              <span class={mine.due ? 'home-alert' : undefined}>{t('home_cases.due', { n: mine.due })}</span>
              {' · '}
              <span class={mine.flags ? 'home-alert' : undefined}>{t('home_cases.flags', { n: mine.flags })}</span>
            </>
          )}
        </p>
      )}
      {supervisor && (
        <p>
          <Link href="/cases/queue">{t('nav.supervision_queue')}</Link>
          {queue && (
            <>
              {': '}
              <span class={queue.flags ? 'home-alert' : undefined}>{t('home_cases.waiting', { n: queue.flags, overdue: queue.overdue })}</span>
              {' · '}
              {t('home_cases.closures', { n: queue.closures })}
            </>
          )}
        </p>
      )}
    </section>
  );
}
