// The cases the caller may list (a manager and an M&E officer: the organisation's), by status and
// programme, kept in the address; page by page. Lists never show what was said.
import { useEffect } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Select } from '../../components/Field';
import { useUrlFilters } from '../../components/FilterSearch';
import { PagedResults, usePagedList } from '../../components/usePagedList';
import { useTitle } from '../../components/useTitle';
import { casePath, choicesOf, label, mayOpenCases, personName, STATUS, unbroken, type Case } from './model';

const PAGE = 25;
const FILTERS = ['status', 'programme_id'] as const;

export function CaseList() {
  const { t } = useT();
  const { me, programmes } = useSession();
  const list = usePagedList<Case>();
  const filters = useUrlFilters('/cases', FILTERS, list.reload);
  const { applied, form, set } = filters;
  const title = t('cases.title');
  useTitle(title);

  useEffect(() => {
    const params = { status: applied.status, programme_id: applied.programme_id, limit: PAGE };
    void list.start(async (cursor) => (await api.get<Page<Case>>('/cases' + query({ ...params, cursor }))).data);
  }, [filters.key]);

  const statuses = [{ value: 'open', label: t('cases.any_open') }, ...choicesOf(Object.keys(STATUS), STATUS, t)];
  const programmeChoices = programmes.map((p) => ({ value: p.id, label: String(p.name) }));

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{title}</h1>
        {mayOpenCases(me) && (
          <div class="actions">
            <Link class="btn btn-primary" href="/cases/new">
              {t('cases.open')}
            </Link>
          </div>
        )}
      </div>
      <form class="cs-filters" role="search" aria-label={t('cases.filters')} onSubmit={filters.onSubmit}>
        <div class="filter-grid">
          <Select id="filter-status" label={t('case.status')} value={form.status} choices={statuses} none={t('cases.any')} onChange={(v) => set('status', v)} />
          {programmeChoices.length > 1 && (
            <Select
              id="filter-programme"
              label={t('case.programme')}
              value={form.programme_id}
              choices={programmeChoices}
              none={t('cases.any')}
              onChange={(v) => set('programme_id', v)}
            />
          )}
        </div>
        <div class="actions">
          <button type="submit" class="btn">
            {t('cases.apply_filters')}
          </button>
          {filters.active > 0 && (
            <button type="button" class="btn btn-link" onClick={filters.clear}>
              {t('cases.clear_filters')}
            </button>
          )}
        </div>
      </form>
      <PagedResults list={list} empty={filters.active > 0 ? t('cases.no_match') : t('cases.empty')} label={t('cases.results')}>
        {(c) => <CaseRow key={c.id} c={c} t={t} />}
      </PagedResults>
    </section>
  );
}

function CaseRow({ c, t }: { c: Case; t: TFunc }) {
  return (
    <li>
      <Link href={casePath(c.id)} class="record-link">
        <span class="record-primary">
          <bdi>{personName(c.person, t)}</bdi>
        </span>
        <span class="record-secondary">
          {t('case.opened_on_is', { date: unbroken(c.opened_on) })}
          {c.counsellor_name && (
            <>
              {' · '}
              <bdi>{c.counsellor_name}</bdi>
            </>
          )}
        </span>
        {c.closed_on && <span class="record-secondary">{t('case.closed_on_is', { date: unbroken(c.closed_on) })}</span>}
      </Link>
      <span class="badge">{label(STATUS, c.status, t)}</span>
    </li>
  );
}
