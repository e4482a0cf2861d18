import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { useT } from './i18n';
import { Link, match, useLocation } from './router';
import { chooseProgramme, signOut, useSession } from './session';
import { navFor, seesActivities, seesCases, seesHandovers, seesMediations, seesPeople, seesReferrals, seesReports } from './nav';
import { Loading, Notice } from './components/Notice';
import { RESOURCES, type Resource } from './resources';
import { LanguageSwitch } from './components/LanguageSwitch';
import { Home } from './screens/Home';
import { Account } from './screens/Account';
import { ListScreen } from './screens/ListScreen';
import { EditScreen } from './screens/EditScreen';
import { NotFound } from './screens/NotFound';

function allowed(res: Resource, roles: string[]): boolean {
  if (roles.includes('admin')) return true;
  return roles.includes('manager') && (res.name === 'programmes' || res.name === 'sites');
}

// Parts of the app with their own chunk (and their own strings), fetched on first use.
type PartScreen = ComponentType<{ path: string }>;

function lazyPart(load: () => Promise<PartScreen>): PartScreen {
  let Part: PartScreen | null = null;
  let loading: Promise<void> | null = null;
  const fetchPart = () => {
    loading ||= load()
      .then((screen) => {
        Part = screen;
      })
      .catch((e) => {
        loading = null;
        throw e;
      });
    return loading;
  };
  return function LazyPart({ path }: { path: string }) {
    const { t } = useT();
    const [failed, setFailed] = useState(false);
    const [, tick] = useState(0);
    useEffect(() => {
      if (!Part && !failed) fetchPart().then(() => tick((n) => n + 1), () => setFailed(true));
    }, [failed]);
    if (Part) return <Part path={path} />;
    if (failed) {
      return (
        <Notice kind="error">
          {t('error.network')}{' '}
          <button type="button" class="btn btn-link" onClick={() => setFailed(false)}>
            {t('common.retry')}
          </button>
        </Notice>
      );
    }
    return <Loading label={t('common.loading')} />;
  };
}

const LazyPeople = lazyPart(() =>
  import('./screens/people').then(async (m) => {
    await m.ready;
    return m.PeopleScreen;
  }),
);
const LazyActivities = lazyPart(() =>
  import('./screens/activities').then(async (m) => {
    await m.ready;
    return m.ActivitiesScreen;
  }),
);

const LazyAssessments = lazyPart(() =>
  import('./screens/assessments').then(async (m) => {
    await m.ready;
    return m.AssessmentsScreen;
  }),
);
const LazyReferrals = lazyPart(() =>
  import('./screens/referrals').then(async (m) => {
    await m.ready;
    return m.ReferralsScreen;
  }),
);
const LazyCases = lazyPart(() =>
  import('./screens/cases').then(async (m) => {
    await m.ready;
    return m.CasesScreen;
  }),
);
const LazyMediation = lazyPart(() =>
  import('./screens/mediation').then(async (m) => {
    await m.ready;
    return m.MediationScreen;
  }),
);
const LazyReports = lazyPart(() =>
  import('./screens/reports').then(async (m) => {
    await m.ready;
    return m.ReportsScreen;
  }),
);
const LazyHandovers = lazyPart(() =>
  import('./screens/handovers').then(async (m) => {
    await m.ready;
    return m.HandoversScreen;
  }),
);
// A needs assessment's questionnaire, interviews and summary: /activities/:id/assessment/...
const ASSESSMENT = /^\/activities\/[^/]+\/assessment(\/|$)/;

const under = (path: string, base: string) => path === base || path.startsWith(base + '/');

function Screen({ path }: { path: string }) {
  const { me } = useSession();
  if (match('/', path)) return <Home />;
  if (match('/account', path)) return <Account />;
  if (under(path, '/persons') && seesPeople(me)) return <LazyPeople path={path} />;
  if (under(path, '/cases') && seesCases(me)) return <LazyCases path={path} />;
  if (ASSESSMENT.test(path) && seesActivities(me)) return <LazyAssessments path={path} />;
  if ((under(path, '/referrals') && seesReferrals(me)) || under(path, '/services')) return <LazyReferrals path={path} />;
  const activities = ['/activities', '/sessions', '/participants', '/cooperatives'].some((base) => under(path, base));
  if (activities && seesActivities(me)) return <LazyActivities path={path} />;
  if (under(path, '/mediations') && seesMediations(me)) return <LazyMediation path={path} />;
  if (under(path, '/reports') && seesReports(me)) return <LazyReports path={path} />;
  if (under(path, '/handovers') && seesHandovers(me)) return <LazyHandovers path={path} />;
  for (const res of Object.values(RESOURCES)) {
    if (!allowed(res, me?.roles || [])) continue;
    if (match('/' + res.name, path)) return <ListScreen res={res} />;
    if (match('/' + res.name + '/new', path)) return res.canCreate(me) ? <EditScreen key="new" res={res} id={null} /> : <NotFound />;
    const m = match('/' + res.name + '/:id', path);
    if (m) return <EditScreen key={m.id} res={res} id={m.id} />;
  }
  return <NotFound />;
}

function ProgrammeInView() {
  const { t } = useT();
  const { programmes, programmeId } = useSession();
  if (programmes.length === 0) return null;
  if (programmes.length === 1) {
    return (
      <span class="context-item">
        <span class="context-label">{t('shell.programme')}</span> {String(programmes[0].name)}
      </span>
    );
  }
  return (
    <span class="context-item">
      <label for="programme-in-view" class="context-label">
        {t('shell.programme')}
      </label>{' '}
      <select id="programme-in-view" value={programmeId} onChange={(e) => chooseProgramme(e.currentTarget.value)}>
        {programmes.map((p) => (
          <option key={p.id} value={p.id}>
            {String(p.name)}
          </option>
        ))}
      </select>
    </span>
  );
}

// Everything behind sign-in: loaded as its own chunk so the sign-in screen comes up fast.
export function Shell() {
  const { t } = useT();
  const session = useSession();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // Move focus to the new screen's content after navigation, for keyboard and screen reader users.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  const me = session.me;
  if (!me) return null;
  const nav = navFor(me);
  // A session's screens, certificates and cooperatives belong to the activities.
  const section = /^\/(sessions|participants|cooperatives)(\/|$)/.test(path) ? '/activities' + path : path;
  const within = (href: string) => (href === '/' ? path === '/' : section === href || section.startsWith(href + '/'));
  // The most specific entry is the current one: "My week" rather than "Activities" on /activities/week.
  const currentHref = nav.filter((n) => within(n.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const current = (href: string) => href === currentHref;

  return (
    <>
      <a class="skip" href="#main">
        {t('shell.skip')}
      </a>
      <header class="top">
        <div class="top-row">
          <Link href="/" class="brand">
            {t('app.name')}
          </Link>
          <div class="top-tools">
            <LanguageSwitch />
            <button type="button" class="btn btn-small" onClick={signOut}>
              {t('shell.sign_out')}
            </button>
          </div>
        </div>
        <div class="context">
          <span class="context-item">
            <span class="context-label">{t('shell.organization')}</span> {me.organization?.name || '—'}
          </span>
          <ProgrammeInView />
          <span class="context-item">
            <span class="context-label">{t('shell.signed_in_as')}</span> <bdi>{me.display_name || me.username}</bdi>
          </span>
        </div>
        <nav aria-label={t('shell.navigation')}>
          <ul>
            {nav.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={current(n.href) ? 'page' : undefined}>
                  {t(n.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Screen path={path} />
      </main>
    </>
  );
}
