// The case plan: goals, each with its status (open, achieved, dropped), added, changed and removed
// by those assigned to the case and managers. Saved whole, with If-Match.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { setFlash } from '../../flash';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import { apiCase, casePath, fetchCase, GOAL_STATUS, inWords, label, remember, type Case, type Goal } from './model';
import { CaseFormFrame } from './CaseFormFrame';

const MAX_GOALS = 20;

export function PlanForm({ id }: { id: string }) {
  const { t } = useT();
  return (
    <CaseFormFrame id={id} title={t('case_plan.edit_title')} allowed={(c) => !!c.notes_visible} refusal={t('case.not_yours')}>
      {(c, etag) => <PlanFields c={c} etag={etag} />}
    </CaseFormFrame>
  );
}

// The element id of a goal's text or status, as the server names them: plan.goals[2].text.
const goalId = (name: string) => 'f-' + name.replace(/[.[\]]+/g, '-').replace(/-$/, '');

function PlanFields({ c: first, etag: firstTag }: { c: Case; etag: string }) {
  const { t } = useT();
  const [c, setCase] = useState(first);
  const [etag, setEtag] = useState(firstTag);
  const [goals, setGoals] = useState<Goal[]>(() => (first.plan?.goals || []).map((g) => ({ text: g.text, status: g.status || 'open' })));
  const order = ['plan', 'plan.goals', ...goals.flatMap((_, i) => [`plan.goals[${i}].text`, `plan.goals[${i}].status`])];
  const form = useForm(order, (name) => (name === 'plan' || name === 'plan.goals' ? 'plan-goals' : goalId(name)));

  const change = (i: number, g: Partial<Goal>) => setGoals((old) => old.map((x, j) => (j === i ? { ...x, ...g } : x)));
  const add = () => {
    setGoals((old) => [...old, { text: '', status: 'open' }]);
    requestAnimationFrame(() => document.getElementById(goalId(`plan.goals[${goals.length}].text`))?.focus());
  };
  const remove = (i: number) => {
    setGoals((old) => old.filter((_, j) => j !== i));
    requestAnimationFrame(() => document.getElementById('plan-add')?.focus());
  };

  const reload = async () => {
    const got = await fetchCase(c.id, true);
    setCase(got.c);
    setEtag(got.etag);
    setGoals((got.c.plan?.goals || []).map((g) => ({ text: g.text, status: g.status || 'open' })));
    form.clear();
  };

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(async () => {
      try {
        const { data, etag: next } = await api.patch<Case>(apiCase(c.id), { plan: { goals } }, etag);
        remember(data, next);
      } catch (err) {
        throw inWords(err, t);
      }
      setFlash(k('case_plan.saved'));
      navigate(casePath(c.id));
    });
  };

  return (
    <>
      <FormTop form={form} reload={() => void reload()} />
      <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
        <p class="hint" id="plan-hint">
          {t('case_plan.hint')}
        </p>
        {(form.errors.plan || form.errors['plan.goals']) && (
          <p class="field-error" id="plan-goals" tabIndex={-1}>
            {form.errors.plan || form.errors['plan.goals']}
          </p>
        )}
        {goals.length === 0 && <p class="empty">{t('case_plan.none')}</p>}
        <ol class="cs-goal-edit">
          {goals.map((g, i) => {
            const textName = `plan.goals[${i}].text`;
            const statusName = `plan.goals[${i}].status`;
            const textErr = form.errors[textName];
            const statusErr = form.errors[statusName];
            return (
              <li key={i}>
                <fieldset class="field" disabled={form.busy}>
                  <legend>{t('case_plan.goal_n', { n: i + 1 })}</legend>
                  <div class={'field' + (textErr ? ' has-error' : '')}>
                    <label for={goalId(textName)}>
                      {t('case_plan.goal_text')}
                      <span class="req" aria-hidden="true">
                        {' '}
                        *
                      </span>
                    </label>
                    <textarea
                      id={goalId(textName)}
                      rows={2}
                      required
                      value={g.text}
                      aria-invalid={textErr ? true : undefined}
                      aria-describedby={textErr ? goalId(textName) + '-error' : undefined}
                      onInput={(e) => change(i, { text: e.currentTarget.value })}
                    />
                    {textErr && (
                      <p class="field-error" id={goalId(textName) + '-error'}>
                        {textErr}
                      </p>
                    )}
                  </div>
                  <div class={'field' + (statusErr ? ' has-error' : '')}>
                    <label for={goalId(statusName)}>{t('case_plan.goal_status')}</label>
                    <select id={goalId(statusName)} value={g.status} onChange={(e) => change(i, { status: e.currentTarget.value })}>
                      {Object.keys(GOAL_STATUS).map((s) => (
                        <option key={s} value={s}>
                          {label(GOAL_STATUS, s, t)}
                        </option>
                      ))}
                    </select>
                    {statusErr && <p class="field-error">{statusErr}</p>}
                  </div>
                  <button type="button" class="btn btn-small" onClick={() => remove(i)}>
                    {t('case_plan.remove', { n: i + 1 })}
                  </button>
                </fieldset>
              </li>
            );
          })}
        </ol>
        {goals.length < MAX_GOALS && (
          <p>
            <button type="button" id="plan-add" class="btn" disabled={form.busy} onClick={add}>
              {t('case_plan.add')}
            </button>
          </p>
        )}
        <FormActions busy={form.busy} label={t('case_plan.save')} cancel={casePath(c.id)} />
      </form>
    </>
  );
}
