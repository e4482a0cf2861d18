// The programme dashboard (/reports): the programme in view, a period (year, quarter, month or two
// dates), a site and — for the programme's own managers and M&E officers — the audience, all kept
// in the address; then the charts, each with its figures in a table, and the 4Ws downloads. What
// the server hides ("<5") is shown as it comes, never as 0. Everyone else who may read the
// programme (its other staff, donors' and coordination viewers) sees the shared report only.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Page, type Rec } from '../../api';
import { k, useT, type TFunc } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { chooseProgramme, useSession } from '../../session';
import { describe } from '../../errors';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { Select } from '../../components/Field';
import { useTitle } from '../../components/useTitle';
import { BarChart, type BarGroup } from './BarChart';
import { Exports } from './Exports';
import { ReachChart } from './ReachChart';
import { FigureTable, IndicatorTable } from './Tables';
import {
  DISABILITY,
  IMPROVED_PREFIX,
  MONTH_NAMES,
  POPULATION_GROUP,
  REACH_PREFIX,
  SEX,
  ageBandText,
  cellOf,
  choosesAudience,
  dateText,
  fourWsHref,
  isHidden,
  label,
  ltr,
  monthsOf,
  periodDates,
  periodFromAddress,
  periodParams,
  reportPath,
  streamText,
  wordingOf,
  type Audience,
  type Figure,
  type Indicator,
  type Month,
  type Period,
  type PeriodKind,
  type Report,
  type ReportQuery,
} from './model';

interface Reach {
  months: Month[];
  reports: Report[];
}

const SENSITIVITY: Record<string, string> = { moderate: k('reports.sensitivity_moderate'), high: k('reports.sensitivity_high') };

function yearOf(date: unknown): number | null {
  return typeof date === 'string' && /^\d{4}/.test(date) ? +date.slice(0, 4) : null;
}

