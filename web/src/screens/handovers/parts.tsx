// What the handover page, the verification of a package and the handover report show alike: the
// people who move (a chart of identified, de-identified and withheld with its figures in a table),
// the records by kind, why people stay, the readiness checklist and the open cases.
import type { ComponentChildren } from 'preact';
import { useT } from '../../i18n';
import { BarChart } from '../reports/BarChart';
import { figureText } from '../reports/model';
import {
  ACTIVITY_STATUS,
  KIND,
  READINESS,
  REASON,
  STATE,
  byCount,
  dateText,
  label,
  readinessText,
  type ActiveActivity,
  type Counts,
  type OpenCase,
  type People,
  type Readiness,
} from './model';

// A titled part of a page.
export function Part({ id, title, children, class: className }: { id: string; title: string; children: ComponentChildren; class?: string }) {
  return (
    <section aria-labelledby={id} class={'hv-section' + (className ? ' ' + className : '')}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

// A table that may scroll sideways on a phone: a named region reachable by keyboard.
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

// How the people of the programme move: a bar each for identified, de-identified and withheld,
// drawn for the eye; the same figures in the table after it, for everyone.
export function PeopleMoving({ id, people }: { id: string; people: People }) {
  const { t } = useT();
  const rows: [string, number, number][] = [
    ['identified', people.identified, 0],
    ['deidentified', people.deidentified, 1],
    ['withheld', people.withheld, 7],
  ];
  const words: Record<string, string> = {
    identified: t('handover.people.identified'),
    deidentified: t('handover.people.deidentified'),
    withheld: t('handover.people.withheld'),
  };
  return (
    <div class="hv-people" data-people={`${people.identified} ${people.deidentified} ${people.withheld}`}>
      <BarChart id={id} groups={[{ key: 'people', bars: rows.map(([key, value, series]) => ({ key, label: words[key], value, series })) }]} />
      <TableWrap label={t('handover.people.caption')}>
        <table class="rp-table hv-table" data-table="people">
          <caption>{t('handover.people.caption')}</caption>
          <tbody>
            {rows.map(([key, value]) => (
              <tr key={key} data-key={key}>
                <th scope="row">{words[key]}</th>
                <td class="rp-num" dir="ltr">
                  {figureText(value)}
                </td>
              </tr>
            ))}
            <tr data-key="total" class="hv-total">
              <th scope="row">{t('handover.people.total')}</th>
              <td class="rp-num" dir="ltr">
                {figureText(people.total)}
              </td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      <p class="hv-coverage" data-coverage={people.consent_coverage_percent}>
        {t('handover.people.coverage', { percent: people.consent_coverage_percent })}
      </p>
    </div>
  );
}

// Counts by kind of record (or by reason), biggest first; `empty` when there are none.
export function CountTable({ caption, counts, words, table, empty }: { caption: string; counts: Counts | undefined; words: Record<string, string>; table: string; empty: string }) {
  const { t } = useT();
  const rows = byCount(counts);
  if (rows.length === 0) return <p class="empty">{empty}</p>;
  return (
    <TableWrap label={caption}>
      <table class="rp-table hv-table" data-table={table}>
        <caption>{caption}</caption>
        <tbody>
          {rows.map(([code, n]) => (
            <tr key={code} data-key={code}>
              <th scope="row">{label(words, code, t)}</th>
              <td class="rp-num" dir="ltr">
                {figureText(n)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function RecordCounts({ counts, table = 'records' }: { counts: Counts | undefined; table?: string }) {
  const { t } = useT();
  return <CountTable caption={t('handover.records_caption')} counts={counts} words={KIND} table={table} empty={t('handover.none')} />;
}

export function WithheldCounts({ counts }: { counts: Counts | undefined }) {
  const { t } = useT();
  return <CountTable caption={t('handover.withheld_caption')} counts={counts} words={KIND} table="withheld-records" empty={t('handover.withheld_none')} />;
}

export function ReasonCounts({ reasons }: { reasons: Counts | undefined }) {
  const { t } = useT();
  return <CountTable caption={t('handover.reasons_caption')} counts={reasons} words={REASON} table="reasons" empty={t('handover.reasons_none')} />;
}

// The readiness checklist: each item done, to do, or for information, in words.
export function ReadinessList({ items, people, openCases }: { items: Readiness[]; people?: People; openCases?: number }) {
  const { t } = useT();
  return (
    <ul class="hv-ready" data-list="readiness">
      {items.map((r) => (
        <li key={r.item} class={'hv-ready-' + r.state} data-item={r.item} data-state={r.state}>
          <span class={'hv-state hv-state-' + r.state}>{label(STATE, r.state, t)}</span>
          <span class="hv-ready-text">
            <strong>{label(READINESS, r.item, t)}</strong>
            <span class="hv-ready-detail">{readinessText(r, t, people, openCases)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

// Open cases: who counsels and supervises each, and the next follow-up.
export function OpenCases({ cases, names }: { cases: OpenCase[]; names?: Record<string, string> }) {
  const { t } = useT();
  if (cases.length === 0) return <p class="empty">{t('handover.open_cases_none')}</p>;
  const nameOf = (id: string, given?: string) => given || names?.[id] || t('handover.staff_unnamed');
  return (
    <TableWrap label={t('handover.open_cases_caption', { n: cases.length })}>
      <table class="rp-table hv-table" data-table="open-cases">
        <caption>{t('handover.open_cases_caption', { n: cases.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('handover.next_follow_up')}</th>
            <th scope="col">{t('handover.counsellor')}</th>
            <th scope="col">{t('handover.supervisor')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.case_id} data-case={c.case_id}>
              <td class="hv-date">{dateText(c.next_follow_up)}</td>
              <td>
                <bdi>{nameOf(c.counsellor_id, c.counsellor_name)}</bdi>
              </td>
              <td>
                <bdi>{nameOf(c.supervisor_id, c.supervisor_name)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function Activities({ list }: { list: ActiveActivity[] }) {
  const { t } = useT();
  if (list.length === 0) return <p class="empty">{t('handover.activities_none')}</p>;
  return (
    <ul class="hv-activities">
      {list.map((a) => (
        <li key={a.id}>
          <bdi>{a.title}</bdi> <span class="badge">{label(ACTIVITY_STATUS, a.status, t)}</span>
        </li>
      ))}
    </ul>
  );
}
