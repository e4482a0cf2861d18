// The activities of the programme in view: by stream and status, searched by title, page by page.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { describe } from '../../errors';
import { takeFlash } from '../../flash';
import { Select } from '../../components/Field';
import { Loading, Notice } from '../../components/Notice';
import { choicesOf, label, mayPlan, STATUS, STREAM, type Activity } from './model';
import { DateRange } from './parts';

const PAGE = 25;
const FILTERS = ['stream', 'status'] as const;
type Filters = Record<'q' | (typeof FILTERS)[number], string>;

function fromUrl(search: URLSearchParams): Filters {
  return { q: search.get('q') || '', stream: search.get('stream') || '', status: search.get('status') || '' };
}

export function ActivityList() {
  const { t } = useT();
  const { me, programmeId } = useSession();
  const { search } = useLocation();
  const key = search.toString();
  const applied = fromUrl(search);
  const [form, setForm] = useState<Filters>(applied);
  const [items, setItems] = useState<Activity[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [flash] = useState(takeFlash);
  const seq = useRef(0);

  const load = async (after: string | null) => {
    const mine = ++seq.current;
    setLoading(true);
    setError('');
    try {
      const params = { ...applied, programme_id: programmeId, limit: PAGE, cursor: after || undefined };
      const { data } = await api.get<Page<Activity>>('/activities' + query(params));
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
    document.title = t('activities.title') + ' · ' + t('app.name');
  }, []);

  // Again when the filters in the address change, or another programme is put in view.
  useEffect(() => {
    setForm(fromUrl(search));
    setItems([]);
    void load(null);
  }, [key, programmeId]);

  const set = (name: keyof Filters, value: string) => setForm((old) => ({ ...old, [name]: value }));

  const apply = (f: Filters) => {
    const next = '/activities' + query({ ...f, q: f.q.trim() });
    if (next === location.pathname + location.search) void load(null);
    else navigate(next);
  };
  const onSubmit = (e: Event) => {
    e.preventDefault();
    apply(form);
  };
  const clearFilters = () => apply({ ...form, stream: '', status: '' });

  const active = FILTERS.filter((n) => applied[n]).length;
  const filtered = active > 0 || applied.q !== '';

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('activities.title')}</h1>
        {mayPlan(me) && (
          <div class="actions">
            <Link class="btn btn-primary" href="/activities/new">
              {t('activities.plan')}
            </Link>
          </div>
        )}
      </div>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <form class="person-search" role="search" onSubmit={onSubmit}>
        <div class="search">
          <label for="activity-q" class="visually-hidden">
            {t('activities.search_label')}
          </label>
          <input
            id="activity-q"
            type="search"
            name="q"
            value={form.q}
            autoComplete="off"
            placeholder={t('activities.search_placeholder')}
            onInput={(e) => set('q', e.currentTarget.value)}
          />
          <button type="submit" class="btn">
            {t('list.search')}
          </button>
        </div>
        <details class="filters" open={active > 0}>
          <summary>{active > 0 ? t('activities.filters_on', { n: active }) : t('activities.filters')}</summary>
          <div class="filter-grid">
            <Select
              id="filter-stream"
              label={t('activity.stream')}
              value={form.stream}
              choices={choicesOf(Object.keys(STREAM), STREAM, t)}
              none={t('activities.any')}
              onChange={(v) => set('stream', v)}
            />
            <Select
              id="filter-status"
              label={t('activity.status')}
              value={form.status}
              choices={choicesOf(Object.keys(STATUS), STATUS, t)}
              none={t('activities.any')}
              onChange={(v) => set('status', v)}
            />
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              {t('activities.apply_filters')}
            </button>
            {active > 0 && (
              <button type="button" class="btn" onClick={clearFilters}>
                {t('activities.clear_filters')}
              </button>
            )}
          </div>
        </details>
      </form>
      {error && (
        <Notice kind="error">
          {error}{' '}
          <button type="button" class="btn btn-link" onClick={() => load(null)}>
            {t('common.retry')}
          </button>
        </Notice>
      )}
      {!loading && !error && items.length === 0 && (
        <p class="empty">{filtered ? t('activities.no_match') : t('activities.empty')}</p>
      )}
      {items.length > 0 && (
        <ul class="records" aria-busy={loading} aria-label={t('activities.results')}>
          {items.map((a) => (
            <ActivityRow key={a.id} a={a} />
          ))}
        </ul>
      )}
      {loading && <Loading label={t('common.loading')} />}
      {!loading && cursor && (
        <button type="button" class="btn more" onClick={() => load(cursor)}>
          {t('list.more')}
        </button>
      )}
    </section>
  );
}

function ActivityRow({ a }: { a: Activity }) {
  const { t } = useT();
  const off = a.status === 'cancelled' || a.active === false;
  return (
    <li class={off ? 'inactive' : undefined}>
      <Link href={'/activities/' + encodeURIComponent(a.id)} class="record-link">
        <span class="record-primary">
          <bdi>{a.title}</bdi>
        </span>
        <span class="record-secondary">
          {label(STREAM, a.stream, t)}
          {a.start_date && (
            <>
              {' · '}
              <DateRange start={a.start_date} end={a.end_date} />
            </>
          )}
        </span>
      </Link>
      <span class="badge">{label(STATUS, a.status, t)}</span>
    </li>
  );
}
