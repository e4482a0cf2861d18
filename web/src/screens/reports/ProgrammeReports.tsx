// Programme reports: the list of the programme in view's reports (/reports/programme), the form in
// which its managers and M&E officers write one (/reports/programme/new, /reports/programme/ID/edit,
// saved with If-Match), and the report as its readers see it (/reports/programme/ID): title, period,
// the indicators with their targets and how much of each was reached, as a chart and a table, and
// the narrative — a page made to be printed or saved as PDF (reports.css), with the workbook as a
// download. Who may do what is the server's rule (programmeReport.ts mirrors it).
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash, takeFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useForm } from '../../components/useForm';
import { useTitle } from '../../components/useTitle';
import type { FieldDef } from '../../resources';
import { AchievementChart } from './AchievementChart';
import { dateText, figureText, isHidden, label, ltr, UNIT, wordingOf, type Indicator } from './model';
import {
  SECTIONS,
  SECTION_LABEL,
  apiPath,
  editPath,
  listApiPath,
  listPath,
  mayWrite,
  pagePath,
  renderApiPath,
  xlsxHref,
  type ProgrammeReport,
  type Rendered,
} from './programmeReport';

const AUDIENCE: Record<string, string> = { shared: k('preport.audience_shared'), internal: k('preport.audience_internal') };
const STATUS: Record<string, string> = { draft: k('preport.status_draft'), final: k('preport.status_final') };
const SENSITIVITY: Record<string, string> = { moderate: k('reports.sensitivity_moderate'), high: k('reports.sensitivity_high') };

const period = (r: { from: string; to: string }) => (
  <>
    {dateText(r.from)} – {dateText(r.to)}
  </>
);

// ---- the list ----

