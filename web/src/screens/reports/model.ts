// What the reporting dashboards work with: the indicator report's shape (docs/formats/report.md),
// the period chosen (kept in the address), who may choose the audience, and words for the codes.
import { query, type Me, type Rec } from '../../api';
import { k, type TFunc } from '../../i18n';
import { hasRole } from '../../session';
import { STREAM as ACTIVITY_STREAM } from '../activities/model';
import { POPULATION_GROUP as PERSON_GROUP, SEX as PERSON_SEX } from '../people/model';

// A published figure: a number, a hidden small count (the report's `suppressed` string, "<5"), or
// null (a percent whose denominator is 0 or whose counts are hidden).
export type Figure = number | string | null;

export interface Cell {
  value: Figure;
  numerator?: Figure;
  denominator?: Figure;
  [dimension: string]: Figure | undefined;
}

export interface Indicator {
  code: string;
  version?: number;
  level?: string;
  domain?: string;
  wording?: Record<string, string>;
  unit: string;
  sensitive?: boolean;
  value: Figure;
  numerator?: Figure;
  denominator?: Figure;
  target?: number | null;
  achievement?: number | null;
  breakdown?: string[];
  cells?: Cell[];
  margins?: Record<string, Cell[]>;
}

export interface Report {
  programme: { id: string; name: string };
  site: string | null;
  from: string;
  to: string;
  audience: 'internal' | 'shared';
  sensitivity: string;
  minimum_cell: number;
  suppressed: string;
  breakdown: string[];
  categories: Record<string, string[]>;
  indicators: Indicator[];
}

export type Audience = 'internal' | 'shared';

// Managers and M&E officers of the programme's own organisation read internal reports; everyone
// else who may read the programme reads the shared one only (the server enforces the same).
export function choosesAudience(me: Me | undefined, programme: Rec | undefined): boolean {
  if (!me || !hasRole(me, 'manager', 'me_officer')) return false;
  const owner = programme?.organization_id;
  return !owner || !me.organization || owner === me.organization.id;
}

// ---- the period ----

export type PeriodKind = 'year' | 'quarter' | 'month' | 'custom';

export interface Period {
  kind: PeriodKind;
  year: number;
  quarter: number; // 1..4
  month: number; // 1..12
  from: string; // custom only
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// The address's `period` (2016, 2016-Q3, 2016-05) or `from`/`to`; else the whole of `fallbackYear`.
export function periodFromAddress(search: URLSearchParams, fallbackYear: number): Period {
  const p: Period = { kind: 'year', year: fallbackYear, quarter: 1, month: 1, from: '', to: '' };
  const period = search.get('period') || '';
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(period))) return { ...p, year: +m[1] };
  if ((m = /^(\d{4})-Q([1-4])$/.exec(period))) return { ...p, kind: 'quarter', year: +m[1], quarter: +m[2] };
  if ((m = /^(\d{4})-(\d{2})$/.exec(period)) && +m[2] >= 1 && +m[2] <= 12) return { ...p, kind: 'month', year: +m[1], month: +m[2] };
  const from = search.get('from') || '';
  const to = search.get('to') || '';
  if (DATE.test(from) && DATE.test(to) && from <= to) return { ...p, kind: 'custom', year: +from.slice(0, 4), from, to };
  return p;
}

export function periodParams(p: Period): Record<string, string> {
  if (p.kind === 'year') return { period: String(p.year) };
  if (p.kind === 'quarter') return { period: `${p.year}-Q${p.quarter}` };
  if (p.kind === 'month') return { period: `${p.year}-${pad(p.month)}` };
  return { from: p.from, to: p.to };
}

// The first and last day of the period, both inclusive.
export function periodDates(p: Period): { from: string; to: string } {
  if (p.kind === 'year') return { from: isoDate(p.year, 1, 1), to: isoDate(p.year, 12, 31) };
  if (p.kind === 'quarter') {
    const first = (p.quarter - 1) * 3 + 1;
    return { from: isoDate(p.year, first, 1), to: isoDate(p.year, first + 2, lastDay(p.year, first + 2)) };
  }
  if (p.kind === 'month') return { from: isoDate(p.year, p.month, 1), to: isoDate(p.year, p.month, lastDay(p.year, p.month)) };
  return { from: p.from, to: p.to };
}

// At most this many months are drawn over time (one request each).
export const MAX_MONTHS = 36;

export interface Month {
  key: string; // YYYY-MM
  from: string;
  to: string;
}

