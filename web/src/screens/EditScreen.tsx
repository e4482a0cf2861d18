import { useEffect, useState } from 'preact/hooks';
import { api, versionTag, type Page, type Rec } from '../api';
import { k, useT } from '../i18n';
import { navigate } from '../router';
import type { FieldDef, Resource } from '../resources';
import { useSession } from '../session';
import { fieldsOf, type Value } from '../components/Field';
import { PageHeading } from '../components/PageHeading';
import { useTitle } from '../components/useTitle';
import { Notice } from '../components/Notice';
import { LoadState, useLoad } from '../components/useLoad';
import { FormActions, FormTop, useForm } from '../components/useForm';
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
  const [confirming, setConfirming] = useState(false);
  const [sites, setSites] = useState<{ value: string; label: string }[] | undefined>(undefined);
  const form = useForm(fields.map((f) => f.name), (name) => 'f-' + name);
  const { busy } = form;

  const title = creating ? t(res.newTitle) : t(res.editTitle);

  useTitle(title);

  const loader = useLoad(async () => {
    const { data, etag } = await api.get<Rec>('/' + res.name + '/' + id);
    setRecord(data);
    setEtag(versionTag(etag, data));
    setValues(toValues(fields, data));
    form.clear();
  }, !creating);
  const { loading, loadError, load } = loader;

  useEffect(() => {
    if (!creating) void load();
    if (res.fields.some((f) => f.kind === 'site')) {
      api
        .get<Page<Rec>>('/sites?limit=200&active=true')
        .then(({ data }) => setSites(data.items.map((s) => ({ value: s.id, label: String(s.name) }))))
        .catch(() => setSites([]));
    }
  }, [res.name, id]);

  const readOnly = !creating && (!record || !res.canEdit(me, record));

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(async () => {
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
        form.setSaved(t('form.nothing_changed'));
        return;
      }
      const { data, etag: next } = await api.patch<Rec>('/' + res.name + '/' + id, body, etag);
      setRecord(data);
      setEtag(versionTag(next, data));
      setValues(toValues(fields, data));
      form.setErrors({});
      form.setSaved(t('form.saved'));
    });
  };

  const setActive = (active: boolean) => {
    setConfirming(false);
    void form.send(async () => {
      const { data, etag: next } = active
        ? await api.patch<Rec>('/' + res.name + '/' + id, { active: true }, etag)
        : await api.del<Rec>('/' + res.name + '/' + id, etag);
      setRecord(data);
      setEtag(versionTag(next, data));
      form.setSaved(t(active ? k('form.reactivated') : k('form.deactivated')));
    });
  };

  const field = fieldsOf({
    defs: Object.fromEntries(fields.map((f) => [f.name, f])),
    idOf: (name) => 'f-' + name,
    values,
    errors: form.errors,
    disabled: busy || readOnly,
    sites,
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v })),
  });

  return (
    <section aria-labelledby="page-title">
      <PageHeading back={'/' + res.name} backText={t('form.back_to', { what: t(res.title) })} title={title}>
        {record ? res.primary(record) : null}
      </PageHeading>
      <LoadState {...loader} />
      {!loading && !loadError && (
        <>
          {record && record.active === false && <Notice kind="info">{t('form.is_inactive')}</Notice>}
          {readOnly && record && <Notice kind="info">{t('form.read_only')}</Notice>}
          <FormTop form={form} reload={load} />
          <form class="form" onSubmit={submit} noValidate aria-busy={busy}>
            <p class="hint">{t('form.required_note')}</p>
            {fields.map((f) => field(f.name))}
            {!readOnly && <FormActions busy={busy} label={creating ? t('form.create') : t('form.save')} cancel={'/' + res.name} />}
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
