// One instrument's scores in a case: its name, the totals over time as a small line chart (SVG
// attributes only: the CSP allows no inline styles; time runs in the reading direction, right to
// left in Arabic, as in the risk chart), the latest total and band, and the change from the
// baseline (else the first) in words: the server says whether it is better, whichever way the
// instrument runs.
import { useT } from '../../i18n';
import { bandLabel, label, TIMEPOINT, unbroken, type Instrument, type OutcomeSeries } from './model';

const W = 320;
const H = 110;
const AXIS = 36; // room for the lowest and highest totals
const PAD = 12;
const TOP = 10;
const PLOT = 68;

export function OutcomeChart({ o, instrument }: { o: OutcomeSeries; instrument?: Instrument }) {
  const { t } = useT();
  const rtl = document.documentElement.dir === 'rtl';
  const scored = o.series.filter((p) => typeof p.total === 'number') as (OutcomeSeries['series'][number] & { total: number })[];
  const name = o.name || instrument?.name || o.instrument;
  const titleId = 'outcome-' + o.instrument + '-title';
  const latest = scored[scored.length - 1];
  const lo = o.min_total ?? Math.min(0, ...scored.map((p) => p.total));
  const hi = Math.max(o.max_total ?? 0, ...scored.map((p) => p.total), lo + 1);
  const start = AXIS + PAD;
  const end = W - PAD;
  const along = (i: number) => (scored.length === 1 ? (start + end) / 2 : start + ((end - start) * i) / (scored.length - 1));
  const x = (i: number) => (rtl ? W - along(i) : along(i));
  const y = (total: number) => TOP + PLOT - ((total - lo) * PLOT) / (hi - lo);
  const axisX = rtl ? W - 4 : 4;
  const described = scored.map((p) => `${p.date}: ${p.total}`).join('; ');
  const last = scored.length - 1;
  const dateY = TOP + PLOT + 22;
  const change = o.change;

  return (
    <div class="cs-outcome">
      <h3 id={titleId}>
        <bdi>{name}</bdi>
      </h3>
      {scored.length > 0 ? (
        <figure class="cs-chart cs-outcome-chart">
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('case_outcome.chart_label', { name, points: described })}>
            {[lo, hi].map((v) => (
              <g key={v}>
                <line class="cs-chart-grid" x1={rtl ? PAD : start} x2={rtl ? W - start : end} y1={y(v)} y2={y(v)} />
                <text class="cs-chart-level" x={axisX} y={y(v) + 4} text-anchor={rtl ? 'end' : 'start'} font-size="12" direction="ltr">
                  {v}
                </text>
              </g>
            ))}
            {scored.length > 1 && <polyline class="cs-chart-line" points={scored.map((p, i) => `${x(i)},${y(p.total)}`).join(' ')} fill="none" />}
            {scored.map((p, i) => (
              <circle key={p.id} class="cs-chart-point" cx={x(i)} cy={y(p.total)} r="5" />
            ))}
            <text class="cs-chart-date" x={x(0)} y={dateY} text-anchor={scored.length === 1 ? 'middle' : rtl ? 'end' : 'start'} font-size="11" direction="ltr">
              {scored[0].date}
            </text>
            {last > 0 && (
              <text class="cs-chart-date" x={x(last)} y={dateY} text-anchor={rtl ? 'start' : 'end'} font-size="11" direction="ltr">
                {scored[last].date}
              </text>
            )}
          </svg>
        </figure>
      ) : (
        <p class="empty">{t('case_outcome.no_totals')}</p>
      )}
      {latest && (
        <p class="cs-latest">
          {t('case_outcome.latest', { total: latest.total, max: hi, date: unbroken(latest.date) })}
          {latest.timepoint && <> ({label(TIMEPOINT, latest.timepoint, t)})</>}
          {latest.band && (
            <>
              {' · '}
              <bdi>{bandLabel(instrument, latest.band)}</bdi>
            </>
          )}
        </p>
      )}
      {change && (
        <p class={'cs-change' + (change.delta < 0 ? ' cs-alert' : '')}>
          {change.delta === 0
            ? t('case_outcome.no_change')
            : change.improved
              ? t('case_outcome.better', { n: Math.abs(change.delta) })
              : t('case_outcome.worse', { n: Math.abs(change.delta) })}
          {change.reliable && <> {t('case_outcome.reliable')}</>}
        </p>
      )}
    </div>
  );
}
