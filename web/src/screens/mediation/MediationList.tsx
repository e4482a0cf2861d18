// The mediation register of the programme in view, newest first: filtered by status, dispute type
// and "those I mediate" (kept in the address, so Back returns to them), page by page. Counsellors
// and facilitators see the cases they mediate; those who may open one find the button here.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { Notice } from '../../components/Notice';
import { Select } from '../../components/Field';
import { useTitle } from '../../components/useTitle';
import { PagedResults, usePagedList } from '../../components/usePagedList';
import { unbroken } from '../activities/model';
import {
  DISPUTE_TYPE,
  MEDIATION_STATUS,
  fetchOptions,
  mayOpen,
  mediationPath,
  partiesText,
  stateText,
  typeText,
  type DisputeTypeRow,
  type Mediation,
} from './model';

const PAGE = 25;

export function MediationList() {
  const { t } = useT();
  const { me, programmeId } = useSession();
  const { search } = useLocation();
  const status = search.get('status') || '';
  const type = search.get('dispute_type') || '';
  const mine = search.get('mine') === '1';
  const list = usePagedList<Mediation>();
  const [types, setTypes] = useState<DisputeTypeRow[]>([]);
  const [flash] = useState(takeFlash);
  // Managers, supervisors and M&E officers see the whole register; the others see only their own.
  const seesAll = !!me && me.roles.some((r) => r === 'manager' || r === 'supervisor' || r === 'me_officer');

  useTitle(t('mediations.title'));

  useEffect(() => {
    fetchOptions(programmeId).then((o) => setTypes(o.dispute_types), () => {});
  }, [programmeId]);
  useEffect(() => {
    const params = {
      programme_id: programmeId,
      status,
      dispute_type: type,
      mediator_id: mine && me ? me.id : undefined,
      limit: PAGE,
    };
    void list.start(async (cursor) => (await api.get<Page<Mediation>>('/mediations' + query({ ...params, cursor }))).data);
  }, [programmeId, status, type, mine]);

  // The filters as being chosen; applied (into the address) with the button.
  const [form, setForm] = useState({ status, type, mine });
  useEffect(() => setForm({ status, type, mine }), [status, type, mine]);
  const apply = (e: Event) => {
    e.preventDefault();
    const next = '/mediations' + query({ status: form.status, dispute_type: form.type, mine: form.mine ? '1' : '' });
    if (next === location.pathname + location.search) void list.reload();
    else navigate(next);
  };

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('mediations.title')}</h1>
        {mayOpen(me) && (
          <div class="actions">
            <Link class="btn btn-primary" href="/mediations/new">
              {t('mediations.new')}
            </Link>
          </div>
        )}
      </div>
      <p class="hint">{seesAll ? t('mediations.intro') : t('mediations.intro_own')}</p>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <form class="mediation-filters" aria-label={t('mediations.filters')} onSubmit={apply}>
        <div class="filter-grid">
          <Select
            id="mediation-status"
            label={t('mediation.status')}
            value={form.status}
            none={t('mediations.any_status')}
            choices={Object.keys(MEDIATION_STATUS).map((s) => ({ value: s, label: t(MEDIATION_STATUS[s]) }))}
            onChange={(v) => setForm((f) => ({ ...f, status: v }))}
          />
          <Select
            id="mediation-type"
            label={t('mediation.dispute_type')}
            value={form.type}
            none={t('mediations.any_type')}
            choices={(types.length ? types.map((d) => d.code) : Object.keys(DISPUTE_TYPE)).map((c) => ({
              value: c,
              label: typeText(c, types.find((d) => d.code === c)?.label, t),
            }))}
            onChange={(v) => setForm((f) => ({ ...f, type: v }))}
          />
        </div>
        {seesAll && mayOpen(me) && (
          <label class="check" for="mediation-mine">
            <input id="mediation-mine" type="checkbox" checked={form.mine} onChange={(e) => setForm((f) => ({ ...f, mine: e.currentTarget.checked }))} />
            <span>{t('mediations.mine')}</span>
          </label>
        )}
        <div class="actions">
          <button type="submit" class="btn">
            {t('mediations.apply_filters')}
          </button>
        </div>
      </form>
      <PagedResults list={list} empty={status || type || mine ? t('mediations.no_match') : t('mediations.empty')} label={t('mediations.results')}>
        {(m) => (
          <li key={m.id} class={m.active === false ? 'inactive' : undefined}>
            <Link href={mediationPath(m.id)} class="record-link">
              <span class="record-primary">
                <bdi>{partiesText(m, t)}</bdi>
              </span>
              <span class="record-secondary">
                {typeText(m.dispute_type, m.dispute_type_label, t)}
                {' · '}
                {t('mediation.opened', { date: unbroken(m.opened_on) })}
              </span>
              {m.follow_up_due && <span class="record-secondary">{t('mediation.follow_up_due', { date: unbroken(m.follow_up_on) })}</span>}
            </Link>
            <span class="badge">{stateText(m, t)}</span>
          </li>
        )}
      </PagedResults>
    </section>
  );
}
