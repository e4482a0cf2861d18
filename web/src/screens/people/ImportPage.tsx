// Importing an existing register (CSV or XLSX) into a programme: a dry run first, showing how the
// columns were understood and which rows are bad (by line), then importing every row or the valid
// ones only. A manager's screen; the server checks each row as it checks a registration.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { k, useT, type TFunc } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { fieldMessage, problemFor } from '../../errors';
import { Select } from '../../components/Field';
import { Loading, Notice } from '../../components/Notice';
import { FIELD_LABEL, label, loadSites, PURPOSE, WG_DOMAIN, type WgDomain } from './model';

// The fields a column may fill (PersonImport::Targets on the server).
const TARGETS = [
  'given_name', 'family_name', 'other_names', 'sex', 'birth_date', 'age_years', 'age_estimated',
  'population_group', 'address', 'phone', 'language', 'specific_needs', 'notes', 'registered_on',
  'wg_ss.seeing', 'wg_ss.hearing', 'wg_ss.walking', 'wg_ss.remembering', 'wg_ss.self_care', 'wg_ss.communicating',
  'consent_services', 'consent_follow_up', 'consent_referral', 'consent_share_any_partner', 'consent_photo',
  'consent_method', 'consent_date', 'consent_text_version', 'guardian_name',
];

