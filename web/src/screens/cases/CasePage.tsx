// One case: its status with the moves the viewer may make, who is assigned and the follow-up, why
// the person came and the case plan (for those who may read them), the risk and the outcome
// instruments' scores over time, and a timeline of sessions, supervision notes and risk
// assessments, newest first. What a role may not see is simply absent: an M&E officer sees the
// status, dates and outcome scores, no notes and no risk.
import { useEffect, useState } from 'preact/hooks';
import { api, type Me, type Page } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { Link } from '../../router';
import { hasRole, useSession } from '../../session';
import { takeFlash } from '../../flash';
import { Loading, Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { PageHeading } from '../../components/PageHeading';
import {
  apiCase,
  casePath,
  fetchCase,
  flagReason,
  instrumentShort,
  loadInstruments,
  type Instrument,
  type OutcomeSeries,
  followUpState,
  GOAL_STATUS,
  label,
  mayChange,
  personName,
  REFERRAL_SOURCE,
  RISK_LEVEL,
  dayOf,
  STATUS,
  supervises,
  today,
  unlessForbidden,
  remember,
  type Case,
  type CaseSession,
  type RiskAssessment,
  type RiskFlag,
  type Supervision,
} from './model';
import { StatusPanel } from './StatusPanel';
import { Timeline } from './Timeline';
import { RiskChart } from './RiskChart';
import { OutcomeChart } from './OutcomeChart';

export interface CaseRecords {
  sessions: CaseSession[];
  supervision: Supervision[];
  // null: the viewer's role may not read risk (an M&E officer).
  risk: RiskAssessment[] | null;
  flags: RiskFlag[];
  // Each instrument's scores over time; null: the viewer's role may not read them.
  outcomes: OutcomeSeries[] | null;
  // The definitions (for the bands' labels); empty when they could not be read.
  instruments: Instrument[];
}

// Where "back" goes from a case: the counsellor's caseload, the supervisor's queue, or the list.
export function backOf(me: Me | undefined, t: TFunc): { href: string; text: string } {
  if (hasRole(me, 'counsellor')) return { href: '/cases/mine', text: t('caseload.back') };
  if (hasRole(me, 'supervisor') && !hasRole(me, 'manager')) return { href: '/cases/queue', text: t('queue.back') };
  return { href: '/cases', text: t('cases.back') };
}

export function CasePage({ id }: { id: string }) {
  const { t } = useT();
  const { me, programmes } = useSession();
  const [flash] = useState(takeFlash);
  const [c, setCase] = useState<Case | null>(null);
  const [etag, setEtag] = useState('');
  const [records, setRecords] = useState<CaseRecords | null>(null);

  const loader = useLoad(async () => {
    const got = await fetchCase(id, true);
    setCase(got.c);
    setEtag(got.etag);
    document.title = personName(got.c.person, t) + ' · ' + t('app.name');
    const base = apiCase(id);
    const [sessions, supervision, risk, flags, outcomes, instruments] = await Promise.all([
      unlessForbidden(api.get<{ items: CaseSession[] }>(base + '/sessions')),
      unlessForbidden(api.get<{ items: Supervision[] }>(base + '/supervision')),
      unlessForbidden(api.get<{ items: RiskAssessment[] }>(base + '/risk-assessments')),
      unlessForbidden(api.get<Page<RiskFlag>>('/risk-flags?limit=200&case_id=' + encodeURIComponent(id))),
      unlessForbidden(api.get<{ instruments: OutcomeSeries[] }>(base + '/outcomes')),
      loadInstruments(got.c.programme_id).catch(() => [] as Instrument[]),
    ]);
    setRecords({
      sessions: sessions?.data.items || [],
      supervision: supervision?.data.items || [],
      risk: risk ? risk.data.items : null,
      flags: flags?.data.items || [],
      outcomes: outcomes ? outcomes.data.instruments : null,
      instruments,
    });
  });

  useEffect(() => {
    void loader.load();
  }, [id]);

  const back = backOf(me, t);
  if (!c) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={back.href} backText={back.text} title={t('case.title')} />
        <LoadState {...loader} />
      </section>
    );
  }

  const changed = (next: Case, nextTag: string) => {
    remember(next, nextTag);
    setCase(next);
    setEtag(nextTag);
  };

  const may = mayChange(me, c);
  const supervisor = supervises(me, c);
  const open = c.status !== 'closed' && c.active !== false;
  const programme = programmes.find((p) => p.id === c.programme_id);
  const due = followUpState(c, today());
  const openFlags = (records?.flags || []).filter((f) => f.status === 'open');
  const path = casePath(c.id);

  return (
    <section aria-labelledby="page-title" class="cs-case">
      <PageHeading back={back.href} backText={back.text} title={<bdi>{personName(c.person, t)}</bdi>}>
        {t('case.subtitle', { status: label(STATUS, c.status, t) })}
        {programme && (
          <>
            {' · '}
            <bdi>{String(programme.name)}</bdi>
          </>
        )}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      {openFlags.length > 0 && (
        <div class="warning" role="status">
          {openFlags.map((f) => (
            <p key={f.id}>
              <strong>{t('case.flag_open', { reason: flagReason(f.reason, t), level: f.instrument ? instrumentShort(f.instrument) : label(RISK_LEVEL, f.level, t) })}</strong>{' '}
              {f.overdue ? t('case.flag_overdue', { when: dayOf(f.due_ms) }) : t('case.flag_waiting', { when: dayOf(f.due_ms) })}
            </p>
          ))}
        </div>
      )}
      {may && open && (
        <p class="actions page-actions">
          <Link class="btn btn-primary" href={path + '/sessions/new'}>
            {t('case_session.record')}
          </Link>
          <Link class="btn" href={path + '/risk/new'}>
            {t('case_risk.record')}
          </Link>
          {supervisor && (
            <Link class="btn" href={path + '/supervision/new'}>
              {t('case_supervision.write')}
            </Link>
          )}
        </p>
      )}

      <section aria-labelledby="status-title">
        <h2 id="status-title">{t('case.section_status')}</h2>
        <StatusPanel c={c} etag={etag} me={me} onChanged={changed} />
      </section>

      <section aria-labelledby="assignment-title">
        <h2 id="assignment-title">{t('case.section_assignment')}</h2>
        <dl class="facts">
          <dt>{t('case.person')}</dt>
          <dd>
            <Link href={'/persons/' + encodeURIComponent(c.person_id)}>
              <bdi>{personName(c.person, t)}</bdi>
            </Link>
          </dd>
          <dt>{t('case.counsellor')}</dt>
          <dd>
            <bdi>{c.counsellor_name || '—'}</bdi>
          </dd>
          <dt>{t('case.supervisor')}</dt>
          <dd>
            <bdi>{c.supervisor_name || '—'}</bdi>
          </dd>
          {c.referral_source && (
            <>
              <dt>{t('case.referral_source')}</dt>
              <dd>{label(REFERRAL_SOURCE, c.referral_source, t)}</dd>
            </>
          )}
          <dt>{t('case.next_follow_up')}</dt>
          <dd class={due ? 'cs-alert' : undefined}>
            {c.next_follow_up ? <span dir="ltr">{c.next_follow_up}</span> : t('caseload.no_follow_up')}
            {due === 'overdue' && <> {t('case.overdue_mark')}</>}
            {due === 'today' && <> {t('case.today_mark')}</>}
          </dd>
          {c.last_session_on && (
            <>
              <dt>{t('case.last_session_on')}</dt>
              <dd>
            <span dir="ltr" class="cs-date">{c.last_session_on}</span>
          </dd>
            </>
          )}
        </dl>
        {may && (
          <p>
            <Link href={path + '/edit'}>{supervisor ? t('case.edit_details_assign') : t('case.edit_details')}</Link>
          </p>
        )}
      </section>

      {c.notes_visible && (
        <>
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">{t('case.summary')}</h2>
            {c.summary ? (
              <p class="notes">
                <bdi>{c.summary}</bdi>
              </p>
            ) : (
              <p class="empty">{t('case.no_summary')}</p>
            )}
            {c.reopen_reason && (
              <p>
                <strong>{t('case.reopen_reason')}:</strong> <bdi>{c.reopen_reason}</bdi>
              </p>
            )}
          </section>
          <section aria-labelledby="plan-title">
            <h2 id="plan-title">{t('case_plan.title')}</h2>
            {c.plan?.goals && c.plan.goals.length > 0 ? (
              <ul class="cs-goals" aria-labelledby="plan-title">
                {c.plan.goals.map((g, i) => (
                  <li key={i}>
                    <bdi>{g.text}</bdi> <span class={'badge' + (g.status === 'achieved' ? ' badge-ok' : '')}>{label(GOAL_STATUS, g.status || 'open', t)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="empty">{t('case_plan.none')}</p>
            )}
            {may && (
              <p>
                <Link href={path + '/plan'}>{t('case_plan.edit')}</Link>
              </p>
            )}
          </section>
        </>
      )}
      {!c.notes_visible && <p class="hint">{t('case.notes_hidden')}</p>}

      {/* The case's referrals get a section of their own after this one. */}
      {records && ((records.risk && records.risk.length > 0) || records.outcomes) && (
        <section aria-labelledby="assessments-title">
          <h2 id="assessments-title">{t('case.section_assessments')}</h2>
          {records.risk && records.risk.length > 0 && <RiskChart items={records.risk} />}
          {records.outcomes && records.outcomes.length > 0
            ? records.outcomes.map((o) => <OutcomeChart key={o.instrument} o={o} instrument={records.instruments.find((i) => i.code === o.instrument)} />)
            : records.outcomes && <p class="empty">{t('case_outcome.none')}</p>}
          {may && open && (
            <p>
              <Link href={path + '/assessments/new'}>{t('case_outcome.record')}</Link>
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.section_timeline')}</h2>
        {records ? <Timeline c={c} records={records} /> : loader.loading ? <Loading label={t('common.loading')} /> : <LoadState {...loader} />}
      </section>
    </section>
  );
}
