// A mediation's sessions by date (notes for those who may read them) and the form to record one,
// for those who record the mediation. A facilitator's notes are kept sealed and not shown back.
import { useEffect, useState } from 'preact/hooks';
import { api, type Me } from '../../api';
import { k, useT } from '../../i18n';
import { fieldsOf } from '../../components/Field';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { fieldId, today } from '../activities/model';
import { SESSION_KIND, mayRecord, type Mediation, type MediationOptions, type MediationSession } from './model';

const F: Record<string, FieldDef> = {
  'ms-date': { name: 'date', label: k('mediation_session.date'), kind: 'date', required: true },
  'ms-kind': { name: 'kind', label: k('mediation_session.kind'), kind: 'select', required: true },
  'ms-duration_minutes': { name: 'duration_minutes', label: k('mediation_session.duration'), kind: 'number', step: '1', min: 1, max: 600 },
  'ms-place': { name: 'place', label: k('mediation_session.place'), kind: 'text' },
  'ms-notes': { name: 'notes', label: k('mediation_session.notes'), kind: 'textarea' },
};
const ORDER = Object.keys(F);
const blank = () => ({ 'ms-date': today(), 'ms-kind': '', 'ms-duration_minutes': '', 'ms-place': '', 'ms-notes': '' });

export function MediationSessions({ me, m, options }: { me: Me | undefined; m: Mediation; options: MediationOptions | null }) {
  const { t } = useT();
  const [items, setItems] = useState<MediationSession[]>([]);
  const [values, setValues] = useState<Record<string, string>>(blank);
  const form = useForm(ORDER, fieldId);
  const loader = useLoad(async () => {
    const { data } = await api.get<{ items: MediationSession[] }>('/mediations/' + encodeURIComponent(m.id) + '/sessions');
    setItems(data.items);
  });
  useEffect(() => {
    void loader.load();
  }, [m.id, m.version]);

  const records = mayRecord(me, m) && m.mediated !== false;
  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(
      async () => {
        const body: Record<string, unknown> = {};
        for (const f of ORDER) {
          const v = f === 'ms-notes' ? values[f] : values[f].trim();
          if (!v.trim()) continue;
          body[F[f].name] = f === 'ms-duration_minutes' && /^\d+$/.test(v) ? Number(v) : v;
        }
        await api.post<MediationSession>('/mediations/' + encodeURIComponent(m.id) + '/sessions', body);
        setValues(blank());
        form.setSaved(t('mediation_session.saved'));
        await loader.load();
      },
      (field) => (ORDER.includes('ms-' + field) ? 'ms-' + field : undefined),
    );
  };
  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: {
      'ms-kind': (options?.session_kinds || Object.keys(SESSION_KIND)).map((c) => ({ value: c, label: SESSION_KIND[c] ? t(SESSION_KIND[c]) : c })),
    },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('mediation_session.title', { n: items.length })}</h2>
      <LoadState {...loader} />
      {!loader.loading && items.length === 0 && <p class="empty">{t('mediation_session.none')}</p>}
      {items.length > 0 && (
        <ul class="records" aria-labelledby="sessions-title">
          {items.map((s) => (
            <li key={s.id}>
              <span class="record-link">
                <span class="record-primary">
                  <span dir="ltr">{s.date}</span> · {s.kind && SESSION_KIND[s.kind] ? t(SESSION_KIND[s.kind]) : s.kind}
                </span>
                {(s.duration_minutes || s.place) && (
                  <span class="record-secondary">
                    {[s.duration_minutes ? t('mediation_session.minutes', { n: s.duration_minutes }) : '', s.place || ''].filter(Boolean).join(' · ')}
                  </span>
                )}
                {s.notes && (
                  <span class="notes">
                    <bdi>{s.notes}</bdi>
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {records && (
        <details class="add-record">
          <summary>{t('mediation_session.add')}</summary>
          <FormTop form={form} />
          <form class="form" onSubmit={submit} noValidate aria-busy={form.busy} aria-label={t('mediation_session.add')}>
            {field('ms-date')}
            {field('ms-kind')}
            {field('ms-duration_minutes')}
            {field('ms-place')}
            {field('ms-notes')}
            {!m.text_visible && <p class="hint">{t('mediation.sealed_for_you')}</p>}
            <div class="actions">
              <button type="submit" class="btn btn-primary" disabled={form.busy}>
                {form.busy ? t('form.saving') : t('mediation_session.save')}
              </button>
            </div>
          </form>
        </details>
      )}
    </section>
  );
}
