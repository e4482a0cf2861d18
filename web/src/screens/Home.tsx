import { useEffect } from 'preact/hooks';
import { useT } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { ROLE_LABELS } from '../resources';
import { navFor } from '../nav';
import { HomeCounselling } from './HomeCounselling';

export function Home() {
  const { t } = useT();
  const { me, programmes, programmeId } = useSession();
  const programme = programmes.find((p) => p.id === programmeId);
  useEffect(() => {
    document.title = t('home.title') + ' · ' + t('app.name');
  }, []);
  if (!me) return null;
  const links = navFor(me).filter((n) => n.href !== '/');
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('home.welcome', { name: me.display_name || me.username })}</h1>
      <dl class="facts">
        <dt>{t('home.organization')}</dt>
        <dd>{me.organization?.name || '—'}</dd>
        <dt>{t('home.programme')}</dt>
        <dd>{programme ? String(programme.name) : t('home.no_programme')}</dd>
        <dt>{t('home.roles')}</dt>
        <dd>{me.roles.map((r) => t(ROLE_LABELS[r] || r)).join(', ')}</dd>
      </dl>
      <HomeCounselling me={me} />
      <h2>{t('home.go_to')}</h2>
      <ul class="tiles">
        {links.map((n) => (
          <li key={n.href}>
            <Link href={n.href} class="tile">
              {t(n.label)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