// The calendar months the period touches, each cut to the period.
export function monthsOf(from: string, to: string): Month[] {
  const out: Month[] = [];
  let y = +from.slice(0, 4);
  let m = +from.slice(5, 7);
  while (out.length < MAX_MONTHS) {
    const key = `${y}-${pad(m)}`;
    if (key > to.slice(0, 7)) break;
    const first = isoDate(y, m, 1);
    const last = isoDate(y, m, lastDay(y, m));
    out.push({ key, from: first < from ? from : first, to: last > to ? to : last });
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

// The query of an indicator report (also what a test sends to compare).
export interface ReportQuery {
  programme: string;
  from: string;
  to: string;
  site?: string;
  audience: Audience;
  breakdown?: string;
  indicators?: string;
}

export const reportPath = (q: ReportQuery) => '/reports/indicators' + query({ ...q });

export const fourWsHref = (q: ReportQuery, format: 'csv' | 'xlsx') =>
  '/api/v1/reports/4ws' + query({ programme: q.programme, from: q.from, to: q.to, site: q.site, audience: q.audience, format });

// ---- figures and words ----

export const isHidden = (v: Figure | undefined): v is string => typeof v === 'string';
export const num = (v: Figure | undefined): number => (typeof v === 'number' ? v : 0);

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

// A figure as printed: "2,140", "71.4 %", "<5" (as the server wrote it), "—" when there is none.
export function figureText(v: Figure | undefined, unit = 'count'): string {
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') return '—';
  return grouped.format(v) + (unit === 'percent' ? ' %' : '');
}

// A figure inside an SVG text: kept left to right ("<5", not "5>") in an Arabic page, where the
// SVG direction attribute alone does not reorder a leading "<".
export const ltr = (text: string) => '\u2066' + text + '\u2069';

// A date that wraps as a whole and reads left to right in an Arabic line.
export const dateText = (iso: string) => ltr(iso.replace(/-/g, '\u2011'));

export function wordingOf(ind: Indicator, lang: string): string {
  return ind.wording?.[lang] || ind.wording?.en || ind.code;
}

export const UNIT: Record<string, string> = {
  people: k('report.unit.people'),
  count: k('report.unit.count'),
  percent: k('report.unit.percent'),
};

// Sex and population groups are named as the registry names them.
export const SEX = PERSON_SEX;
export const POPULATION_GROUP: Record<string, string> = {
  ...PERSON_GROUP,
  not_recorded: k('report.population_group.not_recorded'),
};

export const DISABILITY: Record<string, string> = {
  yes: k('report.disability.yes'),
  no: k('report.disability.no'),
  not_recorded: k('report.disability.not_recorded'),
};

// The activity streams' names are the activities screens' (activities.*.json); counselling and
// mediation are streams of their own that have no activity.
export const STREAM: Record<string, string> = {
  ...ACTIVITY_STREAM,
  counselling: k('report.stream.counselling'),
  lay_counselling: k('report.stream.counselling'),
  mediation: k('report.stream.mediation'),
};

export const REACH_PREFIX = 'people_reached_';
export const IMPROVED_PREFIX = 'closed_cases_improved_';

export const label = (map: Record<string, string>, code: string, t: TFunc) => (map[code] ? t(map[code]) : code);

export function ageBandText(code: string, t: TFunc): string {
  if (code === 'unknown' || code === 'not_recorded') return t('report.age_unknown');
  const m = /^(\d+)_plus$/.exec(code);
  if (m) return t('report.age_plus', { n: m[1] });
  const r = /^(\d+)_(\d+)$/.exec(code);
  if (r) return t('report.age_range', { from: r[1], to: r[2] });
  return code;
}

// The name of a reach indicator's stream: the app's word for it, else the indicator's wording.
export function streamText(ind: Indicator, t: TFunc, lang: string): string {
  const stream = ind.code.slice(REACH_PREFIX.length);
  return STREAM[stream] ? t(STREAM[stream]) : wordingOf(ind, lang);
}

// The cell of `cells` with these categories (a cell left out is zero).
export function cellOf(cells: Cell[] | undefined, where: Record<string, string>): Figure {
  const c = (cells || []).find((x) => Object.entries(where).every(([d, v]) => x[d] === v));
  return c ? c.value : 0;
}

export const MONTH_NAMES = (lang: string, style: 'long' | 'short') => {
  const f = new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en-GB', { month: style, timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => f.format(new Date(Date.UTC(2000, i, 15))));
};
