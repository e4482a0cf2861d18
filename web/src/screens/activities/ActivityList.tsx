// The activities of the programme in view: by stream and status, searched by title, page by page.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { Select } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { FilterSearch, useUrlFilters } from '../../components/FilterSearch';
import { useTitle } from '../../components/useTitle';
import { PagedResults, usePagedList } from '../../components/usePagedList';
import { choicesOf, label, mayPlan, STATUS, STREAM, type Activity } from './model';
import { DateRange } from './parts';

const PAGE = 25;
const FILTERS = ['stream', 'status'] as const;

export function ActivityList() {
  const { t } = useT();
  const { me, programmeId } = useSession();
  const list = usePagedList<Activity>();
  const filters = useUrlFilters('/activities', FILTERS, list.reload);
  const { applied, form, set, active } = filters;
  const [flash] = useState(takeFlash);

  useTitle(t('activities.title'));

  // Again when the filters in the address change, or another programme is put in view.
  useEffect(() => {
    const params = { ...applied, programme_id: programmeId, limit: PAGE };
    void list.start(async (cursor) => (await api.get<Page<Activity>>('/activities' + query({ ...params, cursor }))).data);
  }, [filters.key, programmeId]);

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('activities.title')}</h1>
        <div class="actions">
          {mayPlan(me) && (
            <Link class="btn btn-primary" href="/activities/new">
              {t('activities.plan')}
            </Link>
          )}
          <Link class="btn" href="/activities/calendar">
            {t('calendar.title')}
          </Link>
          <Link class="btn" href="/cooperatives">
            {t('cooperatives.title')}
          </Link>
        </div>
      </div>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <FilterSearch
        filters={filters}
        id="activity-q"
        label={t('activities.search_label')}
        placeholder={t('activities.search_placeholder')}
        summary={active > 0 ? t('activities.filters_on', { n: active }) : t('activities.filters')}
        apply={t('activities.apply_filters')}
        clear={t('activities.clear_filters')}
      >
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
      </FilterSearch>
      <PagedResults list={list} empty={filters.filtered ? t('activities.no_match') : t('activities.empty')} label={t('activities.results')}>
        {(a) => <ActivityRow key={a.id} a={a} />}
      </PagedResults>
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
