// The counsellor's open cases, follow-ups due first (the server's order) and marked overdue, with
// each case's open risk flags; the way to open a case.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { Link } from '../../router';
import { takeFlash } from '../../flash';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { casePath, followUpState, label, personName, STATUS, unbroken, type Case, type Caseload as Load } from './model';

export function Caseload() {
  const { t } = useT();
  const [flash] = useState(takeFlash);
  const [load, setLoad] = useState<Load | null>(null);
  const title = t('caseload.title');
  useTitle(title);

  const loader = useLoad(async () => {
    setLoad((await api.get<Load>('/cases/my-caseload')).data);
  });
  useEffect(() => {
    void loader.load();
  }, []);

  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{title}</h1>
        <div class="actions">
          <Link class="btn btn-primary" href="/cases/new">
            {t('cases.open')}
          </Link>
        </div>
      </div>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <LoadState {...loader} />
      {load && !loader.loading && (
        <>
          <p class="cs-counts">
            <span>{t('caseload.open_n', { n: load.items.length })}</span>
            <span class={load.due > 0 ? 'cs-alert' : undefined}>{t('caseload.due_n', { n: load.due })}</span>
          </p>
          {load.items.length === 0 ? (
            <p class="empty">{t('caseload.empty')}</p>
          ) : (
            <ul class="records cs-rows" aria-label={t('caseload.list_label')}>
              {load.items.map((c) => (
                <CaseRow key={c.id} c={c} today={load.today} t={t} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function CaseRow({ c, today, t }: { c: Case; today: string; t: TFunc }) {
  const due = followUpState(c, today);
  const flags = c.open_flags || 0;
  return (
    <li class={due ? 'cs-due' : undefined}>
      <Link href={casePath(c.id)} class="record-link">
        <span class="record-primary">
          <bdi>{personName(c.person, t)}</bdi>
        </span>
        <span class="record-secondary">
          {label(STATUS, c.status, t)}
          {c.last_session_on && <> · {t('caseload.last_session', { date: unbroken(c.last_session_on) })}</>}
        </span>
        <FollowUp c={c} due={due} t={t} />
      </Link>
      <span class="cs-badges">
        {due === 'overdue' && <span class="badge badge-no">{t('caseload.overdue')}</span>}
        {due === 'today' && <span class="badge badge-no">{t('caseload.due_today')}</span>}
        {flags > 0 && <span class="badge badge-no">{t('caseload.flags_n', { n: flags })}</span>}
      </span>
    </li>
  );
}

// "Follow-up was due on …" / "Follow-up today" / "Next follow-up …" / "No follow-up planned".
export function FollowUp({ c, due, t }: { c: Case; due: 'overdue' | 'today' | ''; t: TFunc }) {
  const date = unbroken(c.next_follow_up);
  const text = !c.next_follow_up
    ? t('caseload.no_follow_up')
    : due === 'overdue'
      ? t('caseload.follow_up_overdue', { date })
      : due === 'today'
        ? t('caseload.follow_up_today', { date })
        : t('caseload.follow_up_next', { date });
  return <span class={'record-secondary' + (due ? ' cs-alert' : '')}>{text}</span>;
}
