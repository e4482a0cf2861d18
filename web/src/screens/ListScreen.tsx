import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page, type Rec } from '../api';
import { useT } from '../i18n';
import { Link } from '../router';
import type { Resource } from '../resources';
import { useSession } from '../session';
import { Notice } from '../components/Notice';
import { PagedResults, usePagedList } from '../components/usePagedList';
import { takeFlash } from '../flash';
import { useTitle } from '../components/useTitle';

const PAGE = 25;

export function ListScreen({ res }: { res: Resource }) {
  const { t } = useT();
  const { me } = useSession();
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState('');
  const [flash] = useState(takeFlash);
  const list = usePagedList<Rec>();
  useTitle(t(res.title));

  const load = (search: string) =>
    list.start(async (cursor) => (await api.get<Page<Rec>>('/' + res.name + query({ limit: PAGE, q: search, cursor }))).data);

  useEffect(() => {
    setQ('');
    setApplied('');
    void load('');
  }, [res.name]);

  const onSearch = (e: Event) => {
    e.preventDefault();
    setApplied(q.trim());
    void load(q.trim());
  };

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t(res.title)}</h1>
        {res.canCreate(me) && (
          <Link class="btn btn-primary" href={'/' + res.name + '/new'}>
            {t(res.newTitle)}
          </Link>
        )}
      </div>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <form class="search" role="search" onSubmit={onSearch}>
        <label for="search" class="visually-hidden">
          {t('list.search_label', { what: t(res.title) })}
        </label>
        <input
          id="search"
          type="search"
          name="q"
          value={q}
          placeholder={t('list.search_placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit" class="btn">
          {t('list.search')}
        </button>
      </form>
      <PagedResults list={list} empty={applied ? t('list.no_match', { q: applied }) : t(res.empty)}>
        {(r) => (
          <li key={r.id} class={r.active === false ? 'inactive' : undefined}>
            <Link href={'/' + res.name + '/' + r.id} class="record-link">
              <span class="record-primary">{res.primary(r)}</span>
              <span class="record-secondary">{res.secondary(r, t)}</span>
            </Link>
            {r.active === false && <span class="badge">{t('common.inactive')}</span>}
          </li>
        )}
      </PagedResults>
    </section>
  );
}
