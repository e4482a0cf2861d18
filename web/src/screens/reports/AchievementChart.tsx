// Each indicator with a target as a bullet: a light bar for the target, the result drawn over it in
// the programme colour, and the percent reached at the end. A result past its target runs on past
// the target's mark; a hidden result ("<5") is an empty hatched bar, as in the other charts. Drawn by
// hand in SVG (attributes only, for the CSP), in the reading direction; the figures are in the table
// beside it, and the drawing is hidden from screen readers.
import { Hatch } from './BarChart';
import { figureText, isHidden, ltr, type Indicator } from './model';
import { shareOfTarget } from './programmeReport';

const W = 320;
const H = 18;
const BAR_H = 12;
const VALUE_ROOM = 64;

export function AchievementChart({ id, list, label, legend }: { id: string; list: Indicator[]; label: (i: Indicator) => string; legend: [string, string] }) {
  const rtl = document.documentElement.dir === 'rtl';
  const room = W - 4 - VALUE_ROOM;
  // The scale: the furthest any result got past its target, at least the target itself.
  const most = Math.max(1, ...list.map((i) => shareOfTarget(i.value, i.target) ?? 0));
  const len = (share: number) => (share <= 0 ? 0 : Math.max(1.5, (share * room) / most));
  const x = (along: number, width = 0) => (rtl ? W - along - width : along);
  return (
    <figure class="rp-chart rp-bars pr-bullets" aria-hidden="true">
      <ul class="rp-legend">
        <li>
          <svg viewBox="0 0 12 12" class="rp-swatch" focusable="false">
            <rect class="rp-s0" y="3" width="12" height="6" />
          </svg>
          {legend[0]}
        </li>
        <li>
          <svg viewBox="0 0 12 12" class="rp-swatch" focusable="false">
            <rect class="rp-s7 pr-target-bar" width="12" height="12" />
            <line class="pr-target-mark" x1="10" x2="10" y1="0" y2="12" stroke-width="2" />
          </svg>
          {legend[1]}
        </li>
      </ul>
      {list.map((i) => {
        const key = `${id}-${i.code}`;
        const share = shareOfTarget(i.value, i.target);
        const targetW = len(1);
        const hidden = isHidden(i.value);
        const w = hidden ? 22 : len(share ?? 0);
        const end = Math.max(w, targetW);
        const text = i.achievement != null ? `${figureText(i.achievement)} %` : figureText(i.value, i.unit);
        return (
          <div class="rp-bar" key={key} data-code={i.code}>
            <span class="rp-bar-label">{label(i)}</span>
            <svg viewBox={`0 0 ${W} ${H}`} focusable="false">
              {hidden && <Hatch id={key} />}
              <rect class="rp-s7 pr-target-bar" x={x(0, targetW)} y={1} width={targetW} height={BAR_H} />
              {hidden ? (
                <rect class="rp-hidden" x={x(0, w)} y={1} width={w} height={BAR_H} fill={`url(#${key}-hatch)`} />
              ) : (
                w > 0 && <rect class="rp-s0" x={x(0, w)} y={4} width={w} height={BAR_H - 6} />
              )}
              <line class="pr-target-mark" x1={x(targetW)} x2={x(targetW)} y1={0} y2={BAR_H + 2} stroke-width="2" />
              <text class="rp-bar-value" x={x(end + 4)} y={BAR_H} text-anchor={rtl ? 'end' : 'start'} font-size="11" direction="ltr">
                {ltr(text)}
              </text>
            </svg>
          </div>
        );
      })}
    </figure>
  );
}
