// The highest risk level of each assessment over time, as a small line chart (SVG attributes only:
// the CSP allows no inline styles). Time runs in the reading direction: right to left in Arabic.
// Every text is laid out left to right, so that its anchor means the same in both languages.
import { useT } from '../../i18n';
import { label, RISK_LEVEL, RISK_LEVELS, type RiskAssessment } from './model';

const W = 320;
const H = 124;
const LABELS = 78; // room for the levels' names
const PAD = 12;
const TOP = 10;
const ROW = 26;

export function RiskChart({ items }: { items: RiskAssessment[] }) {
  const { t } = useT();
  const rtl = document.documentElement.dir === 'rtl';
  const points = [...items].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const levelOf = (r: RiskAssessment) => Math.max(0, RISK_LEVELS.indexOf((r.level || 'none') as (typeof RISK_LEVELS)[number]));
  // x in the reading direction: from the levels' names to the far edge.
  const start = LABELS + PAD;
  const end = W - PAD;
  const along = (i: number) => (points.length === 1 ? (start + end) / 2 : start + ((end - start) * i) / (points.length - 1));
  const x = (i: number) => (rtl ? W - along(i) : along(i));
  const y = (level: number) => TOP + (RISK_LEVELS.length - 1 - level) * ROW;
  const labelX = rtl ? W - 4 : 4;
  const line = points.map((r, i) => `${x(i)},${y(levelOf(r))}`).join(' ');
  const described = points.map((r) => `${r.date}: ${label(RISK_LEVEL, r.level, t)}`).join('; ');
  const last = points.length - 1;
  const dateY = y(0) + 22;

  return (
    <figure class="cs-chart">
      <figcaption id="risk-chart-title">{t('case_risk.chart_title')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('case_risk.chart_label', { points: described })}>
        {RISK_LEVELS.map((level, i) => (
          <g key={level}>
            <line class="cs-chart-grid" x1={rtl ? PAD : start} x2={rtl ? W - start : end} y1={y(i)} y2={y(i)} />
            <text class={'cs-chart-level cs-chart-' + level} x={labelX} y={y(i) + 4} text-anchor={rtl ? 'end' : 'start'} font-size="12" direction="ltr">
              {t(RISK_LEVEL[level])}
            </text>
          </g>
        ))}
        {points.length > 1 && <polyline class="cs-chart-line" points={line} fill="none" />}
        {points.map((r, i) => (
          <circle key={r.id} class={'cs-chart-point cs-chart-' + (r.level || 'none')} cx={x(i)} cy={y(levelOf(r))} r="5" />
        ))}
        <text class="cs-chart-date" x={x(0)} y={dateY} text-anchor={points.length === 1 ? 'middle' : rtl ? 'end' : 'start'} font-size="11" direction="ltr">
          {points[0].date}
        </text>
        {last > 0 && (
          <text class="cs-chart-date" x={x(last)} y={dateY} text-anchor={rtl ? 'start' : 'end'} font-size="11" direction="ltr">
            {points[last].date}
          </text>
        )}
      </svg>
    </figure>
  );
}
