// The referral tracking board: the programme's referrals in a column per status (made, accepted,
// completed, declined, cancelled), newest first, each column paged on its own; filtered by
// programme and urgency, kept in the address so that Back returns to them. On a phone the columns
// stack.
import { useEffect } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { Select } from '../../components/Field';
import { useTitle } from '../../components/useTitle';
import { PagedResults, usePagedList } from '../../components/usePagedList';
import { label, mayRefer, referralPath, STATUS, STATUSES, URGENCIES, URGENCY, whereText, whoText, type Referral } from './model';

const PAGE = 10;

function Column({ status, programme, urgency }: { status: string; programme: string; urgency: string }) {
  const { t } = useT();
  const list = usePagedList<Referral>();
  useEffect(() => {
    const params = { programme_id: programme, status, urgency, limit: PAGE };
    void list.start(async (cursor) => (await api.get<Page<Referral>>('/referrals' + query({ ...params, cursor }))).data);
  }, [status, programme, urgency]);
  const title = label(STATUS, status, t);
  return (
    <section class={'rf-column rf-column-' + status} aria-labelledby={'rf-col-' + status}>
      <h2 id={'rf-col-' + status}>
        {title}
        {!list.loading && !list.error && (
          <span class="rf-count">{list.cursor ? t('referrals.count_more', { n: list.items.length }) : t('referrals.count', { n: list.items.length })}</span>
        )}
      </h2>
      <PagedResults list={list} empty={t('referrals.column_empty')} label={t('referrals.column_label', { status: title })}>
        {(r) => (
          <li key={r.id} class={'rf-card rf-urgency-' + r.urgency}>
            <Link href={referralPath(r.id)} class="record-link">
              <span class="record-primary">
                <bdi>{whoText(r.person, r.person_id, t)}</bdi>
              </span>
              <span class="record-secondary">
                {r.direction === 'incoming' ? '← ' : '→ '}
                <bdi>{whereText(r, t)}</bdi>
              </span>
              <span class="record-secondary">
                {t('referral.made_on_short')} <span dir="ltr">{r.made_on}</span>
                {r.follow_up_on && !['completed', 'declined', 'cancelled'].includes(r.status) && (
                  <>
                    {' · '}
                    {t('referral.follow_up_short')} <span dir="ltr">{r.follow_up_on}</span>
                  </>
                )}
              </span>
            </Link>
            {r.urgency !== 'routine' && <span class={'badge rf-badge-' + r.urgency}>{label(URGENCY, r.urgency, t)}</span>}
          </li>
        )}
      </PagedResults>
    </section>
  );
}

export function Board() {
  const { t } = useT();
  const { me, programmes, programmeId } = useSession();
  const { search } = useLocation();
  const programme = search.get('programme') || programmeId;
  const urgency = search.get('urgency') || '';

  useTitle(t('referrals.title'));

  const filter = (changes: Record<string, string>) => {
    const next = { programme: search.get('programme') || '', urgency, ...changes };
    navigate('/referrals' + query(next));
  };

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('referrals.title')}</h1>
        <div class="actions">
          {mayRefer(me) && (
            <Link class="btn btn-primary" href="/referrals/new">
              {t('referrals.new')}
            </Link>
          )}
          <Link class="btn" href="/services">
            {t('services.title')}
          </Link>
        </div>
      </div>
      <p class="hint">{t('referrals.intro')}</p>
      <div class="filter-grid rf-filters">
        {programmes.length > 1 && (
          <Select
            id="rf-filter-programme"
            label={t('referrals.filter_programme')}
            value={programme}
            choices={programmes.map((p) => ({ value: p.id, label: String(p.name) }))}
            onChange={(v) => filter({ programme: v })}
          />
        )}
        <Select
          id="rf-filter-urgency"
          label={t('referrals.filter_urgency')}
          value={urgency}
          none={t('referrals.any_urgency')}
          choices={URGENCIES.map((u) => ({ value: u, label: label(URGENCY, u, t) }))}
          onChange={(v) => filter({ urgency: v })}
        />
      </div>
      <div class="rf-board">
        {STATUSES.map((s) => (
          <Column key={s} status={s} programme={programme} urgency={urgency} />
        ))}
      </div>
    </section>
  );
}