export function ProgrammeReportList() {
  const { t } = useT();
  const { me, programmes, programmeId } = useSession();
  const programme = programmes.find((p) => p.id === programmeId) || programmes[0];
  const writes = mayWrite(me, programme);
  const [items, setItems] = useState<ProgrammeReport[]>([]);
  const [flash] = useState(takeFlash);
  useTitle(t('preport.list_title'));
  const loader = useLoad(async () => {
    if (!programme) return;
    const { data } = await api.get<Page<ProgrammeReport>>(listApiPath(programme.id));
    setItems(data.items);
  });
  useEffect(() => {
    void loader.load();
  }, [programme?.id]);

  return (
    <section aria-labelledby="page-title" class="preports">
      <PageHeading back="/reports" backText={t('form.back_to', { what: t('reports.title') })} title={t('preport.list_title')}>
        {programme && <bdi>{String(programme.name)}</bdi>}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <p class="hint">{writes ? t('preport.list_intro') : t('preport.list_intro_reader')}</p>
      {writes && (
        <p>
          <Link class="btn btn-primary" href={listPath + '/new'}>
            {t('preport.new')}
          </Link>
        </p>
      )}
      <LoadState {...loader} />
      {!loader.loading && !loader.loadError && items.length === 0 && <p class="empty">{t('preport.none')}</p>}
      {!loader.loading && !loader.loadError && items.length > 0 && (
        <ul class="pr-list">
          {items.map((r) => (
            <li key={r.id} data-id={r.id}>
              <Link href={pagePath(r.id)}>
                <bdi>{r.title}</bdi>
              </Link>
              <span class="pr-meta">
                {period(r)} · {label(AUDIENCE, r.audience, t)} · <span class={'pr-status pr-status-' + r.status}>{label(STATUS, r.status, t)}</span>
              </span>
              {writes && (
                <Link class="pr-edit" href={editPath(r.id)} aria-label={t('preport.edit_named', { title: r.title })}>
                  {t('preport.edit')}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ---- the form ----

const F: Record<string, FieldDef> = {
  title: { name: 'title', label: k('preport.title'), kind: 'text', required: true },
  period: { name: 'period', label: k('preport.period'), kind: 'text', hint: k('preport.period_hint') },
  from: { name: 'from', label: k('reports.from'), kind: 'date' },
  to: { name: 'to', label: k('reports.to'), kind: 'date' },
  audience: {
    name: 'audience',
    label: k('preport.audience'),
    kind: 'radio',
    options: [
      { value: 'shared', label: k('preport.audience_shared') },
      { value: 'internal', label: k('preport.audience_internal') },
    ],
  },
  status: {
    name: 'status',
    label: k('preport.status'),
    kind: 'radio',
    hint: k('preport.status_hint'),
    options: [
      { value: 'draft', label: k('preport.status_draft') },
      { value: 'final', label: k('preport.status_final') },
    ],
  },
  ...Object.fromEntries(SECTIONS.map((s) => [s, { name: s, label: SECTION_LABEL[s], kind: 'textarea' } as FieldDef])),
};
const TEXT = ['title', 'period', 'from', 'to', 'audience', 'status', ...SECTIONS];
const fieldId = (name: string) => 'pr-' + name;

type Values = Record<string, string>;

function toValues(r: ProgrammeReport | null, year: number): Values {
  const v: Values = {};
  for (const f of TEXT) v[f] = ((r?.[f] as string | undefined) || '').toString();
  if (!r) {
    v.period = String(year);
    v.audience = 'shared';
    v.status = 'draft';
  }
  return v;
}

export function ProgrammeReportForm({ id }: { id: string | null }) {
  const { t } = useT();
  const { me, programmes, programmeId } = useSession();
  const programme = programmes.find((p) => p.id === programmeId) || programmes[0];
  const creating = id === null;
  const lastYear = new Date().getFullYear() - 1;
  const [record, setRecord] = useState<ProgrammeReport | null>(null);
  const [etag, setEtag] = useState('');
  const [values, setValues] = useState<Values>(() => toValues(null, lastYear));
  const form = useForm(TEXT, fieldId);
  const title = creating ? t('preport.new') : t('preport.edit_title');
  useTitle(title);

  const loader = useLoad(async () => {
    if (creating) return;
    const { data, etag: tag } = await api.get<ProgrammeReport>(apiPath(id!));
    setRecord(data);
    setEtag(versionTag(tag, data));
    setValues(toValues(data, lastYear));
    form.clear();
  }, !creating);
  useEffect(() => {
    void loader.load();
  }, [id]);

  const owner = creating ? programme : programmes.find((p) => p.id === record?.programme_id) || programme;
  if (!owner || !mayWrite(me, owner)) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={listPath} backText={t('form.back_to', { what: t('preport.list_title') })} title={title} />
        <Notice kind="info">{t('preport.writers_only')}</Notice>
      </section>
    );
  }

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(async () => {
      const trimmed = (f: string) => values[f].trim();
      if (creating) {
        const body: Record<string, unknown> = { programme_id: programme!.id };
        for (const f of ['title', 'audience', 'status', ...SECTIONS]) if (trimmed(f)) body[f] = trimmed(f);
        if (trimmed('period')) body.period = trimmed('period');
        else {
          if (trimmed('from')) body.from = trimmed('from');
          if (trimmed('to')) body.to = trimmed('to');
        }
        const { data } = await api.post<ProgrammeReport>('/programme-reports', body);
        setFlash(k('preport.created'), { title: data.title });
        navigate(pagePath(data.id));
        return;
      }
      const before = toValues(record, lastYear);
      const body: Record<string, unknown> = {};
      for (const f of ['title', 'audience', 'status', ...SECTIONS]) {
        if (trimmed(f) !== before[f].trim()) body[f] = trimmed(f) === '' ? null : trimmed(f);
      }
      // A new period text sets the dates; new dates without it replace the period.
      if (trimmed('period') && trimmed('period') !== before.period) body.period = trimmed('period');
      else if (trimmed('from') !== before.from || trimmed('to') !== before.to) {
        body.from = trimmed('from') || null;
        body.to = trimmed('to') || null;
      }
      if (Object.keys(body).length === 0) {
        form.setSaved(t('form.nothing_changed'));
        return;
      }
      const { data, etag: tag } = await api.patch<ProgrammeReport>(apiPath(id!), body, etag);
      setRecord(data);
      setEtag(versionTag(tag, data));
      setValues(toValues(data, lastYear));
      form.setSaved(t('preport.saved'));
    });
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="page-title" class="preports">
      <PageHeading back={creating ? listPath : pagePath(id!)} backText={t('form.back_to', { what: creating ? t('preport.list_title') : t('preport.the_report') })} title={title}>
        {owner && <bdi>{String(owner.name)}</bdi>}
      </PageHeading>
      <LoadState {...loader} />
      {!loader.loading && !loader.loadError && (
        <>
          <FormTop form={form} reload={creating ? undefined : loader.load} />
          <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
            <p class="hint">{t('form.required_note')}</p>
            {field('title')}
            <fieldset class="pr-period">
              <legend>{t('reports.period')}</legend>
              {field('period')}
              <div class="filter-grid">
                {field('from')}
                {field('to')}
              </div>
            </fieldset>
            {field('audience')}
            {field('status')}
            <h2 class="pr-form-heading">{t('preport.narrative')}</h2>
            <p class="hint">{t('preport.narrative_hint')}</p>
            {SECTIONS.map((s) => field(s))}
            <div class="actions">
              <button type="submit" class="btn btn-primary" disabled={form.busy}>
                {form.busy ? t('form.saving') : creating ? t('preport.create') : t('form.save')}
              </button>
              {!creating && (
                <Link class="btn" href={pagePath(id!)}>
                  {t('preport.open')}
                </Link>
              )}
              <Link class="btn" href={creating ? listPath : pagePath(id!)}>
                {t('form.cancel')}
              </Link>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

// ---- the printable report ----

export function ProgrammeReportPage({ id }: { id: string }) {
  const { t, lang } = useT();
  const { me, programmes } = useSession();
  const [report, setReport] = useState<Rendered | null>(null);
  const [flash] = useState(takeFlash);
  useTitle(report ? report.title : t('preport.the_report'));
  const loader = useLoad(async () => {
    const { data } = await api.get<Rendered>(renderApiPath(id));
    setReport(data);
  });
  useEffect(() => {
    void loader.load();
  }, [id]);
  const writes = report ? mayWrite(me, programmes.find((p) => p.id === report.programme.id)) : false;
  const targeted = (report?.indicators || []).filter((i) => i.target != null);
  const name = (i: Indicator) => wordingOf(i, lang);
  const narrative = (s: (typeof SECTIONS)[number]) =>
    report?.narrative[s] ? (
      <section aria-labelledby={'pr-' + s} class={'pr-section pr-narrative pr-' + s} key={s}>
        <h2 id={'pr-' + s}>{t(SECTION_LABEL[s])}</h2>
        <p class="pr-text">
          <bdi>{report.narrative[s]}</bdi>
        </p>
      </section>
    ) : null;

  return (
    <section aria-labelledby="page-title" class="preports pr-page" data-complete={report ? `${report.id} ${report.version}` : undefined}>
      <p class="crumbs no-print">
        <Link href={listPath}>{t('form.back_to', { what: t('preport.list_title') })}</Link>
      </p>
      <h1 id="page-title">
        {report ? <bdi>{report.title}</bdi> : t('preport.the_report')}
        {report && (
          <span class="subtitle">
            <bdi>{report.programme.name}</bdi>
          </span>
        )}
      </h1>
      {flash && (
        <div class="no-print">
          <Notice kind="ok">{t(flash.key, flash.values)}</Notice>
        </div>
      )}
      <LoadState {...loader} />
      {report && (
        <>
          <dl class="facts pr-facts">
            <dt>{t('reports.period')}</dt>
            <dd data-fact="period">{period(report)}</dd>
            {report.programme.donor && (
              <>
                <dt>{t('preport.donor')}</dt>
                <dd>
                  <bdi>{report.programme.donor}</bdi>
                </dd>
              </>
            )}
            <dt>{t('preport.audience')}</dt>
            <dd>
              {label(AUDIENCE, report.audience, t)}
              {' · '}
              {t('reports.sensitivity', { level: SENSITIVITY[report.sensitivity] ? t(SENSITIVITY[report.sensitivity]) : report.sensitivity })}
            </dd>
            <dt>{t('preport.status')}</dt>
            <dd data-fact="status">{label(STATUS, report.status, t)}</dd>
          </dl>
          {report.status === 'draft' && <p class="pr-draft">{t('preport.draft_note')}</p>}
          <div class="pr-actions no-print">
            <button type="button" class="btn" data-action="print" onClick={() => window.print()}>
              {t('reports.print')}
            </button>
            <a class="btn" href={xlsxHref(report.id, lang)} download>
              {t('preport.download_xlsx')}
            </a>
            {writes && (
              <Link class="btn" href={editPath(report.id)}>
                {t('preport.edit')}
              </Link>
            )}
          </div>

          {narrative('summary')}

          <section aria-labelledby="pr-figures" class="pr-section pr-figures">
            <h2 id="pr-figures">{t('preport.figures')}</h2>
            {report.audience === 'shared' ? (
              <p class="hint">{t('reports.hidden_explained', { n: report.minimum_cell, hidden: ltr(report.suppressed) })}</p>
            ) : (
              <p class="hint">{t('reports.internal_explained', { hidden: ltr(report.suppressed) })}</p>
            )}
            {targeted.length > 0 ? (
              <AchievementChart id="pr-chart" list={targeted} label={name} legend={[t('preport.legend_result'), t('preport.legend_target')]} />
            ) : (
              <p class="empty">{t('preport.no_targets')}</p>
            )}
            <div class="table-wrap rp-table-wrap" role="region" aria-labelledby="pr-table-caption" tabIndex={0}>
              <table class="rp-table" data-table="programme-report">
                <caption id="pr-table-caption">{t('preport.table_caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.indicator')}</th>
                    <th scope="col">{t('preport.result')}</th>
                    <th scope="col">{t('reports.target')}</th>
                    <th scope="col">{t('preport.achievement')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...targeted, ...report.indicators.filter((i) => i.target == null)].map((i) => (
                    <tr key={i.code} data-code={i.code}>
                      <th scope="row">
                        {name(i)}
                        <span class="rp-ratio">{label(UNIT, i.unit, t)}</span>
                      </th>
                      <td data-key="value" class={'rp-num' + (isHidden(i.value) ? ' rp-hidden-cell' : '')} dir="ltr">
                        {figureText(i.value, i.unit)}
                      </td>
                      <td data-key="target" class="rp-num" dir="ltr">
                        {i.target == null ? '—' : figureText(i.target, i.unit)}
                      </td>
                      <td data-key="achievement" class="rp-num" dir="ltr">
                        {i.achievement == null ? '—' : figureText(i.achievement) + ' %'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          {SECTIONS.filter((s) => s !== 'summary').map(narrative)}
        </>
      )}
    </section>
  );
}
