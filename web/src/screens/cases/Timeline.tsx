// A case's story, newest first: counselling sessions, supervision notes and risk assessments (with
// the flags they raised and whether the supervisor has acknowledged them), the opening and the
// closure. Notes and details appear only when the server gave them.
import type { ComponentChildren } from 'preact';
import { useT, type TFunc } from '../../i18n';
import {
  dayOf,
  flagReason,
  label,
  RISK_DOMAIN,
  RISK_DOMAINS,
  RISK_LEVEL,
  SESSION_TYPE,
  type Case,
  type CaseSession,
  type RiskAssessment,
  type RiskFlag,
  type Supervision,
} from './model';
import type { CaseRecords } from './CasePage';

type Entry =
  | { kind: 'session'; date: string; at: unknown; id: string; s: CaseSession }
  | { kind: 'supervision'; date: string; at: unknown; id: string; n: Supervision }
  | { kind: 'risk'; date: string; at: unknown; id: string; r: RiskAssessment }
  | { kind: 'opened' | 'closed'; date: string; at: unknown; id: string };

// Later first: by date, then by when it was written.
function newestFirst(a: Entry, b: Entry): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  const x = String(a.at ?? ''),
    y = String(b.at ?? '');
  if (typeof a.at === 'number' && typeof b.at === 'number') return b.at - a.at;
  return x < y ? 1 : x > y ? -1 : 0;
}

export function entriesOf(c: Case, records: CaseRecords): Entry[] {
  const entries: Entry[] = [
    ...records.sessions.map((s) => ({ kind: 'session' as const, date: s.date, at: s.created_at, id: s.id, s })),
    ...records.supervision.map((n) => ({ kind: 'supervision' as const, date: n.date, at: n.created_at, id: n.id, n })),
    ...(records.risk || []).map((r) => ({ kind: 'risk' as const, date: r.date, at: r.created_at, id: r.id, r })),
  ];
  if (c.opened_on) entries.push({ kind: 'opened', date: c.opened_on, at: '', id: 'opened' });
  if (c.status === 'closed' && c.closed_on) entries.push({ kind: 'closed', date: c.closed_on, at: '\uffff', id: 'closed' });
  return entries.sort(newestFirst);
}

export function Timeline({ c, records }: { c: Case; records: CaseRecords }) {
  const { t } = useT();
  // Who did it, where the case names them.
  const nameOf = (id: string | undefined) => (!id ? '' : id === c.counsellor_id ? c.counsellor_name || '' : id === c.supervisor_id ? c.supervisor_name || '' : '');
  const entries = entriesOf(c, records);
  return (
    <ol class="cs-timeline" aria-labelledby="timeline-title">
      {entries.map((e) => {
        switch (e.kind) {
          case 'session':
            return <SessionEntry key={e.id} s={e.s} by={nameOf(e.s.counsellor_id)} t={t} />;
          case 'supervision':
            return (
              <Item key={e.id} date={e.date} kind="supervision" title={t('case_supervision.entry')} by={nameOf(e.n.supervisor_id)} t={t}>
                {e.n.note && (
                  <p class="notes">
                    <bdi>{e.n.note}</bdi>
                  </p>
                )}
              </Item>
            );
          case 'risk':
            return <RiskEntry key={e.id} r={e.r} flags={records.flags.filter((f) => f.source_id === e.r.id)} nameOf={nameOf} t={t} />;
          case 'opened':
            return <Item key={e.id} date={e.date} kind="event" title={t('case.entry_opened')} t={t} />;
          case 'closed':
            return <Item key={e.id} date={e.date} kind="event" title={t('case.entry_closed')} t={t} />;
        }
      })}
    </ol>
  );
}

interface ItemProps {
  date: string;
  kind: string;
  title: ComponentChildren;
  by?: string;
  t: TFunc;
  children?: ComponentChildren;
}

function Item({ date, kind, title, by, t, children }: ItemProps) {
  return (
    <li class={'cs-entry cs-entry-' + kind}>
      <p class="cs-entry-head">
        <span class="timeline-date" dir="ltr">
          {date}
        </span>{' '}
        <strong>{title}</strong>
        {by && (
          <>
            {' · '}
            <bdi>{t('case.by', { name: by })}</bdi>
          </>
        )}
      </p>
      {children}
    </li>
  );
}

function SessionEntry({ s, by, t }: { s: CaseSession; by: string; t: TFunc }) {
  const type = label(SESSION_TYPE, s.type, t);
  const title = s.attended === false ? t('case_session.entry_missed', { type }) : t('case_session.entry', { type });
  return (
    <Item date={s.date} kind="session" title={title} by={by} t={t}>
      {(s.duration_minutes || s.next_appointment) && (
        <p class="record-secondary">
          {s.duration_minutes ? t('case_session.minutes', { n: s.duration_minutes }) : ''}
          {s.duration_minutes && s.next_appointment ? ' · ' : ''}
          {s.next_appointment && (
            <>
              {t('case_session.next_is')} <span dir="ltr">{s.next_appointment}</span>
            </>
          )}
        </p>
      )}
      {s.notes && (
        <p class="notes">
          <bdi>{s.notes}</bdi>
        </p>
      )}
    </Item>
  );
}

function RiskEntry({ r, flags, nameOf, t }: { r: RiskAssessment; flags: RiskFlag[]; nameOf: (id?: string) => string; t: TFunc }) {
  const domains = RISK_DOMAINS.filter((d) => r[d]);
  return (
    <Item date={r.date} kind={'risk cs-level-' + (r.level || 'none')} title={t('case_risk.entry', { level: label(RISK_LEVEL, r.level, t) })} by={nameOf(r.assessed_by)} t={t}>
      {domains.length > 0 && (
        <ul class="cs-levels">
          {domains.map((d) => (
            <li key={d}>
              {t(RISK_DOMAIN[d])}: <strong>{label(RISK_LEVEL, r[d], t)}</strong>
            </li>
          ))}
        </ul>
      )}
      {r.details && (
        <p class="notes">
          <bdi>{r.details}</bdi>
        </p>
      )}
      {flags.map((f) => (
        <p key={f.id} class={'cs-flag-line' + (f.status === 'open' ? ' cs-alert' : '')}>
          {f.status === 'open'
            ? t('case_risk.flag_open', { reason: flagReason(f.reason, t), when: dayOf(f.due_ms) })
            : t('case_risk.flag_acknowledged', { reason: flagReason(f.reason, t), when: dayOf(f.acknowledged_ms) })}
          {f.status !== 'open' && nameOf(f.acknowledged_by) && (
            <>
              {' '}
              <bdi>{t('case.by', { name: nameOf(f.acknowledged_by) })}</bdi>
            </>
          )}
          {f.acknowledged_late && <> {t('case_risk.flag_late')}</>}
        </p>
      ))}
    </Item>
  );
}
