// Recording a counselling session: date, type, whether the person came (a missed appointment has no
// duration), how long, the next appointment (the latest session's sets the case's follow-up) and
// notes. The case's assigned counsellor or supervisor, or a manager.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { setFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { apiCase, casePath, choicesOf, fieldId, inWords, SESSION_TYPE, today, type Case } from './model';
import { CaseFormFrame } from './CaseFormFrame';

const F: Record<string, FieldDef> = {
  date: { name: 'date', label: k('case_session.date'), kind: 'date', required: true },
  type: { name: 'type', label: k('case_session.type'), kind: 'select', required: true },
  attended: {
    name: 'attended',
    label: k('case_session.attended'),
    kind: 'radio',
    required: true,
    options: [
      { value: 'yes', label: k('case_session.attended_yes') },
      { value: 'no', label: k('case_session.attended_no') },
    ],
  },
  duration_minutes: { name: 'duration_minutes', label: k('case_session.duration'), kind: 'number', step: '1', min: 1, max: 600 },
  next_appointment: { name: 'next_appointment', label: k('case_session.next_appointment'), kind: 'date', hint: k('case_session.next_hint') },
  notes: { name: 'notes', label: k('case_session.notes'), kind: 'textarea', hint: k('case_session.notes_hint') },
};
const ORDER = Object.keys(F);

export function SessionForm({ id }: { id: string }) {
  const { t } = useT();
  return (
    <CaseFormFrame id={id} title={t('case_session.record')} allowed={(c) => c.status !== 'closed'} refusal={t('case_session.closed_case')}>
      {(c) => <SessionFields c={c} />}
    </CaseFormFrame>
  );
}

function SessionFields({ c }: { c: Case }) {
  const { t } = useT();
  const form = useForm(ORDER, fieldId);
  const [values, setValues] = useState<Record<string, string>>({
    date: today(),
    type: 'individual',
    attended: 'yes',
    duration_minutes: '',
    next_appointment: '',
    notes: '',
  });
  const missed = values.attended === 'no';

  const submit = (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { date: values.date, type: values.type, attended: !missed };
    const minutes = values.duration_minutes.trim();
    if (!missed && minutes) body.duration_minutes = /^\d+$/.test(minutes) ? Number(minutes) : minutes;
    if (values.next_appointment) body.next_appointment = values.next_appointment;
    if (values.notes.trim()) body.notes = values.notes;
    void form.send(async () => {
      try {
        await api.post(apiCase(c.id) + '/sessions', body);
      } catch (err) {
        throw inWords(err, t);
      }
      setFlash(k('case_session.recorded'), { date: values.date });
      navigate(casePath(c.id));
    });
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: { type: choicesOf(Object.keys(SESSION_TYPE), SESSION_TYPE, t) },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <>
      <FormTop form={form} />
      <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
        <p class="hint">{t('form.required_note')}</p>
        {field('date')}
        {field('type')}
        {field('attended')}
        {!missed && field('duration_minutes')}
        {field('next_appointment')}
        {c.notes_visible && field('notes')}
        <FormActions busy={form.busy} label={t('case_session.save')} cancel={casePath(c.id)} />
      </form>
    </>
  );
}
