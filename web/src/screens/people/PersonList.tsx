import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { describe } from '../../errors';
import { Select } from '../../components/Field';
import { FilterSearch, useUrlFilters } from '../../components/FilterSearch';
import { useTitle } from '../../components/useTitle';
import { PagedResults, usePagedList } from '../../components/usePagedList';
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

export function PersonList() {
  const { t } = useT();
  const { me } = useSession();
  const may = accessOf(me);
  const list = usePagedList<Person>();
  const filters = useUrlFilters('/persons', FILTERS, list.reload);
  const { applied, form, set, active } = filters;
  useTitle(t('people.title'));
  const [options, setOptions] = useState<Options | null>(null);
  const [sites, setSites] = useState<{ value: string; label: string }[]>([]);

  useEffect(() => {
    loadOptions().then(setOptions, () => setOptions(null));
    loadSites().then(setSites, () => setSites([]));
  }, []);

  useEffect(() => {
    void list.start(
      async (cursor) => (await api.get<Page<Person>>('/persons' + query({ ...applied, limit: PAGE, cursor }))).data,
      // An M&E officer who types a name: the server allows codes only.
      (e, t) => (e instanceof ApiError && e.status === 403 && !may.names && applied.q !== '' ? t('people.code_only') : describe(e, t)),
    );
  }, [filters.key]);

  const select = (name: (typeof FILTERS)[number], text: string, choices: { value: string; label: string }[]) => (
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
      <FilterSearch
        filters={filters}
        id="person-q"
        label={may.names ? t('people.search_label') : t('people.search_code_label')}
        placeholder={may.names ? t('people.search_placeholder') : t('people.search_code_placeholder')}
        summary={active > 0 ? t('people.filters_on', { n: active }) : t('people.filters')}
        apply={t('people.apply_filters')}
        clear={t('people.clear_filters')}
      >
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
      </FilterSearch>
      <PagedResults list={list} empty={filters.filtered ? t('people.no_match') : t('people.empty')} label={t('people.results')}>
        {(p) => <PersonRow key={p.id} p={p} />}
      </PagedResults>
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
