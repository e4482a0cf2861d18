// One service of the directory: what it is, who runs it, where, how to reach it and what it
// accepts. Admins and managers see it as a form (add a new one, or change one with If-Match; taking
// it out of use keeps it for the referrals that name it); everyone else reads it.
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag } from '../../api';
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
import { categoryChoices, CATEGORY, fetchService, fieldId, label, mayKeepDirectory, servicePath, type Service } from './model';

const F: Record<string, FieldDef> = {
  name: { name: 'name', label: k('service.name'), kind: 'text', required: true },
  provider: { name: 'provider', label: k('service.provider'), kind: 'text', required: true, hint: k('service.provider_hint') },
  category: { name: 'category', label: k('service.category'), kind: 'select', required: true },
  location: { name: 'location', label: k('service.location'), kind: 'text' },
  contact: { name: 'contact', label: k('service.contact'), kind: 'textarea', hint: k('service.contact_hint') },
  accepts: { name: 'accepts', label: k('service.accepts'), kind: 'textarea', hint: k('service.accepts_hint') },
  active: { name: 'active', label: k('service.active'), kind: 'checkbox', hint: k('service.active_hint') },
};
const TEXT = ['name', 'provider', 'category', 'location', 'contact', 'accepts'];
const ORDER = [...TEXT, 'active'];

type Values = Record<string, string>;

function toValues(s: Service | null): Values {
  const v: Values = {};
  for (const f of TEXT) v[f] = (s?.[f as keyof Service] as string | undefined) || '';
  v.active = !s || s.active !== false ? 'true' : '';
  return v;
}

export function ServicePage({ id }: { id: string | null }) {
  const { t } = useT();
  const { me } = useSession();
  const creating = id === null;
  const keeps = mayKeepDirectory(me);
  const [record, setRecord] = useState<Service | null>(null);
  const [etag, setEtag] = useState('');
  const [values, setValues] = useState<Values>(() => toValues(null));
  const [categories, setCategories] = useState<{ value: string; label: string }[]>([]);
  const [flash] = useState(takeFlash);
  const form = useForm(ORDER, fieldId);
  const title = creating ? t('services.new') : record?.name || t('service.title');

  useTitle(title);

  const loader = useLoad(async () => {
    setCategories(await categoryChoices(t));
    if (!creating) {
      const { service, etag: tag } = await fetchService(id!);
      setRecord(service);
      setEtag(tag);
      setValues(toValues(service));
      form.clear();
    }
  });

  useEffect(() => {
    void loader.load();
  }, [id]);

  const back = '/services';
  const backText = t('form.back_to', { what: t('services.title') });

  if (creating && !keeps) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={back} backText={backText} title={title} />
        <Notice kind="info">{t('service.keepers_only')}</Notice>
      </section>
    );
  }

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(async () => {
      if (creating) {
        const body: Record<string, unknown> = {};
        for (const f of TEXT) if (values[f].trim()) body[f] = values[f].trim();
        const { data } = await api.post<Service>('/services', body);
        setFlash(k('service.created'), { name: data.name });
        navigate(servicePath(data.id));
        return;
      }
      const before = toValues(record);
      const body: Record<string, unknown> = {};
      for (const f of TEXT) if (values[f].trim() !== before[f].trim()) body[f] = values[f].trim() === '' ? null : values[f].trim();
      if (values.active !== before.active) body.active = values.active === 'true';
      if (Object.keys(body).length === 0) {
        form.setSaved(t('form.nothing_changed'));
        return;
      }
      const { data, etag: tag } = await api.patch<Service>(servicePath(id!), body, etag);
      setRecord(data);
      setEtag(versionTag(tag, data));
      setValues(toValues(data));
      form.setSaved(t('service.saved'));
    });
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: { category: categories },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  const s = record;
  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={backText} title={creating ? title : t('service.title')}>
        {s && <bdi>{s.name}</bdi>}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <LoadState {...loader} />
      {!loader.loading && !loader.loadError && !keeps && s && (
        <>
          {s.active === false && <Notice kind="info">{t('service.inactive_note')}</Notice>}
          <dl class="facts">
            <dt>{t('service.provider')}</dt>
            <dd>
              <bdi>{s.provider}</bdi>
            </dd>
            <dt>{t('service.category')}</dt>
            <dd>{label(CATEGORY, s.category, t)}</dd>
            {s.location && (
              <>
                <dt>{t('service.location')}</dt>
                <dd>
                  <bdi>{s.location}</bdi>
                </dd>
              </>
            )}
            {s.contact && (
              <>
                <dt>{t('service.contact')}</dt>
                <dd class="notes">
                  <bdi>{s.contact}</bdi>
                </dd>
              </>
            )}
            {s.accepts && (
              <>
                <dt>{t('service.accepts')}</dt>
                <dd class="notes">
                  <bdi>{s.accepts}</bdi>
                </dd>
              </>
            )}
          </dl>
        </>
      )}
      {!loader.loading && !loader.loadError && keeps && (
        <>
          <FormTop form={form} reload={creating ? undefined : loader.load} />
          <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
            <p class="hint">{t('form.required_note')}</p>
            {field('name')}
            {field('provider')}
            {field('category')}
            {field('location')}
            {field('contact')}
            {field('accepts')}
            {!creating && field('active')}
            <div class="actions">
              <button type="submit" class="btn btn-primary" disabled={form.busy}>
                {form.busy ? t('form.saving') : creating ? t('service.create') : t('form.save')}
              </button>
              <Link class="btn" href={back}>
                {t('form.cancel')}
              </Link>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
