// The subject access export: everything held about one person, who changed it and who looked
// at it. Printable (the print stylesheet leaves out the app around it) and downloadable as JSON.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useT, type TFunc } from '../../i18n';
import { useSession } from '../../session';
import { Loading } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { ConsentEntry } from './PersonPage';
import { PersonHeading } from './usePerson';
import {
  CONSENT_FIELD_LABEL,
  FIELD_LABEL,
  label,
  languageName,
  loadOrganizations,
  loadSites,
  POPULATION_GROUP,
  SEX,
  SPECIFIC_NEED,
  STATUS,
  titleOf,
  when,
  WG_ANSWER,
  WG_DOMAIN,
  WG_DOMAINS,
  type Consent,
  type Person,
} from './model';

interface Export {
  generated_at?: unknown;
  person: Person;
  consents?: Consent[];
  // One entry per change: the fields changed (`fields`, or the keys of `changes`), of the person
  // or of one of their consent records (`kind`).
  history?: { at: unknown; actor?: string; actor_name?: string; kind?: string; op?: string; fields?: string[]; changes?: Record<string, unknown> }[];
  views?: { at: unknown; user?: string; user_name?: string; action?: string; reason?: string }[];
}

function changedFields(h: NonNullable<Export['history']>[number], t: TFunc): string {
  const names = h.fields || Object.keys(h.changes || {});
  const labels = h.kind === 'consent' ? CONSENT_FIELD_LABEL : FIELD_LABEL;
  const fields = names.map((f) => (labels[f] ? t(labels[f]) : f)).join(', ');
  const what = h.kind === 'consent' ? t('export.consent_record') : t('export.person_record');
  const op = h.op === 'create' ? t('export.created') : t('export.changed');
  return `${what} ${op}` + (fields ? ': ' + fields : '');
}

type Names = Record<string, string>;

function valueText(key: string, v: unknown, t: TFunc, lang: string, names: Names): string {
  if (v === null || v === undefined || v === '') return '—';
  switch (key) {
    case 'sex':
      return label(SEX, v, t);
    case 'status':
      return label(STATUS, v, t);
    case 'population_group':
      return label(POPULATION_GROUP, v, t);
    case 'language':
      return languageName(String(v), t, lang);
    case 'specific_needs':
      return Array.isArray(v) && v.length ? v.map((n) => label(SPECIFIC_NEED, n, t)).join(', ') : '—';
    case 'created_at':
    case 'updated_at':
      return when(v);
    case 'site_id':
    case 'organization_id':
    case 'programme_id':
      return names[String(v)] || String(v);
  }
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function ExportPage({ id }: { id: string }) {
  const { t, lang } = useT();
  const { programmes } = useSession();
  const [data, setData] = useState<Export | null>(null);
  const [names, setNames] = useState<Names>({});

  const loader = useLoad(async () => {
    const { data } = await api.get<Export>('/persons/' + encodeURIComponent(id) + '/export');
    setData(data);
    document.title = t('export.title') + ' · ' + titleOf(data.person, t);
  });

  useEffect(() => {
    void loader.load();
    Promise.all([loadSites().catch(() => []), loadOrganizations().catch(() => [])]).then(([s, o]) =>
      setNames(Object.fromEntries([...s, ...o].map((x) => [x.value, x.label]))),
    );
  }, [id]);

  const download = () => {
    if (!data) return;
    const blob = new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'person-' + (data.person.code || data.person.id) + '.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  if (loader.loadError) {
    return (
      <section aria-labelledby="page-title">
        <PersonHeading id={id} title={t('export.title')} person={null} noPrint />
        <LoadState {...loader} />
      </section>
    );
  }
  if (!data) return <Loading label={t('common.loading')} />;

  const p = data.person;
  const orgs = names;
  const allNames: Names = { ...names, ...Object.fromEntries(programmes.map((x) => [x.id, String(x.name)])) };
  // In the order of the form, then anything the app has no words for.
  const known = Object.keys(FIELD_LABEL);
  const rank = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length);
  const fields = Object.keys(p)
    .filter((key) => key !== 'wg_ss')
    .sort((a, b) => rank(a) - rank(b));
  return (
    <section aria-labelledby="page-title" class="export">
      <PersonHeading id={id} title={t('export.title')} person={p} withCode noPrint />
      <p>
        {t('export.generated')} <span dir="ltr">{when(data.generated_at)}</span>
      </p>
      <p class="hint">{t('export.explain')}</p>
      <div class="actions no-print">
        <button type="button" class="btn btn-primary" onClick={() => window.print()}>
          {t('export.print')}
        </button>
        <button type="button" class="btn" onClick={download}>
          {t('export.download')}
        </button>
      </div>

      <h2>{t('export.record')}</h2>
      <dl class="facts">
        {fields.map((key) => (
          <Fragment key={key}>
            <dt>{FIELD_LABEL[key] ? t(FIELD_LABEL[key]) : key}</dt>
            <dd>
              <bdi>{valueText(key, (p as unknown as Record<string, unknown>)[key], t, lang, allNames)}</bdi>
            </dd>
          </Fragment>
        ))}
      </dl>
      {'wg_ss' in p && (
        <>
          <h3>{t('person.wg_ss')}</h3>
          <dl class="facts">
            {WG_DOMAINS.map((d) => (
              <Fragment key={d}>
                <dt>{t(WG_DOMAIN[d])}</dt>
                <dd>{typeof p.wg_ss?.[d] === 'number' ? label(WG_ANSWER, p.wg_ss[d], t) : t('wgss.not_asked')}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}

      <h2>{t('consent.title')}</h2>
      {data.consents && data.consents.length > 0 ? (
        <ol class="timeline">
          {data.consents.map((c) => (
            <ConsentEntry key={c.id} c={c} orgs={orgs} t={t} />
          ))}
        </ol>
      ) : (
        <p class="empty">{t('consent.none')}</p>
      )}

      <h2>{t('export.history')}</h2>
      {data.history && data.history.length > 0 ? (
        <ol class="timeline">
          {data.history.map((h, i) => (
            <li key={i}>
              <span dir="ltr" class="timeline-date">
                {when(h.at)}
              </span>{' '}
              <bdi>{h.actor_name || h.actor || '—'}</bdi>
              <span class="record-secondary">{changedFields(h, t)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{t('export.no_history')}</p>
      )}

      <h2>{t('export.views')}</h2>
      {data.views && data.views.length > 0 ? (
        <ol class="timeline">
          {data.views.map((v, i) => (
            <li key={i}>
              <span dir="ltr" class="timeline-date">
                {when(v.at)}
              </span>{' '}
              <bdi>{v.user_name || v.user || '—'}</bdi>
              <span class="record-secondary">
                {[v.action === 'export' ? t('export.exported') : t('export.opened'), v.reason ? t('export.reason_is', { reason: v.reason }) : '']
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{t('export.no_views')}</p>
      )}
    </section>
  );
}