const CONSENT_DETAIL: Record<string, string> = {
  consent_method: k('consent.method'),
  consent_date: k('consent.date'),
  consent_text_version: k('consent.text_version'),
  guardian_name: k('consent.guardian_name'),
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportReport {
  mode: string;
  rows: number;
  valid: number;
  invalid: number;
  imported: number;
  columns: Record<string, string | null>;
  errors: { line: number; field: string; detail: string }[];
  errors_truncated: boolean;
}

function isReport(x: unknown): x is ImportReport {
  const r = x as ImportReport;
  return !!r && typeof r.rows === 'number' && typeof r.invalid === 'number' && !!r.columns && Array.isArray(r.errors);
}

// A field's name in words, with its code (as a register's heading might spell it).
function fieldName(f: string, t: TFunc): string {
  let words = '';
  if (FIELD_LABEL[f]) words = t(FIELD_LABEL[f]);
  else if (f.startsWith('wg_ss.')) words = t('person.wg_ss') + ': ' + t(WG_DOMAIN[f.slice(6) as WgDomain] || f);
  else if (CONSENT_DETAIL[f]) words = t(CONSENT_DETAIL[f]);
  else if (f.startsWith('consent_')) words = t('import.consent_for', { purpose: label(PURPOSE, f.slice(8), t) });
  return words ? `${words} (${f})` : f;
}

export function ImportPage() {
  const { t } = useT();
  const { programmes, programmeId } = useSession();
  const [programme, setProgramme] = useState('');
  const [site, setSite] = useState('');
  const [sites, setSites] = useState<{ value: string; label: string }[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = t('import.title') + ' · ' + t('app.name');
    loadSites().then(setSites, () => setSites([]));
  }, []);

  // The programme in view, at its own site, unless chosen otherwise.
  useEffect(() => {
    if (programme || programmes.length === 0) return;
    const p = programmes.find((x) => x.id === programmeId) || programmes[0];
    setProgramme(p.id);
    setSite((old) => old || String(p.site_id || ''));
  }, [programmes, programmeId]);

  const reset = () => {
    setReport(null);
    setDone(null);
    setError('');
  };

  const chooseProgramme = (id: string) => {
    setProgramme(id);
    const p = programmes.find((x) => x.id === id);
    if (p?.site_id) setSite(String(p.site_id));
    reset();
  };

  const run = async (mode: 'dry_run' | 'all' | 'valid', cols: Record<string, string> = mapping) => {
    if (!file) {
      setError(t('import.no_file'));
      return;
    }
    if (!programme || !site) {
      setError(t('import.no_place'));
      return;
    }
    const params: Record<string, string> = { programme_id: programme, site_id: site, mode };
    for (const [heading, field] of Object.entries(cols)) params['col.' + heading] = field;
    const q = new URLSearchParams(params).toString();
    const type = /\.xlsx$/i.test(file.name) ? XLSX : 'text/csv';
    setBusy(mode);
    setError('');
    try {
      const { data } = await api.upload<ImportReport>('/persons/import?' + q, file, type);
      if (mode === 'dry_run') {
        setReport(data);
        setDone(null);
      } else {
        setDone(data);
        setReport(data);
      }
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (e) {
      // "Import all" with bad rows: nothing written, and the answer carries the report.
      if (e instanceof ApiError && isReport(e.problem)) setReport(e.problem);
      setError(problemFor(e, t).summary);
    } finally {
      setBusy('');
    }
  };

  const check = (e: Event) => {
    e.preventDefault();
    setDone(null);
    void run('dry_run');
  };

  const remap = (heading: string, field: string) => {
    const next = { ...mapping, [heading]: field };
    setMapping(next);
    setDone(null);
    void run('dry_run', next);
  };

  const programmeChoices = programmes.map((p) => ({ value: p.id, label: String(p.name) }));
  const headings = report ? Object.keys(report.columns) : [];
  return (
    <section aria-labelledby="page-title" class="import">
      <p class="crumbs">
        <Link href="/persons">{t('import.back')}</Link>
      </p>
      <h1 id="page-title">{t('import.title')}</h1>
      <p class="hint">{t('import.intro')}</p>
      <form class="form" onSubmit={check} noValidate aria-busy={busy !== ''}>
        <Select id="import-programme" label={t('person.programme')} value={programme} choices={programmeChoices} disabled={busy !== ''} onChange={chooseProgramme} />
        <Select
          id="import-site"
          label={t('person.site')}
          value={site}
          choices={sites}
          none={site ? undefined : '—'}
          disabled={busy !== ''}
          onChange={(v) => {
            setSite(v);
            reset();
          }}
        />
        <div class="field">
          <label for="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="import-file-hint"
            disabled={busy !== ''}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] || null);
              setMapping({});
              reset();
            }}
          />
          <p class="hint" id="import-file-hint">
            {t('import.file_hint')}
          </p>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={busy !== ''}>
            {busy === 'dry_run' ? t('import.checking') : t('import.check')}
          </button>
        </div>
      </form>
      {busy && <Loading label={busy === 'dry_run' ? t('import.checking') : t('import.importing')} />}
      {error && <Notice kind="error">{error}</Notice>}
      {done && (
        <div class="notice notice-ok" role="status">
          <h2 id="import-done" ref={resultRef} tabIndex={-1}>
            {t('import.imported', { n: done.imported })}
          </h2>
          {done.invalid > 0 && <p>{t('import.skipped', { n: done.invalid })}</p>}
          <p>
            <Link href="/persons">{t('import.to_list')}</Link>
          </p>
        </div>
      )}
      {report && !done && (
        <>
          <section aria-labelledby="import-summary-title">
            <h2 id="import-summary-title" ref={resultRef} tabIndex={-1}>
              {t('import.summary')}
            </h2>
            <dl class="import-counts">
              <div>
                <dt>{t('import.rows')}</dt>
                <dd>{report.rows}</dd>
              </div>
              <div>
                <dt>{t('import.valid')}</dt>
                <dd>{report.valid}</dd>
              </div>
              <div>
                <dt>{t('import.invalid')}</dt>
                <dd>{report.invalid}</dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="import-columns-title">
            <h2 id="import-columns-title">{t('import.columns')}</h2>
            <p class="hint">{t('import.columns_hint')}</p>
            <div class="table-wrap">
              <table class="import-table">
                <thead>
                  <tr>
                    <th scope="col">{t('import.heading')}</th>
                    <th scope="col">{t('import.field')}</th>
                  </tr>
                </thead>
                <tbody>
                  {headings.map((h, i) => (
                    <tr key={h}>
                      <th scope="row">
                        <bdi>{h}</bdi>
                      </th>
                      <td>
                        <label for={'import-col-' + i} class="visually-hidden">
                          {t('import.field_for', { heading: h })}
                        </label>
                        <select id={'import-col-' + i} value={report.columns[h] || ''} disabled={busy !== ''} onChange={(e) => remap(h, e.currentTarget.value)}>
                          <option value="">{t('import.ignored')}</option>
                          {TARGETS.map((f) => (
                            <option key={f} value={f}>
                              {fieldName(f, t)}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {report.errors.length > 0 && (
            <section aria-labelledby="import-errors-title">
              <h2 id="import-errors-title">{t('import.bad_rows')}</h2>
              <div class="table-wrap">
                <table class="import-table import-errors">
                  <thead>
                    <tr>
                      <th scope="col">{t('import.line')}</th>
                      <th scope="col">{t('import.field')}</th>
                      <th scope="col">{t('import.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.errors.map((x, i) => (
                      <tr key={i}>
                        <td dir="ltr">{x.line}</td>
                        <td>
                          <bdi>{x.field}</bdi>
                        </td>
                        <td>
                          {fieldMessage(x.detail, t)}
                          {fieldMessage(x.detail, t) !== x.detail && (
                            <span class="hint">
                              {' '}
                              (<bdi>{x.detail}</bdi>)
                            </span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {report.errors_truncated && <p class="hint">{t('import.truncated')}</p>}
            </section>
          )}
          <div class="actions">
            <button type="button" class="btn btn-primary" disabled={busy !== '' || report.invalid > 0 || report.rows === 0} onClick={() => run('all')}>
              {busy === 'all' ? t('import.importing') : t('import.all')}
            </button>
            <button type="button" class="btn" disabled={busy !== '' || report.valid === 0} onClick={() => run('valid')}>
              {busy === 'valid' ? t('import.importing') : t('import.valid_only')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
