// The raw record exports (docs/formats/export.md) for the period and site in view: a link per kind
// and format, for the programme's own admins, managers and M&E officers; the choice of names only
// for admins and managers (the server decides, and logs every export with names).
import { useState } from 'preact/hooks';
import { query, type Me, type Rec } from '../../api';
import { k, useT } from '../../i18n';
import { hasRole } from '../../session';
import type { ReportQuery } from './model';

export const EXPORT_KINDS = ['people', 'activities', 'attendance', 'cases', 'referrals', 'assessments'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type Identity = 'deidentified' | 'identified';
type Format = 'csv' | 'xlsx' | 'json';

// Labels as whole keys, so that every key is found where it is used.
const KIND_LABEL: Record<ExportKind, string> = {
  people: k('reports.export_kind_people'),
  activities: k('reports.export_kind_activities'),
  attendance: k('reports.export_kind_attendance'),
  cases: k('reports.export_kind_cases'),
  referrals: k('reports.export_kind_referrals'),
  assessments: k('reports.export_kind_assessments'),
};
const FORMAT_LABEL: Record<Format, string> = {
  csv: k('reports.export_format_csv'),
  xlsx: k('reports.export_format_xlsx'),
  json: k('reports.export_format_json'),
};
const IDENTITY_LABEL: Record<Identity, string> = {
  deidentified: k('reports.export_deidentified'),
  identified: k('reports.export_identified'),
};

// What the caller may export of the programme: null (nothing), or the most they may ask for.
export function exportIdentity(me: Me | undefined, programme: Rec | undefined): Identity | null {
  if (!me) return null;
  const owner = programme?.organization_id;
  if (owner && me.organization && owner !== me.organization.id) return null;
  if (hasRole(me, 'admin', 'manager')) return 'identified';
  return hasRole(me, 'me_officer') ? 'deidentified' : null;
}

export const exportHref = (q: ReportQuery, kind: ExportKind, format: Format, identity: Identity) =>
  `/api/v1/exports/${kind}` +
  query({ programme: q.programme, from: q.from, to: q.to, site: q.site, identity: identity === 'identified' ? identity : undefined, format });

export function Exports({ q, me, programme }: { q: ReportQuery; me: Me | undefined; programme: Rec | undefined }) {
  const { t } = useT();
  const may = exportIdentity(me, programme);
  const [identity, setIdentity] = useState<Identity>('deidentified');
  if (!may) return null;
  const chosen: Identity = may === 'identified' ? identity : 'deidentified';
  return (
    <section aria-labelledby="rp-exports" class="rp-section no-print">
      <h2 id="rp-exports">{t('reports.exports')}</h2>
      <p class="hint">{t('reports.exports_hint')}</p>
      {may === 'identified' && (
        <fieldset class="rp-identity">
          <legend>{t('reports.export_identity')}</legend>
          {(['deidentified', 'identified'] as const).map((v) => (
            <label key={v}>
              <input type="radio" name="rp-identity" value={v} checked={identity === v} onChange={() => setIdentity(v)} />{' '}
              {t(IDENTITY_LABEL[v])}
            </label>
          ))}
        </fieldset>
      )}
      {chosen === 'identified' && <p class="hint">{t('reports.export_identified_hint')}</p>}
      <table class="rp-exports">
        <tbody>
          {EXPORT_KINDS.filter((kind) => chosen === 'deidentified' || kind !== 'activities').map((kind) => (
            <tr key={kind} data-kind={kind}>
              <th scope="row">{t(KIND_LABEL[kind])}</th>
              {(['csv', 'xlsx', 'json'] as const).map((format) => (
                <td key={format}>
                  <a href={exportHref(q, kind, format, chosen)} download>
                    {t(FORMAT_LABEL[format])}
                  </a>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
