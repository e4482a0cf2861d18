// The figures of each chart as a table (what screen readers read, and the printed record), and the
// table of every indicator. A hidden count is written as the server sent it ("<5"). A table wider
// than the phone scrolls inside its own frame, which the keyboard can reach.
import { useT } from '../../i18n';
import { UNIT, figureText, isHidden, label, ltr, wordingOf, type Figure, type Report } from './model';

interface Column {
  key: string;
  label: string;
  unit?: string;
}

interface Row {
  key: string;
  label: string;
  values: Figure[];
}

interface TableProps {
  name: string; // data-table, for tests and styles
  caption: string;
  corner: string; // the heading over the rows' names
  columns: Column[];
  rows: Row[];
}

export function FigureTable({ name, caption, corner, columns, rows }: TableProps) {
  const id = 'rp-table-' + name;
  return (
    <div class="table-wrap rp-table-wrap" role="region" aria-labelledby={id} tabIndex={0}>
      <table class="rp-table" data-table={name}>
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{corner}</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{r.label}</th>
              {r.values.map((v, i) => (
                <td key={columns[i]?.key || i} data-key={columns[i]?.key} class={'rp-num' + (isHidden(v) ? ' rp-hidden-cell' : '')} dir="ltr">
                  {figureText(v, columns[i]?.unit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IndicatorTable({ report }: { report: Report }) {
  const { t, lang } = useT();
  return (
    <div class="table-wrap rp-table-wrap" role="region" aria-labelledby="rp-table-indicators" tabIndex={0}>
      <table class="rp-table" data-table="indicators">
        <caption id="rp-table-indicators">{t('reports.all_indicators_table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.indicator')}</th>
            <th scope="col">{t('reports.value')}</th>
            <th scope="col">{t('reports.unit')}</th>
            <th scope="col">{t('reports.target')}</th>
          </tr>
        </thead>
        <tbody>
          {report.indicators.map((i) => (
            <tr key={i.code} data-code={i.code}>
              <th scope="row">
                {wordingOf(i, lang)}
                {i.unit === 'percent' && i.denominator !== undefined && (
                  <span class="rp-ratio">
                    {t('reports.ratio', { numerator: ltr(figureText(i.numerator)), denominator: ltr(figureText(i.denominator)) })}
                  </span>
                )}
              </th>
              <td class={'rp-num rp-value' + (isHidden(i.value) ? ' rp-hidden-cell' : '')} dir="ltr">
                {figureText(i.value, i.unit)}
              </td>
              <td>{label(UNIT, i.unit, t)}</td>
              <td class="rp-num rp-target" dir="ltr">
                {i.target == null
                  ? '—'
                  : i.achievement == null
                    ? figureText(i.target, i.unit)
                    : t('reports.target_achieved', { target: figureText(i.target, i.unit), achievement: i.achievement })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
