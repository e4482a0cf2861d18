import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { describe } from '../../errors';
import { Select } from '../../components/Field';
import { Loading, Notice } from '../../components/Notice';
import {
  accessOf,
  ageText,
  choicesOf,
  fullName,
  label,
  loadOptions,
  loadSites,
  POPULATION_GROUP,
  SEX,
  STATUS,
  type Options,
  type Person,
} from './model';

const PAGE = 25;
const FILTERS = ['site_id', 'population_group', 'sex', 'status', 'age_min', 'age_max'] as const;
type Filters = Record<'q' | (typeof FILTERS)[number], string>;

function fromUrl(search: URLSearchParams): Filters {
  const f = { q: search.get('q') || '' } as Filters;
  for (const name of FILTERS) f[name] = search.get(name) || '';
  return f;
}

export function PersonList() {
  const { t } = useT();
  const { me } = useSession();
  const may = accessOf(me);
  const { search } = useLocation();
  const key = search.toString();
  const applied = fromUrl(search);
  const [form, setForm] = useState<Filters>(applied);
  const [items, setItems] = useState<Person[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [options, setOptions] = useState<Options | null>(null);
  const [sites, setSites] = useState<{ value: string; label: string }[]>([]);
  const seq = useRef(0);

  const load = async (after: string | null) => {
    const mine = ++seq.current;
    setLoading(true);
    setError('');
    try {
      const { data } = await api.get<Page<Person>>('/persons' + query({ ...applied, limit: PAGE, cursor: after || undefined }));
      if (mine !== seq.current) return;
      setItems((old) => (after ? [...old, ...data.items] : data.items));
      setCursor(data.next_cursor);
    } catch (e) {
      // An M&E officer who types a name: the server allows codes only.
      const codeOnly = e instanceof ApiError && e.status === 403 && !may.names && applied.q !== '';
      if (mine === seq.current) setError(codeOnly ? t('people.code_only') : describe(e, t));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    document.title = t('people.title') + ' · ' + t('app.name');
    loadOptions().then(setOptions, () => setOptions(null));
    loadSites().then(setSites, () => setSites([]));
  }, []);

  useEffect(() => {
    setForm(fromUrl(search));
    setItems([]);
    void load(null);
  }, [key]);

  const set = (name: keyof Filters, value: string) => setForm((old) => ({ ...old, [name]: value }));

  const apply = (f: Filters) => {
    const next = '/persons' + query({ ...f, q: f.q.trim() });
    if (next === location.pathname + location.search) void load(null);
    else navigate(next);
  };
  const onSubmit = (e: Event) => {
    e.preventDefault();
    apply(form);
  };
  const clearFilters = () => {
    const f = { ...form };
    for (const name of FILTERS) f[name] = '';
    apply(f);
  };

  const active = FILTERS.filter((n) => applied[n]).length;
  const filtered = active > 0 || applied.q !== '';
  const select = (name: keyof Filters, text: string, choices: { value: string; label: string }[]) => (
    <Select id={'filter-' + name} label={text} value={form[name]} choices={choices} none={t('people.any')} onChange={(v) => set(name, v)} />
  );

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('people.title')}</h1>
        <div class="actions">
          {may.manage && (
            <Link class="btn" href="/persons/import">
              {t('people.import')}
            </Link>
          )}
          {may.register && (
            <Link class="btn btn-primary" href="/persons/new">
              {t('people.register')}
            </Link>
          )}
        </div>
      </div>
      <form class="person-search" role="search" onSubmit={onSubmit}>
        <div class="search">
          <label for="person-q" class="visually-hidden">
            {may.names ? t('people.search_label') : t('people.search_code_label')}
          </label>
          <input
            id="person-q"
            type="search"
            name="q"
            value={form.q}
            autoComplete="off"
            placeholder={may.names ? t('people.search_placeholder') : t('people.search_code_placeholder')}
            onInput={(e) => set('q', e.currentTarget.value)}
          />
          <button type="submit" class="btn">
            {t('list.search')}
          </button>
        </div>
        <details class="filters" open={active > 0}>
          <summary>{active > 0 ? t('people.filters_on', { n: active }) : t('people.filters')}</summary>
          <div class="filter-grid">
            {select('site_id', t('person.site'), sites)}
            {select('population_group', t('person.population_group'), choicesOf(options?.population_groups || Object.keys(POPULATION_GROUP), POPULATION_GROUP, t))}
            {select('sex', t('person.sex'), choicesOf(Object.keys(SEX), SEX, t))}
            {select('status', t('person.status'), choicesOf(options?.statuses || Object.keys(STATUS), STATUS, t))}
            <div class="field">
              <label for="filter-age_min">{t('people.age_min')}</label>
              <input id="filter-age_min" type="number" inputMode="numeric" min={0} max={120} step={1} dir="ltr" value={form.age_min} onInput={(e) => set('age_min', e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="filter-age_max">{t('people.age_max')}</label>
              <input id="filter-age_max" type="number" inputMode="numeric" min={0} max={120} step={1} dir="ltr" value={form.age_max} onInput={(e) => set('age_max', e.currentTarget.value)} />
            </div>
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              {t('people.apply_filters')}
            </button>
            {active > 0 && (
              <button type="button" class="btn" onClick={clearFilters}>
                {t('people.clear_filters')}
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
        <p class="empty">{filtered ? t('people.no_match') : t('people.empty')}</p>
      )}
      {items.length > 0 && (
        <ul class="records" aria-busy={loading} aria-label={t('people.results')}>
          {items.map((p) => (
            <PersonRow key={p.id} p={p} />
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

function PersonRow({ p }: { p: Person }) {
  const { t } = useT();
  const name = fullName(p);
  const facts = [name ? p.code : '', label(SEX, p.sex, t), ageText(p, t), label(POPULATION_GROUP, p.population_group, t)].filter(Boolean);
  const inactive = p.status && p.status !== 'active';
  return (
    <li class={inactive ? 'inactive' : undefined}>
      <Link href={'/persons/' + encodeURIComponent(p.id)} class="record-link">
        <span class="record-primary">
          <bdi>{name || p.code}</bdi>
        </span>
        <span class="record-secondary">{facts.join(' · ')}</span>
      </Link>
      {inactive && <span class="badge">{label(STATUS, p.status, t)}</span>}
    </li>
  );
}
