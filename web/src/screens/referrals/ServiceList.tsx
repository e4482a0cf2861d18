// The organisation's directory of services people are referred to: searched by name, filtered by
// category and by whether it is still in use, page by page. Everyone of the organisation reads it;
// admins and managers add and change entries.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { Select } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useTitle } from '../../components/useTitle';
import { PagedResults, usePagedList } from '../../components/usePagedList';
import { categoryChoices, CATEGORY, label, mayKeepDirectory, seesReferrals, servicePath, type Service } from './model';

const PAGE = 25;

export function ServiceList() {
  const { t } = useT();
  const { me } = useSession();
  const { search } = useLocation();
  const applied = search.get('q') || '';
  const category = search.get('category') || '';
  const active = search.get('active') ?? 'true';
  const [q, setQ] = useState(applied);
  const [categories, setCategories] = useState<{ value: string; label: string }[]>([]);
  const list = usePagedList<Service>();
  const [flash] = useState(takeFlash);

  useTitle(t('services.title'));

  useEffect(() => setQ(applied), [applied]);
  useEffect(() => {
    categoryChoices(t).then(setCategories, () => {});
  }, []);
  useEffect(() => {
    const params = { q: applied, category, active: active === 'all' ? '' : active, limit: PAGE };
    void list.start(async (cursor) => (await api.get<Page<Service>>('/services' + query({ ...params, cursor }))).data);
  }, [applied, category, active]);

  const go = (changes: Record<string, string>) => {
    const next = '/services' + query({ q: applied, category, active: active === 'true' ? '' : active, ...changes });
    if (next === location.pathname + location.search) void list.reload();
    else navigate(next);
  };

  return (
    <section aria-labelledby="page-title">
      {seesReferrals(me) && (
        <p class="crumbs">
          <Link href="/referrals">{t('form.back_to', { what: t('referrals.title') })}</Link>
        </p>
      )}
      <div class="page-head">
        <h1 id="page-title">{t('services.title')}</h1>
        {mayKeepDirectory(me) && (
          <div class="actions">
            <Link class="btn btn-primary" href="/services/new">
              {t('services.new')}
            </Link>
          </div>
        )}
      </div>
      <p class="hint">{t('services.intro')}</p>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: q.trim() });
        }}
      >
        <label for="service-q" class="visually-hidden">
          {t('services.search_label')}
        </label>
        <input id="service-q" type="search" value={q} autoComplete="off" placeholder={t('services.search_placeholder')} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" class="btn">
          {t('list.search')}
        </button>
      </form>
      <div class="filter-grid">
        <Select id="service-category" label={t('service.category')} value={category} none={t('services.any_category')} choices={categories} onChange={(v) => go({ category: v })} />
        <Select
          id="service-active"
          label={t('services.in_use')}
          value={active}
          choices={[
            { value: 'true', label: t('services.in_use_yes') },
            { value: 'false', label: t('services.in_use_no') },
            { value: 'all', label: t('services.in_use_all') },
          ]}
          onChange={(v) => go({ active: v === 'true' ? '' : v })}
        />
      </div>
      <PagedResults list={list} empty={applied || category ? t('services.no_match') : t('services.empty')} label={t('services.results')}>
        {(s) => (
          <li key={s.id} class={s.active === false ? 'inactive' : undefined}>
            <Link href={servicePath(s.id)} class="record-link">
              <span class="record-primary">
                <bdi>{s.name}</bdi>
              </span>
              <span class="record-secondary">
                <bdi>{[s.provider, label(CATEGORY, s.category, t)].filter(Boolean).join(' · ')}</bdi>
              </span>
              {s.location && (
                <span class="record-secondary">
                  <bdi>{s.location}</bdi>
                </span>
              )}
            </Link>
            {s.active === false && <span class="badge">{t('services.not_in_use')}</span>}
          </li>
        )}
      </PagedResults>
    </section>
  );
}
