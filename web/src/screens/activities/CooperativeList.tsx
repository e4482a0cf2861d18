// The cooperatives and livelihood groups of the programme in view, formed by vocational graduates:
// searched by name, page by page; managers record a new one.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { Notice } from '../../components/Notice';
import { useTitle } from '../../components/useTitle';
import { PagedResults, usePagedList } from '../../components/usePagedList';
import { label } from './model';
import { DateRange } from './parts';
import { COOPERATIVE_KIND, COOPERATIVE_STATUS, mayRecordCooperatives, type Cooperative } from './groups';

const PAGE = 25;

export function CooperativeList() {
  const { t } = useT();
  const { me, programmeId } = useSession();
  const { search } = useLocation();
  const applied = search.get('q') || '';
  const [q, setQ] = useState(applied);
  const list = usePagedList<Cooperative>();
  const [flash] = useState(takeFlash);

  useTitle(t('cooperatives.title'));

  useEffect(() => setQ(applied), [applied]);
  useEffect(() => {
    const params = { programme_id: programmeId, q: applied, limit: PAGE };
    void list.start(async (cursor) => (await api.get<Page<Cooperative>>('/cooperatives' + query({ ...params, cursor }))).data);
  }, [applied, programmeId]);

  const submit = (e: Event) => {
    e.preventDefault();
    const next = '/cooperatives' + query({ q: q.trim() });
    if (next === location.pathname + location.search) void list.reload();
    else navigate(next);
  };

  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <Link href="/activities">{t('form.back_to', { what: t('activities.title') })}</Link>
      </p>
      <div class="page-head">
        <h1 id="page-title">{t('cooperatives.title')}</h1>
        {mayRecordCooperatives(me) && (
          <div class="actions">
            <Link class="btn btn-primary" href="/cooperatives/new">
              {t('cooperatives.new')}
            </Link>
          </div>
        )}
      </div>
      <p class="hint">{t('cooperatives.intro')}</p>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <form class="search" role="search" onSubmit={submit}>
        <label for="cooperative-q" class="visually-hidden">
          {t('cooperatives.search_label')}
        </label>
        <input
          id="cooperative-q"
          type="search"
          value={q}
          autoComplete="off"
          placeholder={t('cooperatives.search_placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit" class="btn">
          {t('list.search')}
        </button>
      </form>
      <PagedResults list={list} empty={applied ? t('cooperatives.no_match') : t('cooperatives.empty')} label={t('cooperatives.results')}>
        {(c) => (
          <li key={c.id} class={c.status === 'dissolved' || c.active === false ? 'inactive' : undefined}>
            <Link href={'/cooperatives/' + encodeURIComponent(c.id)} class="record-link">
              <span class="record-primary">
                <bdi>{c.name}</bdi>
              </span>
              <span class="record-secondary">
                {label(COOPERATIVE_KIND, c.kind, t)}
                {c.activity && (
                  <>
                    {' · '}
                    <bdi>{c.activity}</bdi>
                  </>
                )}
              </span>
              <span class="record-secondary">
                {t('cooperative.members_n', { n: (c.members || []).length })}
                {c.start_date && (
                  <>
                    {' · '}
                    <DateRange start={c.start_date} end={c.dissolved_on} />
                  </>
                )}
              </span>
            </Link>
            <span class="badge">{label(COOPERATIVE_STATUS, c.status, t)}</span>
          </li>
        )}
      </PagedResults>
    </section>
  );
}
