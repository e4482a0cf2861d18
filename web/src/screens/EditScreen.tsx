import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Page, type Rec } from '../api';
import { k, useT } from '../i18n';
import { Link, navigate } from '../router';
import type { FieldDef, Resource } from '../resources';
import { useSession } from '../session';
import { describe, fieldMessage } from '../errors';
import { Field, type Value } from '../components/Field';
import { Loading, Notice } from '../components/Notice';
import { setFlash } from '../flash';

type Values = Record<string, Value>;

function toValues(fields: FieldDef[], r: Rec | null): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = r ? r[f.name] : undefined;
    if (f.kind === 'roles') out[f.name] = Array.isArray(v) ? v.map(String) : [];
    else out[f.name] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

function toJson(f: FieldDef, v: Value): unknown {
  if (Array.isArray(v)) return v;
  if (f.kind === 'number') {
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) ? n : v;
  }
  return f.kind === 'password' ? v : v.trim();
}

const same = (a: Value, b: Value) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x) => b.includes(x)) : a === b;

export function EditScreen({ res, id }: { res: Resource; id: string | null }) {
  const { t } = useT();
  const { me } = useSession();
  const creating = id === null;
  const fields = res.fields.filter((f) => creating || !f.createOnly);
  const [record, setRecord] = useState<Rec | null>(null);
  const [etag, setEtag] = useState('');
  const [values, setValues] = useState<Values>(() => toValues(fields, null));
  const [loading, setLoading] = useState(!creating);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState('');
  const [top, setTop] = useState('');
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [sites, setSites] = useState<{ value: string; label: string }[] | undefined>(undefined);
  const topRef = useRef<HTMLDivElement>(null);

  const title = creating ? t(res.newTitle) : t(res.editTitle);

  const load = async () => {
    if (creating) return;
    setLoading(true);
    setLoadError('');
    try {
      const { data, etag } = await api.get<Rec>('/' + res.name + '/' + id);
      setRecord(data);
      setEtag(etag || (data.version !== undefined ? `"${data.version}"` : ''));
      setValues(toValues(fields, data));
      setFieldErrors({});
      setTop('');
      setConflict(false);
    } catch (e) {
      setLoadError(describe(e, t));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    document.title = title + ' · ' + t('app.name');
    void load();
    if (res.fields.some((f) => f.kind === 'site')) {
      api
        .get<Page<Rec>>('/sites?limit=200&active=true')
        .then(({ data }) => setSites(data.items.map((s) => ({ value: s.id, label: String(s.name) }))))
        .catch(() => setSites([]));
    }
  }, [res.name, id]);

  const readOnly = !creating && (!record || !res.canEdit(me, record));

  const showProblem = (e: unknown) => {
    const errs: Record<string, string> = {};
    const elsewhere: string[] = [];
    if (e instanceof ApiError) {
      for (const fe of e.errors) {
        if (fields.some((f) => f.name === fe.field) && !errs[fe.field]) errs[fe.field] = fieldMessage(fe.message, t);
        else elsewhere.push(fe.field + ': ' + fieldMessage(fe.message, t));
      }
      setConflict(e.status === 412);
    }
    setFieldErrors(errs);
    const n = Object.keys(errs).length;
    setTop(n > 0 && elsewhere.length === 0 ? t('form.fix_fields') : [describe(e, t), ...elsewhere].join(' '));
    // Bring the message (or the first field at fault) into view and focus.
    requestAnimationFrame(() => {
      const first = fields.find((f) => errs[f.name]);
      const el = first ? document.getElementById('f-' + first.name) : null;
      if (el) (el.querySelector('input') || el).focus();
      else topRef.current?.focus();
    });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setSaved('');
    setTop('');
    setConflict(false);
    try {
      if (creating) {
        const body: Record<string, unknown> = {};
        for (const f of fields) {
          const v = values[f.name];
          if (Array.isArray(v) ? v.length > 0 || f.required : v !== '') body[f.name] = toJson(f, v);
        }
        const { data } = await api.post<Rec>('/' + res.name, body);
        setFlash(res.created, { name: res.primary(data) });
        navigate('/' + res.name);
        return;
      }
      const before = toValues(fields, record);
      const body: Record<string, unknown> = {};
      for (const f of fields) if (!same(values[f.name], before[f.name])) body[f.name] = toJson(f, values[f.name]);
      if (Object.keys(body).length === 0) {
        setSaved(t('form.nothing_changed'));
        return;
      }
      const { data, etag: next } = await api.patch<Rec>('/' + res.name + '/' + id, body, etag);
      setRecord(data);
      setEtag(next || `"${data.version}"`);
      setValues(toValues(fields, data));
      setFieldErrors({});
      setSaved(t('form.saved'));
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const setActive = async (active: boolean) => {
    setBusy(true);
    setSaved('');
    setTop('');
    setConfirming(false);
    try {
      const { data, etag: next } = active
        ? await api.patch<Rec>('/' + res.name + '/' + id, { active: true }, etag)
        : await api.del<Rec>('/' + res.name + '/' + id, etag);
      setRecord(data);
      setEtag(next || `"${data.version}"`);
      setSaved(t(active ? k('form.reactivated') : k('form.deactivated')));
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <Link href={'/' + res.name}>{t('form.back_to', { what: t(res.title) })}</Link>
      </p>
      <h1 id="page-title">
        {title}
        {record && <span class="subtitle">{res.primary(record)}</span>}
      </h1>
      {loading && <Loading label={t('common.loading')} />}
      {loadError && (
        <Notice kind="error">
          {loadError}{' '}
          <button type="button" class="btn btn-link" onClick={load}>
            {t('common.retry')}
          </button>
        </Notice>
      )}
      {!loading && !loadError && (
        <>
          {record && record.active === false && <Notice kind="info">{t('form.is_inactive')}</Notice>}
          {readOnly && record && <Notice kind="info">{t('form.read_only')}</Notice>}
          <div ref={topRef} tabIndex={-1} class="form-top">
            {top && (
              <Notice kind="error">
                {top}
                {conflict && (
                  <>
                    {' '}
                    <button type="button" class="btn btn-link" onClick={load}>
                      {t('form.reload')}
                    </button>
                  </>
                )}
              </Notice>
            )}
            {saved && <Notice kind="ok">{saved}</Notice>}
          </div>
          <form class="form" onSubmit={submit} noValidate aria-busy={busy}>
            <p class="hint">{t('form.required_note')}</p>
            {fields.map((f) => (
              <Field
                key={f.name}
                id={'f-' + f.name}
                def={f}
                value={values[f.name]}
                error={fieldErrors[f.name]}
                disabled={busy || readOnly}
                sites={sites}
                onInput={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
              />
            ))}
            {!readOnly && (
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={busy}>
                  {busy ? t('form.saving') : creating ? t('form.create') : t('form.save')}
                </button>
                <Link class="btn" href={'/' + res.name}>
                  {t('form.cancel')}
                </Link>
              </div>
            )}
          </form>
          {record && res.canDeactivate(me, record) && (
            <div class="danger-zone">
              {record.active === false ? (
                <button type="button" class="btn" disabled={busy} onClick={() => setActive(true)}>
                  {t('form.reactivate')}
                </button>
              ) : confirming ? (
                <div role="group" aria-labelledby="confirm-text" class="confirm">
                  <p id="confirm-text">{t('form.confirm_deactivate', { name: res.primary(record) })}</p>
                  <button type="button" class="btn btn-danger" disabled={busy} onClick={() => setActive(false)}>
                    {t('form.deactivate_yes')}
                  </button>
                  <button type="button" class="btn" onClick={() => setConfirming(false)}>
                    {t('form.cancel')}
                  </button>
                </div>
              ) : (
                <button type="button" class="btn btn-danger-outline" onClick={() => setConfirming(true)}>
                  {t('form.deactivate')}
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
