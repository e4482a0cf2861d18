// One person: profile, protection, consents, activities; the way to edit, record consent, export,
// merge and erase.
import { useEffect, useState } from 'preact/hooks';
import { Fragment, type ComponentChildren } from 'preact';
import { api, ApiError, query } from '../../api';
import { k, useT, type TFunc } from '../../i18n';
import { Link, useLocation } from '../../router';
import { PageHeading } from '../../components/PageHeading';
import { hasRole, useSession } from '../../session';
import { describe } from '../../errors';
import { takeFlash } from '../../flash';
import { Loading, Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { PersonActivities } from './PersonActivities';
import { PersonCases } from './PersonCases';
import { PersonReferrals } from './PersonReferrals';
import { seesCases, seesReferrals } from '../../nav';
import {
  accessOf,
  ageText,
  CONSENT_STATUS,
  label,
  languageName,
  loadOrganizations,
  loadSites,
  METHOD,
  POPULATION_GROUP,
  PURPOSE,
  remember,
  SEX,
  SPECIFIC_NEED,
  STATUS,
  titleOf,
  when,
  WG_ANSWER,
  WG_DOMAIN,
  WG_DOMAINS,
  type Consent,
  type Consents,
  type CurrentConsent,
  type Person,
} from './model';

type Names = Record<string, string>;

const REASONS: Record<string, string> = {
  duplicates: k('reason.duplicate_check'),
};

export function PersonPage({ id }: { id: string }) {
  const { t, lang } = useT();
  const { me, programmes } = useSession();
  const may = accessOf(me);
  const { search } = useLocation();
  const from = search.get('from') || '';
  const [person, setPerson] = useState<Person | null>(null);
  const [flash] = useState(takeFlash);
  const [consents, setConsents] = useState<Consents | null>(null);
  const [consentError, setConsentError] = useState('');
  const [sites, setSites] = useState<Names>({});
  const [orgs, setOrgs] = useState<Names>({});

  const loadConsents = async (pid: string) => {
    setConsentError('');
    try {
      const { data } = await api.get<Consents>('/persons/' + encodeURIComponent(pid) + '/consents');
      setConsents(data);
    } catch (e) {
      setConsents(null);
      setConsentError(e instanceof ApiError && e.status === 403 ? t('consent.not_for_role') : describe(e, t));
    }
  };

  const loader = useLoad(async () => {
    const reason = REASONS[from] ? t(REASONS[from]) : undefined;
    const { data, etag } = await api.get<Person>('/persons/' + encodeURIComponent(id) + query({ reason }));
    remember(data, etag);
    setPerson(data);
    document.title = titleOf(data, t) + ' · ' + t('app.name');
    void loadConsents(data.id);
  });

  useEffect(() => {
    void loader.load();
    loadSites().then((l) => setSites(Object.fromEntries(l.map((s) => [s.value, s.label]))), () => {});
    loadOrganizations().then((l) => setOrgs(Object.fromEntries(l.map((o) => [o.value, o.label]))), () => {});
  }, [id]);

  if (loader.loading) return <Loading label={t('common.loading')} />;
  if (loader.loadError || !person) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back="/persons" backText={t('form.back_to', { what: t('people.title') })} title={t('person.title')} />
        <LoadState {...loader} />
      </section>
    );
  }

  const p = person;
  const pid = encodeURIComponent(p.id);
  const live = p.status !== 'erased' && p.status !== 'merged';
  const programme = programmes.find((x) => x.id === p.programme_id);
  const has = (key: keyof Person) => key in p && p[key] !== null && p[key] !== undefined && p[key] !== '';

  return (
    <section aria-labelledby="page-title" class="person">
      <PageHeading back="/persons" backText={t('form.back_to', { what: t('people.title') })} title={<bdi>{titleOf(p, t)}</bdi>}>
        {p.code && titleOf(p, t) !== p.code && (
          <>
            <bdi dir="ltr">{p.code}</bdi>
            {' · '}
          </>
        )}
        {label(STATUS, p.status || 'active', t)}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      {p.id !== id && <Notice kind="info">{t('person.merged_here')}</Notice>}
      {p.status === 'merged' && p.merged_into && (
        <Notice kind="info">
          {t('person.is_merged')} <Link href={'/persons/' + encodeURIComponent(p.merged_into)}>{t('person.open_surviving')}</Link>
        </Notice>
      )}
      {p.status === 'erased' && (
        <Notice kind="info">
          {t('person.is_erased', { date: p.erased_on || '' })}
          {p.erase_reason && ' ' + t('person.erased_because', { reason: p.erase_reason })}
        </Notice>
      )}
      {live && (may.register || may.consent || may.manage) && (
        <div class="actions page-actions">
          {may.register && (
            <Link class="btn" href={'/persons/' + pid + '/edit'}>
              {t('person.edit')}
            </Link>
          )}
          {may.consent && (
            <Link class="btn" href={'/persons/' + pid + '/consents/new'}>
              {t('consent.record')}
            </Link>
          )}
          {may.manage && (
            <Link class="btn" href={'/persons/' + pid + '/export'}>
              {t('export.open')}
            </Link>
          )}
        </div>
      )}

      <section aria-labelledby="identity-title">
        <h2 id="identity-title">{t('person.section_identity')}</h2>
        <dl class="facts">
          <Fact show={has('code')} term={t('person.code')}>
            <bdi dir="ltr">{p.code}</bdi>
          </Fact>
          <Fact show={has('given_name')} term={t('person.given_name')}>
            <bdi>{p.given_name}</bdi>
          </Fact>
          <Fact show={has('family_name')} term={t('person.family_name')}>
            <bdi>{p.family_name}</bdi>
          </Fact>
          <Fact show={has('other_names')} term={t('person.other_names')}>
            <bdi>{p.other_names}</bdi>
          </Fact>
          <Fact show={has('sex')} term={t('person.sex')}>
            {label(SEX, p.sex, t)}
          </Fact>
          <Fact show={has('age_years') || has('birth_date')} term={t('person.age')}>
            {ageText(p, t)}
          </Fact>
          <Fact show={has('birth_date') && !p.age_estimated} term={t('person.birth_date')}>
            <span dir="ltr">{p.birth_date}</span>
          </Fact>
          <Fact show={has('population_group')} term={t('person.population_group')}>
            {label(POPULATION_GROUP, p.population_group, t)}
          </Fact>
          <Fact show={has('language')} term={t('person.language')}>
            {languageName(p.language, t, lang)}
          </Fact>
          <Fact show={has('programme_id')} term={t('person.programme')}>
            {programme ? String(programme.name) : p.programme_id}
          </Fact>
          <Fact show={has('site_id')} term={t('person.site')}>
            {sites[p.site_id!] || p.site_id}
          </Fact>
          <Fact show={has('address')} term={t('person.address')}>
            <bdi>{p.address}</bdi>
          </Fact>
          <Fact show={has('household_id')} term={t('person.household')}>
            <Link href={'/persons/' + encodeURIComponent(p.household_id!)}>{t('person.open_household')}</Link>
          </Fact>
          <Fact show={has('phone')} term={t('person.phone')}>
            <span dir="ltr">{p.phone}</span>
          </Fact>
          <Fact show={has('registered_on') || has('created_at')} term={t('person.registered')}>
            <span dir="ltr">{p.registered_on || when(p.created_at)}</span>
          </Fact>
        </dl>
      </section>

      {(has('wg_ss') || 'disability' in p || has('specific_needs')) && (
        <section aria-labelledby="protection-title">
          <h2 id="protection-title">{t('person.section_protection')}</h2>
          {'disability' in p && (
            <p class="flag">
              <strong>{t('person.disability')}:</strong>{' '}
              {p.disability === true ? t('person.disability_yes') : p.disability === false ? t('person.disability_no') : t('person.disability_unknown')}
            </p>
          )}
          {'wg_ss' in p && (
            <>
              <h3>{t('person.wg_ss')}</h3>
              <dl class="facts">
                {WG_DOMAINS.map((d) => {
                  const a = p.wg_ss?.[d];
                  return (
                    <Fact key={d} show term={t(WG_DOMAIN[d])}>
                      {typeof a === 'number' ? label(WG_ANSWER, a, t) : t('wgss.not_asked')}
                    </Fact>
                  );
                })}
              </dl>
            </>
          )}
          {'specific_needs' in p && (
            <>
              <h3>{t('person.specific_needs')}</h3>
              {p.specific_needs && p.specific_needs.length > 0 ? (
                <ul class="plain">
                  {p.specific_needs.map((n) => (
                    <li key={n}>{label(SPECIFIC_NEED, n, t)}</li>
                  ))}
                </ul>
              ) : (
                <p class="empty">{t('person.no_specific_needs')}</p>
              )}
            </>
          )}
        </section>
      )}

      <section aria-labelledby="consents-title">
        <h2 id="consents-title">{t('consent.title')}</h2>
        {consentError && <Notice kind={consentError === t('consent.not_for_role') ? 'info' : 'error'}>{consentError}</Notice>}
        {!consents && !consentError && <Loading label={t('common.loading')} />}
        {consents && <ConsentSummary consents={consents} orgs={orgs} t={t} />}
        {live && may.consent && (
          <p>
            <Link href={'/persons/' + pid + '/consents/new'}>{t('consent.record')}</Link>
          </p>
        )}
      </section>

      {has('notes') && (
        <section aria-labelledby="notes-title">
          <h2 id="notes-title">{t('person.notes')}</h2>
          <p class="notes">
            <bdi>{p.notes}</bdi>
          </p>
        </section>
      )}

      <section aria-labelledby="activity-title">
        <h2 id="activity-title">{t('person.section_activity')}</h2>
        <PersonActivities personId={p.id} />
      </section>

      {seesCases(me) && <PersonCases personId={p.id} mayOpen={live && hasRole(me, 'manager', 'supervisor', 'counsellor')} />}
      {seesReferrals(me) && (
        <section aria-labelledby="referrals-title">
          <h2 id="referrals-title">{t('person_referrals.title')}</h2>
          <PersonReferrals personId={p.id} mayRefer={live && may.register} />
        </section>
      )}

      {live && may.manage && (
        <section class="danger-zone" aria-labelledby="manage-title">
          <h2 id="manage-title">{t('person.section_manage')}</h2>
          <div class="actions">
            <Link class="btn" href={'/persons/' + pid + '/merge'}>
              {t('merge.open')}
            </Link>
            <Link class="btn btn-danger-outline" href={'/persons/' + pid + '/erase'}>
              {t('erase.open')}
            </Link>
          </div>
        </section>
      )}
    </section>
  );
}

