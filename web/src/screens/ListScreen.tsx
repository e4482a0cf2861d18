import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query, type Page, type Rec } from '../api';
import { useT } from '../i18n';
import { Link } from '../router';
import type { Resource } from '../resources';
import { useSession } from '../session';
import { describe } from '../errors';
import { Loading, Notice } from '../components/Notice';
import { takeFlash } from '../flash';

const PAGE = 25;

export function ListScreen({ res }: { res: Resource }) {
  const { t } = useT();
  const { me } = useSession();
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState('');
  const [items, setItems] = useState<Rec[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [flash] = useState(takeFlash);
  const seq = useRef(0);

  const load = async (search: string, after: string | null) => {
    const mine = ++seq.current;
    setLoading(true);
    setError('');
    try {
      const { data } = await api.get<Page<Rec>>('/' + res.name + query({ limit: PAGE, q: search, cursor: after || undefined }));
      if (mine !== seq.current) return;
      setItems((old) => (after ? [...old, ...data.items] : data.items));
      setCursor(data.next_cursor);
    } catch (e) {
      if (mine === seq.current) setError(describe(e, t));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    document.title = t(res.title) + ' · ' + t('app.name');
    setItems([]);
    setQ('');
    setApplied('');
    void load('', null);
  }, [res.name]);

  const onSearch = (e: Event) => {
    e.preventDefault();
    setApplied(q.trim());
    setItems([]);
    void load(q.trim(), null);
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
      {error && (
        <Notice kind="error">
          {error}{' '}
          <button type="button" class="btn btn-link" onClick={() => load(applied, null)}>
            {t('common.retry')}
          </button>
        </Notice>
      )}
      {!loading && !error && items.length === 0 && (
        <p class="empty">{applied ? t('list.no_match', { q: applied }) : t(res.empty)}</p>
      )}
      {items.length > 0 && (
        <ul class="records" aria-busy={loading}>
          {items.map((r) => (
            <li key={r.id} class={r.active === false ? 'inactive' : undefined}>
              <Link href={'/' + res.name + '/' + r.id} class="record-link">
                <span class="record-primary">{res.primary(r)}</span>
                <span class="record-secondary">{res.secondary(r, t)}</span>
              </Link>
              {r.active === false && <span class="badge">{t('common.inactive')}</span>}
            </li>
          ))}
        </ul>
      )}
      {loading && <Loading label={t('common.loading')} />}
      {!loading && cursor && (
        <button type="button" class="btn more" onClick={() => load(applied, cursor)}>
          {t('list.more')}
        </button>
      )}
    </section>
  );
}