export function Dashboard() {
  const { t, lang } = useT();
  const { me, programmes, programmeId } = useSession();
  const { search } = useLocation();
  const programme = programmes.find((p) => p.id === programmeId) || programmes[0];
  const thisYear = new Date().getFullYear();
  const firstYear = yearOf(programme?.start_date) ?? thisYear - 4;
  const lastYear = Math.min(thisYear, yearOf(programme?.end_date) ?? thisYear);
  const period = periodFromAddress(search, lastYear);
  const site = search.get('site') || '';
  const chooses = choosesAudience(me, programme);
  const audience: Audience = chooses && search.get('audience') !== 'shared' ? 'internal' : 'shared';
  const { from, to } = periodDates(period);
  const q: ReportQuery | null = programme ? { programme: programme.id, from, to, site: site || undefined, audience } : null;

  useTitle(t('reports.title'));

  const [sites, setSites] = useState<Rec[]>([]);
  useEffect(() => {
    api.get<Page<Rec>>('/sites?limit=100&active=true').then(
      ({ data }) => setSites(data.items),
      () => setSites([]), // those who may not list sites report on the whole programme
    );
  }, []);

  // ---- the reports ----
  const [main, setMain] = useState<Report | null>(null);
  const [groups, setGroups] = useState<Report | null>(null);
  const [reach, setReach] = useState<Reach | null>(null);
  const [error, setError] = useState('');
  const [tries, setTries] = useState(0);
  const run = useRef(0);
  const key = q ? reportPath(q) : '';

  useEffect(() => {
    if (!q) return;
    const mine = ++run.current;
    const current = () => mine === run.current;
    setMain(null);
    setGroups(null);
    setReach(null);
    setError('');
    const fail = (e: unknown) => current() && setError(describe(e, t));
    api.get<Report>(reportPath({ ...q, breakdown: 'sex,age_band' })).then(({ data }) => {
      if (!current()) return;
      setMain(data);
      // Reach over time: one request per month, for the streams the programme reports on.
      const codes = data.indicators.filter((i) => i.code.startsWith(REACH_PREFIX)).map((i) => i.code);
      const months = monthsOf(from, to);
      if (!codes.length) return setReach({ months, reports: [] });
      Promise.all(months.map((m) => api.get<Report>(reportPath({ ...q, from: m.from, to: m.to, indicators: codes.join(',') })))).then(
        (answers) => current() && setReach({ months, reports: answers.map((a) => a.data) }),
        fail,
      );
    }, fail);
    api
      .get<Report>(reportPath({ ...q, indicators: 'people_reached', breakdown: 'population_group,disability' }))
      .then(({ data }) => current() && setGroups(data), fail);
  }, [key, tries]);

  // ---- the form (applied into the address with its button) ----
  const [form, setForm] = useState<Period & { site: string }>({ ...period, site });
  useEffect(() => setForm({ ...period, site }), [search.toString()]);
  const go = (p: Period, s: string, a: Audience) => {
    const params = new URLSearchParams({ ...periodParams(p) });
    if (s) params.set('site', s);
    if (chooses && a === 'shared') params.set('audience', 'shared');
    navigate('/reports?' + params.toString());
  };
  const apply = (e: Event) => {
    e.preventDefault();
    if (form.kind === 'custom' && !(form.from && form.to && form.from <= form.to)) return;
    go(form, form.site, audience);
  };
  const set = (patch: Partial<Period & { site: string }>) => setForm((f) => ({ ...f, ...patch }));

  const years: number[] = [];
  for (let y = Math.min(firstYear, period.year); y <= Math.max(lastYear, period.year); y++) years.push(y);
  const monthNames = MONTH_NAMES(lang, 'long');
  const kinds: { value: PeriodKind; label: string }[] = [
    { value: 'year', label: t('reports.period_year') },
    { value: 'quarter', label: t('reports.period_quarter') },
    { value: 'month', label: t('reports.period_month') },
    { value: 'custom', label: t('reports.period_custom') },
  ];
  const badDates = form.kind === 'custom' && !!form.from && !!form.to && form.from > form.to;

  if (!programme) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title">{t('reports.title')}</h1>
        {programmes.length === 0 ? <p class="empty">{t('reports.no_programme')}</p> : <Loading label={t('common.loading')} />}
      </section>
    );
  }

  // What is on the screen once every figure is in (for tests, and styles that wait for it).
  const complete = main && groups && reach ? `${main.from} ${main.to} ${main.audience}` : undefined;

  return (
    <section aria-labelledby="page-title" class="reports" data-complete={complete}>
      <h1 id="page-title">
        {t('reports.title')}
        <span class="subtitle">
          <bdi>{String(programme.name)}</bdi>
        </span>
      </h1>
      <p class="hint">{chooses ? t('reports.intro') : t('reports.intro_shared')}</p>
      <p class="no-print">
        <Link href="/reports/programme">{t('preport.list_title')}</Link>
      </p>

      <form class="rp-filters no-print" aria-label={t('reports.choose')} onSubmit={apply}>
        <div class="filter-grid">
          {programmes.length > 1 && (
            <Select
              id="rp-programme"
              label={t('reports.programme')}
              value={programme.id}
              choices={programmes.map((p) => ({ value: p.id, label: String(p.name) }))}
              onChange={(v) => chooseProgramme(v)}
            />
          )}
          <Select id="rp-kind" label={t('reports.period')} value={form.kind} choices={kinds} onChange={(v) => set({ kind: v as PeriodKind })} />
          {form.kind !== 'custom' && (
            <Select
              id="rp-year"
              label={t('reports.year')}
              value={String(form.year)}
              choices={years.map((y) => ({ value: String(y), label: String(y) }))}
              onChange={(v) => set({ year: +v })}
            />
          )}
          {form.kind === 'quarter' && (
            <Select
              id="rp-quarter"
              label={t('reports.quarter')}
              value={String(form.quarter)}
              choices={[1, 2, 3, 4].map((n) => ({ value: String(n), label: t('reports.quarter_n', { n }) }))}
              onChange={(v) => set({ quarter: +v })}
            />
          )}
          {form.kind === 'month' && (
            <Select
              id="rp-month"
              label={t('reports.month')}
              value={String(form.month)}
              choices={monthNames.map((name, i) => ({ value: String(i + 1), label: name }))}
              onChange={(v) => set({ month: +v })}
            />
          )}
          {form.kind === 'custom' && (
            <>
              <div class="field">
                <label for="rp-from">{t('reports.from')}</label>
                <input id="rp-from" type="date" dir="ltr" required value={form.from} onInput={(e) => set({ from: e.currentTarget.value })} />
              </div>
              <div class={'field' + (badDates ? ' has-error' : '')}>
                <label for="rp-to">{t('reports.to')}</label>
                <input
                  id="rp-to"
                  type="date"
                  dir="ltr"
                  required
                  value={form.to}
                  aria-invalid={badDates || undefined}
                  aria-describedby={badDates ? 'rp-to-error' : undefined}
                  onInput={(e) => set({ to: e.currentTarget.value })}
                />
                {badDates && (
                  <p id="rp-to-error" class="field-error">
                    {t('reports.to_before_from')}
                  </p>
                )}
              </div>
            </>
          )}
          {sites.length > 0 && (
            <Select
              id="rp-site"
              label={t('reports.site')}
              value={form.site}
              none={t('reports.all_sites')}
              choices={sites.map((s) => ({ value: s.id, label: String(s.name) }))}
              onChange={(v) => set({ site: v })}
            />
          )}
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            {t('reports.show')}
          </button>
        </div>
      </form>

      {chooses && (
        <fieldset class="field rp-audience">
          <legend>{t('reports.audience')}</legend>
          <div class="radios">
            {(['internal', 'shared'] as Audience[]).map((a) => (
              <label class="check" key={a} for={'rp-audience-' + a}>
                <input
                  type="radio"
                  id={'rp-audience-' + a}
                  name="rp-audience"
                  value={a}
                  checked={audience === a}
                  onChange={() => go(period, site, a)}
                />
                <span>{a === 'internal' ? t('reports.audience_internal') : t('reports.audience_shared')}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {error && (
        <ErrorNotice action={t('common.retry')} onAction={() => setTries((n) => n + 1)}>
          {error}
        </ErrorNotice>
      )}
      {!main && !error && <Loading label={t('common.loading')} />}
      {main && q && <Figures q={q} main={main} groups={groups} reach={reach} t={t} lang={lang} siteName={sites.find((s) => s.id === site)?.name} />}
      {q && <Exports q={q} me={me} programme={programme} />}
    </section>
  );
}

interface FiguresProps {
  q: ReportQuery;
  main: Report;
  groups: Report | null;
  reach: Reach | null;
  t: TFunc;
  lang: string;
  siteName?: unknown;
}

function Figures({ q, main, groups, reach, t, lang, siteName }: FiguresProps) {
  const find = (r: Report | null, code: string) => r?.indicators.find((i) => i.code === code);
  const reached = find(main, 'people_reached');
  // Instruments no closed case was scored on (0 of 0) are left to the table of every indicator.
  const improved = main.indicators.filter((i) => i.code.startsWith(IMPROVED_PREFIX) && i.denominator !== 0);
  const work = ['referrals_made', 'referrals_completed', 'cases_opened', 'cases_closed'].map((c) => find(main, c)).filter(Boolean) as Indicator[];
  const shared = main.audience === 'shared';

  return (
    <>
      <dl class="facts rp-facts">
        <dt>{t('reports.period')}</dt>
        <dd>
          {dateText(main.from)} – {dateText(main.to)}
        </dd>
        <dt>{t('reports.site')}</dt>
        <dd>{main.site ? <bdi>{String(siteName || main.site)}</bdi> : t('reports.all_sites')}</dd>
        <dt>{t('reports.audience')}</dt>
        <dd>
          {shared ? t('reports.audience_shared') : t('reports.audience_internal')}
          {' · '}
          {t('reports.sensitivity', { level: SENSITIVITY[main.sensitivity] ? t(SENSITIVITY[main.sensitivity]) : main.sensitivity })}
        </dd>
      </dl>
      {shared ? (
        <Notice kind="info">{t('reports.hidden_explained', { n: main.minimum_cell, hidden: ltr(main.suppressed) })}</Notice>
      ) : (
        <p class="hint">{t('reports.internal_explained', { hidden: ltr(main.suppressed) })}</p>
      )}

      <section aria-labelledby="rp-downloads" class="rp-section no-print">
        <h2 id="rp-downloads">{t('reports.downloads')}</h2>
        <p class="hint">{t('reports.downloads_hint')}</p>
        <p>
          <button type="button" class="btn" data-action="print" onClick={() => window.print()}>
            {t('reports.print')}
          </button>
        </p>
        <ul class="rp-links">
          <li>
            <a href={fourWsHref(q, 'csv')} download>
              {t('reports.download_csv')}
            </a>
          </li>
          <li>
            <a href={fourWsHref(q, 'xlsx')} download>
              {t('reports.download_xlsx')}
            </a>
          </li>
        </ul>
      </section>

      <ReachSection reach={reach} t={t} lang={lang} />
      {reached && <SexAgeSection ind={reached} report={main} t={t} />}
      <GroupsSection groups={groups} t={t} />
      {improved.length > 0 && <OutcomeSection list={improved} report={main} t={t} lang={lang} />}
      {work.length > 0 && <WorkSection list={work} t={t} lang={lang} />}

      <section aria-labelledby="rp-all" class="rp-section">
        <h2 id="rp-all">{t('reports.all_indicators')}</h2>
        <IndicatorTable report={main} />
      </section>
    </>
  );
}

function ReachSection({ reach, t, lang }: { reach: Reach | null; t: TFunc; lang: string }) {
  const names = MONTH_NAMES(lang, 'long');
  const first = reach?.reports[0];
  const series =
    first?.indicators.map((ind) => ({
      code: ind.code,
      name: streamText(ind, t, lang),
      values: reach!.reports.map((r) => r.indicators.find((i) => i.code === ind.code)?.value ?? 0),
    })) || [];
  // Streams that reached no one in the period are named once, not drawn or tabled as zeros.
  const reached = series.filter((s) => s.values.some((v) => v !== 0));
  const nobody = series.filter((s) => !reached.includes(s));
  const monthName = (m: Month) => names[+m.key.slice(5, 7) - 1] + ' ' + m.key.slice(0, 4);
  const short = (m: Month) => (reach!.months.length > 6 ? m.key.slice(5, 7) : names[+m.key.slice(5, 7) - 1].slice(0, 3));
  return (
    <section aria-labelledby="rp-reach" class="rp-section">
      <h2 id="rp-reach">{t('reports.reach_title')}</h2>
      {!reach ? (
        <Loading label={t('common.loading')} />
      ) : series.length === 0 ? (
        <p class="empty">{t('reports.no_streams')}</p>
      ) : (
        <>
          {reached.length > 0 && (
            <>
              <ReachChart id="rp-reach-chart" months={reach.months.map(short)} series={reached} suppressed={first!.suppressed} />
              <FigureTable
                name="reach"
                caption={t('reports.reach_table')}
                corner={t('reports.month')}
                columns={reached.map((s) => ({ key: s.code, label: s.name }))}
                rows={reach.months.map((m, i) => ({ key: m.key, label: monthName(m), values: reached.map((s) => s.values[i]) }))}
              />
            </>
          )}
          {nobody.length > 0 && (
            <p class="hint" data-streams-without-reach={nobody.map((s) => s.code).join(' ')}>
              {t('reports.no_reach', { streams: nobody.map((s) => s.name).join(t('reports.list_separator')) })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function SexAgeSection({ ind, report, t }: { ind: Indicator; report: Report; t: TFunc }) {
  const bands = report.categories.age_band || [];
  const sexes = (report.categories.sex || []).filter(
    (s) => s !== 'not_recorded' || (ind.cells || []).some((c) => c.sex === s) || (ind.margins?.sex || []).some((c) => c.sex === s),
  );
  const crossed = (ind.breakdown || []).includes('sex') && (ind.breakdown || []).includes('age_band');
  const chart: BarGroup[] = bands.map((a) => ({
    key: a,
    label: ageBandText(a, t),
    bars: sexes.map((s, i) => ({ key: s, label: label(SEX, s, t), value: cellOf(ind.cells, { sex: s, age_band: a }), series: i })),
  }));
  return (
    <section aria-labelledby="rp-sex-age" class="rp-section">
      <h2 id="rp-sex-age">{t('reports.sex_age_title')}</h2>
      {!crossed ? (
        <p class="empty">{t('reports.no_breakdown')}</p>
      ) : (
        <>
          <BarChart id="rp-sex-age-chart" groups={chart} legend={sexes.map((s) => label(SEX, s, t))} />
          <FigureTable
            name="sex-age"
            caption={t('reports.sex_age_table')}
            corner={t('reports.age_band')}
            columns={[...sexes.map((s) => ({ key: s, label: label(SEX, s, t) })), { key: 'total', label: t('reports.total') }]}
            rows={[
              ...bands.map((a) => ({
                key: a,
                label: ageBandText(a, t),
                values: [...sexes.map((s) => cellOf(ind.cells, { sex: s, age_band: a })), cellOf(ind.margins?.age_band, { age_band: a })],
              })),
              { key: 'total', label: t('reports.total'), values: [...sexes.map((s) => cellOf(ind.margins?.sex, { sex: s })), ind.value] },
            ]}
          />
        </>
      )}
    </section>
  );
}

function GroupsSection({ groups, t }: { groups: Report | null; t: TFunc }) {
  const ind = groups?.indicators.find((i) => i.code === 'people_reached');
  const part = (dim: string, words: Record<string, string>, title: string, name: string) => {
    const codes = groups?.categories[dim] || [];
    const values = codes.map((c) => cellOf(ind?.margins?.[dim], { [dim]: c }));
    return (
      <section aria-labelledby={'rp-' + name} class="rp-section">
        <h2 id={'rp-' + name}>{title}</h2>
        {!groups ? (
          <Loading label={t('common.loading')} />
        ) : !ind?.margins?.[dim] ? (
          <p class="empty">{t('reports.no_breakdown')}</p>
        ) : (
          <>
            <BarChart
              id={'rp-' + name + '-chart'}
              groups={[{ key: dim, bars: codes.map((c, i) => ({ key: c, label: label(words, c, t), value: values[i] })) }]}
            />
            <FigureTable
              name={name}
              caption={title}
              corner={t('reports.category')}
              columns={[{ key: 'people', label: t('report.unit.people') }]}
              rows={codes.map((c, i) => ({ key: c, label: label(words, c, t), values: [values[i]] }))}
            />
          </>
        )}
      </section>
    );
  };
  return (
    <>
      {part('population_group', POPULATION_GROUP, t('reports.population_group_title'), 'population-group')}
      {part('disability', DISABILITY, t('reports.disability_title'), 'disability')}
    </>
  );
}

// A percent the server could not give because a count in it is hidden shows as hidden too.
function percentShown(ind: Indicator, suppressed: string): Figure {
  if (ind.value === null && (isHidden(ind.numerator) || isHidden(ind.denominator))) return suppressed;
  return ind.value;
}

function OutcomeSection({ list, report, t, lang }: { list: Indicator[]; report: Report; t: TFunc; lang: string }) {
  return (
    <section aria-labelledby="rp-outcomes" class="rp-section">
      <h2 id="rp-outcomes">{t('reports.outcomes_title')}</h2>
      <p class="hint">{t('reports.outcomes_hint')}</p>
      <BarChart
        id="rp-outcomes-chart"
        unit="percent"
        groups={[{ key: 'improved', bars: list.map((i) => ({ key: i.code, label: wordingOf(i, lang), value: percentShown(i, report.suppressed) })) }]}
      />
      <FigureTable
        name="outcomes"
        caption={t('reports.outcomes_title')}
        corner={t('reports.indicator')}
        columns={[
          { key: 'numerator', label: t('reports.improved') },
          { key: 'denominator', label: t('reports.closed') },
          { key: 'value', label: t('report.unit.percent'), unit: 'percent' },
        ]}
        rows={list.map((i) => ({ key: i.code, label: wordingOf(i, lang), values: [i.numerator ?? null, i.denominator ?? null, i.value] }))}
      />
    </section>
  );
}

function WorkSection({ list, t, lang }: { list: Indicator[]; t: TFunc; lang: string }) {
  const byCode = (c: string) => list.find((i) => i.code === c);
  const made = byCode('referrals_made')?.value;
  const done = byCode('referrals_completed')?.value;
  const completion = typeof made === 'number' && typeof done === 'number' && made > 0 ? Math.round((1000 * done) / made) / 10 : null;
  const group = (key: string, title: string, codes: string[]) => ({
    key,
    label: title,
    bars: codes
      .map(byCode)
      .filter((i): i is Indicator => !!i)
      .map((i, n) => ({ key: i.code, label: wordingOf(i, lang), value: i.value, series: n })),
  });
  const chart = [
    group('referrals', t('reports.referrals'), ['referrals_made', 'referrals_completed']),
    group('cases', t('reports.caseload'), ['cases_opened', 'cases_closed']),
  ].filter((g) => g.bars.length > 0);
  return (
    <section aria-labelledby="rp-work" class="rp-section">
      <h2 id="rp-work">{t('reports.work_title')}</h2>
      <BarChart id="rp-work-chart" groups={chart} />
      {completion !== null && <p class="rp-completion">{t('reports.completion', { percent: completion })}</p>}
      <FigureTable
        name="work"
        caption={t('reports.work_title')}
        corner={t('reports.indicator')}
        columns={[{ key: 'value', label: t('reports.value') }]}
        rows={list.map((i) => ({ key: i.code, label: wordingOf(i, lang), values: [i.value] }))}
      />
    </section>
  );
}
