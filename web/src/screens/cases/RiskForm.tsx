// Recording a risk assessment: the date, a level for each of the three domains (at least one), and
// what was said and the safety plan. A domain at "high" raises a flag the case's supervisor must
// acknowledge within the programme's time: the form says so as soon as one is chosen.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { casePath, fieldId, inWords, RISK_DOMAINS, RISK_LEVEL, RISK_LEVELS, today, type Case, type RiskAssessment } from './model';
import { CaseFormFrame } from './CaseFormFrame';

const LEVELS = RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL[l] }));
const F: Record<string, FieldDef> = {
  date: { name: 'date', label: k('case_risk.date'), kind: 'date', required: true },
  self_harm: { name: 'self_harm', label: k('case_risk.self_harm'), kind: 'radio', options: LEVELS },
  harm_to_others: { name: 'harm_to_others', label: k('case_risk.harm_to_others'), kind: 'radio', options: LEVELS },
  protection: { name: 'protection', label: k('case_risk.protection'), kind: 'radio', options: LEVELS },
  details: { name: 'details', label: k('case_risk.details'), kind: 'textarea', hint: k('case_risk.details_hint') },
};
const ORDER = Object.keys(F);

// The hours a supervisor has to acknowledge a flag: the programme's, else the server's default.
const DEFAULT_HOURS = 24;

export function RiskForm({ id }: { id: string }) {
  const { t } = useT();
  return (
    <CaseFormFrame id={id} title={t('case_risk.record')} allowed={(c) => c.status !== 'closed'} refusal={t('case_risk.closed_case')}>
      {(c) => <RiskFields c={c} />}
    </CaseFormFrame>
  );
}

function RiskFields({ c }: { c: Case }) {
  const { t } = useT();
  const { programmes } = useSession();
  const form = useForm(ORDER, fieldId);
  const [values, setValues] = useState<Record<string, string>>({ date: today(), self_harm: '', harm_to_others: '', protection: '', details: '' });
  const high = RISK_DOMAINS.some((d) => values[d] === 'high');
  const hours = Number(programmes.find((p) => p.id === c.programme_id)?.risk_acknowledge_hours) || DEFAULT_HOURS;
  const supervisor = c.supervisor_name || t('case_risk.the_supervisor');

  const submit = (e: Event) => {
    e.preventDefault();
    const body: Record<string, string> = { person_id: c.person_id, case_id: c.id, date: values.date };
    for (const d of RISK_DOMAINS) if (values[d]) body[d] = values[d];
    if (values.details.trim()) body.details = values.details;
    void form.send(async () => {
      let data: RiskAssessment;
      try {
        data = (await api.post<RiskAssessment>('/risk-assessments', body)).data;
      } catch (err) {
        throw inWords(err, t);
      }
      const raised = data.flags_raised?.length || 0;
      if (raised > 0) setFlash(k('case_risk.recorded_flag'), { name: supervisor });
      else setFlash(k('case_risk.recorded'), { date: values.date });
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
      <form class="form cs-risk" onSubmit={submit} noValidate aria-busy={form.busy}>
        <p class="hint">{t('case_risk.intro')}</p>
        {field('date')}
        {RISK_DOMAINS.map((d) => field(d))}
        {/* Always present, so that screen readers hear the warning when it appears. */}
        <div role="status" class={high ? 'warning' : undefined}>
          {high && <p>{t('case_risk.high_warning', { name: supervisor, hours })}</p>}
        </div>
        {c.notes_visible && field('details')}
        <FormActions busy={form.busy} label={t('case_risk.save')} cancel={casePath(c.id)} />
      </form>
    </>
  );
}
