// A supervision note on a case: the date and what the supervisor advised. The case's supervisor or
// a manager; the counsellor reads it on the case's timeline.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { apiCase, casePath, fieldId, inWords, supervises, today, type Case } from './model';
import { CaseFormFrame } from './CaseFormFrame';

const F: Record<string, FieldDef> = {
  date: { name: 'date', label: k('case_supervision.date'), kind: 'date', required: true },
  note: { name: 'note', label: k('case_supervision.note'), kind: 'textarea', required: true, hint: k('case_supervision.note_hint') },
};
const ORDER = Object.keys(F);

export function SupervisionForm({ id }: { id: string }) {
  const { t } = useT();
  const { me } = useSession();
  return (
    <CaseFormFrame id={id} title={t('case_supervision.write')} allowed={(c) => supervises(me, c)} refusal={t('case_supervision.not_yours')}>
      {(c) => <SupervisionFields c={c} />}
    </CaseFormFrame>
  );
}

function SupervisionFields({ c }: { c: Case }) {
  const { t } = useT();
  const form = useForm(ORDER, fieldId);
  const [values, setValues] = useState<Record<string, string>>({ date: today(), note: '' });

  const submit = (e: Event) => {
    e.preventDefault();
    const body: Record<string, string> = { note: values.note };
    if (values.date) body.date = values.date;
    void form.send(async () => {
      try {
        await api.post(apiCase(c.id) + '/supervision', body);
      } catch (err) {
        throw inWords(err, t);
      }
      setFlash(k('case_supervision.saved'), { date: values.date });
      navigate(casePath(c.id));
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
    <>
      <FormTop form={form} />
      <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
        <p class="hint">{t('form.required_note')}</p>
        {field('date')}
        {field('note')}
        <FormActions busy={form.busy} label={t('case_supervision.save')} cancel={casePath(c.id)} />
      </form>
    </>
  );
}