function Fact({ show, term, children }: { show: boolean; term: string; children: ComponentChildren }) {
  if (!show) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function purposeText(c: { purpose: string; partner_org_id?: string | null }, orgs: Names, t: TFunc): string {
  const base = label(PURPOSE, c.purpose, t);
  return c.partner_org_id ? base + ' — ' + (orgs[c.partner_org_id] || c.partner_org_id) : base;
}

const PURPOSE_ORDER = Object.keys(PURPOSE);
function sortedByPurpose(list: CurrentConsent[]): CurrentConsent[] {
  const rank = (p: string) => (PURPOSE_ORDER.includes(p) ? PURPOSE_ORDER.indexOf(p) : PURPOSE_ORDER.length);
  return [...list].sort((a, b) => rank(a.purpose) - rank(b.purpose));
}

function ConsentSummary({ consents, orgs, t }: { consents: Consents; orgs: Names; t: TFunc }) {
  return (
    <>
      <h3>{t('consent.current')}</h3>
      {consents.current.length === 0 ? (
        <p class="empty">{t('consent.none')}</p>
      ) : (
        <ul class="consents" aria-label={t('consent.current')}>
          {sortedByPurpose(consents.current).map((c: CurrentConsent) => (
            <li key={c.purpose + ':' + (c.partner_org_id || '')} class={c.in_force ? 'in-force' : 'not-in-force'}>
              <span class="consent-purpose">{purposeText(c, orgs, t)}</span>
              <span class={'badge ' + (c.in_force ? 'badge-ok' : 'badge-no')}>
                {c.in_force ? t('consent.in_force') : t('consent.not_in_force')}
              </span>
              <span class="record-secondary">
                {c.status ? label(CONSENT_STATUS, c.status, t) : ''}
                {c.date && (
                  <>
                    {' · '}
                    <span dir="ltr">{c.date}</span>
                  </>
                )}
                {!c.in_force && c.reason && (
                  <>
                    {' · '}
                    <bdi>{c.reason}</bdi>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {consents.items.length > 0 && (
        <>
          <h3>{t('consent.history')}</h3>
          <ol class="timeline">
            {consents.items.map((c: Consent) => (
              <ConsentEntry key={c.id} c={c} orgs={orgs} t={t} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

// One consent record in a history: date, purpose, answer, and how it was given. Each part is
// isolated so that names and versions in Latin script keep their order in Arabic.
export function ConsentEntry({ c, orgs, t }: { c: Consent; orgs: Names; t: TFunc }) {
  const details = [
    c.method ? label(METHOD, c.method, t) : '',
    c.guardian_name ? t('consent.guardian_is', { name: c.guardian_name }) : '',
    c.text_version ? t('consent.text_version_is', { version: c.text_version }) : '',
    c.expires_on ? t('consent.expires_is', { date: c.expires_on }) : '',
    c.recorded_by_name ? t('consent.recorded_by_is', { name: c.recorded_by_name }) : '',
  ].filter(Boolean);
  return (
    <li>
      <span dir="ltr" class="timeline-date">
        {c.date}
      </span>{' '}
      <strong>{purposeText(c, orgs, t)}</strong>: {label(CONSENT_STATUS, c.status, t)}
      <span class="record-secondary">
        {details.map((d, i) => (
          <Fragment key={i}>
            {i > 0 && ' · '}
            <bdi>{d}</bdi>
          </Fragment>
        ))}
      </span>
    </li>
  );
}
