// A mediation's agreements by date: what was agreed for those who may read it (managers,
// supervisors, counsellors who mediate; never facilitators or M&E officers), whether each held at
// follow-up; the form to record one, and each one's follow-up, for those who record the mediation.
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag, type Me } from '../../api';
import { k, useT } from '../../i18n';
import { fieldsOf } from '../../components/Field';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { fieldId, today, unbroken } from '../activities/model';
import { HELD, mayRecord, type Agreement, type Mediation } from './model';

const F: Record<string, FieldDef> = {
  'ag-date': { name: 'date', label: k('agreement.date'), kind: 'date', required: true },
  'ag-text': { name: 'text', label: k('agreement.text'), kind: 'textarea', required: true, hint: k('agreement.text_hint') },
};
const ORDER = Object.keys(F);

// Whether an agreement held, and when that was checked.
function FollowUp({ a, onDone }: { a: Agreement; onDone: () => Promise<void> }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const ids = { held: 'fu-' + a.id + '-held', followed_up_on: 'fu-' + a.id + '-followed_up_on' };
  const defs: Record<string, FieldDef> = {
    [ids.held]: { name: 'held', label: k('agreement.held'), kind: 'select', required: true },
    [ids.followed_up_on]: { name: 'followed_up_on', label: k('agreement.followed_up_on'), kind: 'date', required: true },
  };
  const [values, setValues] = useState<Record<string, string>>({ [ids.held]: a.held || '', [ids.followed_up_on]: a.followed_up_on || today() });
  const form = useForm(Object.keys(defs), fieldId);
  if (!open) {
    return (
      <button type="button" class="btn btn-link" onClick={() => setOpen(true)}>
        {t('agreement.record_follow_up')}
      </button>
    );
  }
  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(
      async () => {
        const body = { held: values[ids.held] || undefined, followed_up_on: values[ids.followed_up_on].trim() || undefined };
        await api.patch<Agreement>('/mediation-agreements/' + encodeURIComponent(a.id), body, versionTag('', a));
        setOpen(false);
        await onDone();
      },
      (field) => (field === 'held' ? ids.held : field === 'followed_up_on' ? ids.followed_up_on : undefined),
    );
  };
  const field = fieldsOf({
    defs,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: { [ids.held]: Object.keys(HELD).map((h) => ({ value: h, label: t(HELD[h]) })) },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });
  return (
    <form class="form follow-up" onSubmit={submit} noValidate aria-busy={form.busy} aria-label={t('agreement.follow_up_of', { date: unbroken(a.date) })}>
      <FormTop form={form} />
      {field(ids.held)}
      {field(ids.followed_up_on)}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={form.busy}>
          {form.busy ? t('form.saving') : t('agreement.save_follow_up')}
        </button>
        <button type="button" class="btn" onClick={() => setOpen(false)}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

export function MediationAgreements({ me, m }: { me: Me | undefined; m: Mediation }) {
  const { t } = useT();
  const [items, setItems] = useState<Agreement[]>([]);
  const [visible, setVisible] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(() => ({ 'ag-date': today(), 'ag-text': '' }));
  const form = useForm(ORDER, fieldId);
  const loader = useLoad(async () => {
    const { data } = await api.get<{ items: Agreement[]; text_visible: boolean }>('/mediations/' + encodeURIComponent(m.id) + '/agreements');
    setItems(data.items);
    setVisible(data.text_visible);
  });
  useEffect(() => {
    void loader.load();
  }, [m.id, m.version]);

  const records = mayRecord(me, m);
  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(
      async () => {
        const body: Record<string, string> = {};
        if (values['ag-date'].trim()) body.date = values['ag-date'].trim();
        if (values['ag-text'].trim()) body.text = values['ag-text'];
        await api.post<Agreement>('/mediations/' + encodeURIComponent(m.id) + '/agreements', body);
        setValues({ 'ag-date': today(), 'ag-text': '' });
        form.setSaved(t('agreement.saved'));
        await loader.load();
      },
      (field) => (ORDER.includes('ag-' + field) ? 'ag-' + field : undefined),
    );
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
    <section aria-labelledby="agreements-title">
      <h2 id="agreements-title">{t('agreement.title', { n: items.length })}</h2>
      <LoadState {...loader} />
      {!loader.loading && items.length === 0 && <p class="empty">{t('agreement.none')}</p>}
      {items.length > 0 && !visible && <p class="hint">{t('agreement.text_hidden')}</p>}
      {items.length > 0 && (
        <ul class="records" aria-labelledby="agreements-title">
          {items.map((a) => (
            <li key={a.id}>
              <span class="record-link">
                <span class="record-primary">
                  {t('agreement.reached', { date: unbroken(a.date) })}
                </span>
                {a.text && (
                  <span class="notes">
                    <bdi>{a.text}</bdi>
                  </span>
                )}
                {a.held && (
                  <span class="record-secondary">
                    {t('agreement.held_on', { held: HELD[a.held] ? t(HELD[a.held]) : a.held, date: unbroken(a.followed_up_on) })}
                  </span>
                )}
                {records && <FollowUp a={a} onDone={loader.load} />}
              </span>
            </li>
          ))}
        </ul>
      )}
      {records && m.mediated !== false && (
        <details class="add-record">
          <summary>{t('agreement.add')}</summary>
          <FormTop form={form} />
          <form class="form" onSubmit={submit} noValidate aria-busy={form.busy} aria-label={t('agreement.add')}>
            {field('ag-date')}
            {field('ag-text')}
            {!m.text_visible && <p class="hint">{t('mediation.sealed_for_you')}</p>}
            <div class="actions">
              <button type="submit" class="btn btn-primary" disabled={form.busy}>
                {form.busy ? t('form.saving') : t('agreement.save')}
              </button>
            </div>
          </form>
        </details>
      )}
    </section>
  );
}
