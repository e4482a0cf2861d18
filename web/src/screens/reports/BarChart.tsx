// Horizontal bars, drawn by hand in SVG (attributes only: the CSP allows no inline styles): each
// bar's name on a line of its own above it (text that wraps, so any language fits a phone), the figure at its end, bars
// grouped under a heading (an age band) and coloured by series (sex) with a legend. A hidden small
// count is an empty, hatched bar labelled as the server wrote it ("<5"), never a bar of 0. The
// bars run in the reading direction, from the right in Arabic. The same figures are in a table
// beside the chart, for screen readers; the drawing itself is hidden from them.
import type { Figure } from './model';
import { figureText, isHidden, ltr } from './model';

export interface Bar {
  key: string;
  label: string;
  value: Figure;
  series?: number; // colour: 0..7
}

export interface BarGroup {
  key: string;
  label?: string;
  bars: Bar[];
}

interface Props {
  id: string;
  groups: BarGroup[];
  unit?: string; // 'percent' draws against 100
  legend?: string[]; // series names, by series number
}

const W = 320;
const H = 16;
const BAR_H = 11;
const VALUE_ROOM = 56; // room after the longest bar for its figure
const HIDDEN_W = 22;

export function BarChart({ id, groups, unit = 'count', legend }: Props) {
  const rtl = document.documentElement.dir === 'rtl';
  const numbers = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v): v is number => typeof v === 'number');
  const max = unit === 'percent' ? 100 : Math.max(1, ...numbers);
  const room = W - 4 - VALUE_ROOM;
  const len = (v: number) => (v <= 0 ? 0 : Math.max(1.5, (v * room) / max));
  // A position along the bar from the start of the line, turned into an x.
  const x = (along: number, width = 0) => (rtl ? W - along - width : along);

  const bar = (b: Bar, key: string) => {
    const hidden = isHidden(b.value);
    const w = hidden ? HIDDEN_W : len(typeof b.value === 'number' ? b.value : 0);
    return (
      <div class="rp-bar" key={key}>
        <span class="rp-bar-label">{b.label}</span>
        <svg viewBox={`0 0 ${W} ${H}`} focusable="false">
          {hidden ? (
            <>
              <Hatch id={key} />
              <rect class="rp-hidden" x={x(0, w)} y={1} width={w} height={BAR_H} fill={`url(#${key}-hatch)`} />
            </>
          ) : (
            w > 0 && <rect class={'rp-s' + (b.series || 0)} x={x(0, w)} y={1} width={w} height={BAR_H} />
          )}
          {/* Figures are set left to right, so they are anchored by hand. */}
          <text class="rp-bar-value" x={x(w + 4)} y={BAR_H} text-anchor={rtl ? 'end' : 'start'} font-size="11" direction="ltr">
            {ltr(figureText(b.value, unit))}
          </text>
        </svg>
      </div>
    );
  };

  return (
    <figure class="rp-chart rp-bars" aria-hidden="true">
      {legend && legend.length > 1 && <Legend names={legend} />}
      {groups.map((g) => (
        <div key={g.key} class="rp-bar-group">
          {g.label && <p class="rp-group">{g.label}</p>}
          {g.bars.map((b) => bar(b, `${id}-${g.key}-${b.key}`))}
        </div>
      ))}
    </figure>
  );
}

// The diagonal lines of a hidden count's bar.
export function Hatch({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id + '-hatch'} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <line class="rp-hatch" x1="0" y1="0" x2="0" y2="5" stroke-width="2" />
      </pattern>
    </defs>
  );
}

// Which colour is which series: a swatch and a name each.
export function Legend({ names }: { names: string[] }) {
  return (
    <ul class="rp-legend" aria-hidden="true">
      {names.map((n, i) => (
        <li key={i}>
          <svg viewBox="0 0 12 12" class="rp-swatch" focusable="false">
            <rect class={'rp-s' + (i % 8)} width="12" height="12" />
          </svg>
          {n}
        </li>
      ))}
    </ul>
  );
}
