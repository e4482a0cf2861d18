// People reached over time by stream: a bar per month, stacked by stream, with a legend, drawn by
// hand in SVG (attributes only, for the CSP). Months run in the reading direction (from the right
// in Arabic). A stream's hidden small count in a month is a short hatched piece of its bar marked
// "<5" (never a piece of 0 height); the table beside the chart has every figure, for screen readers.
import { Hatch, Legend } from './BarChart';
import type { Figure } from './model';
import { isHidden, ltr } from './model';

export interface ReachSeries {
  code: string;
  name: string;
  values: Figure[]; // by month
}

interface Props {
  id: string;
  months: string[]; // labels under the bars
  series: ReachSeries[];
  suppressed: string;
}

const W = 320;
const AXIS = 34;
const TOP = 14;
const PLOT = 130;
const BOTTOM = 18;
const HIDDEN_H = 7;

export function ReachChart({ id, months, series, suppressed }: Props) {
  const rtl = document.documentElement.dir === 'rtl';
  const totals = months.map((_, i) => series.reduce((s, r) => s + (typeof r.values[i] === 'number' ? (r.values[i] as number) : 0), 0));
  const hiddenIn = months.map((_, i) => series.filter((r) => isHidden(r.values[i])).length);
  const max = Math.max(1, ...totals);
  const scale = (v: number) => (v * (PLOT - HIDDEN_H * Math.max(0, ...hiddenIn))) / max;
  const slot = (W - AXIS - 4) / Math.max(1, months.length);
  const barW = Math.max(4, Math.min(28, slot * 0.7));
  const along = (i: number) => AXIS + slot * i + (slot - barW) / 2;
  const x = (i: number) => (rtl ? W - along(i) - barW : along(i));
  const axisX = rtl ? W - 2 : 2;
  const base = TOP + PLOT;
  const gridFrom = rtl ? 4 : AXIS;
  const gridTo = rtl ? W - AXIS : W - 4;
  const levels = [0, max];

  return (
    <figure class="rp-chart rp-reach">
      <Legend names={series.map((s) => s.name)} />
      <svg viewBox={`0 0 ${W} ${base + BOTTOM}`} aria-hidden="true" focusable="false">
        <Hatch id={id} />
        {levels.map((v) => (
          <g key={v}>
            <line class="rp-grid" x1={gridFrom} x2={gridTo} y1={base - scale(v)} y2={base - scale(v)} />
            <text class="rp-axis" x={axisX} y={base - scale(v) + 4} text-anchor={rtl ? 'end' : 'start'} font-size="10" direction="ltr">
              {v}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          let top = base;
          const pieces = series.map((s, j) => {
            const v = s.values[i];
            if (isHidden(v)) {
              top -= HIDDEN_H;
              return (
                <rect key={s.code} class={'rp-hidden rp-hidden-s' + (j % 8)} x={x(i)} y={top} width={barW} height={HIDDEN_H} fill={`url(#${id}-hatch)`} />
              );
            }
            const h = scale(typeof v === 'number' ? v : 0);
            if (h <= 0) return null;
            top -= h;
            return <rect key={s.code} class={'rp-s' + (j % 8)} x={x(i)} y={top} width={barW} height={h} />;
          });
          return (
            <g key={m + i}>
              {pieces}
              {hiddenIn[i] > 0 && (
                <text class="rp-axis" x={x(i) + barW / 2} y={top - 3} text-anchor="middle" font-size="9" direction="ltr">
                  {ltr(suppressed)}
                </text>
              )}
              <text class="rp-axis" x={x(i) + barW / 2} y={base + 13} text-anchor="middle" font-size="10">
                {m}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
