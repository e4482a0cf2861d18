// Recording an outcome instrument (PHQ-9, WHO-5, a programme's own ...) in a case: the instrument,
// the date and the timepoint, then one question per item with its answers as radio buttons ("no
// answer" allowed: the server scores what it may and gives no total when too many are missing).
// Once saved the score is said in words; an answer that raises a risk flag (PHQ-9 item 9 above 0)
// is said to have gone to the case's supervisor.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT, type TFunc } from '../../i18n';
import { Link } from '../../router';
import { fieldsOf } from '../../components/Field';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import { Loading } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import type { FieldDef } from '../../resources';
import {
  bandLabel,
  casePath,
  choicesOf,
  fieldId,
  inWords,
  loadInstruments,
  TIMEPOINT,
  TIMEPOINTS,
  today,
  type Case,
  type Instrument,
  type InstrumentItem,
  type OutcomeAssessment,
} from './model';
import { CaseFormFrame } from './CaseFormFrame';

const F: Record<string, FieldDef> = {
  instrument: { name: 'instrument', label: k('case_outcome.instrument'), kind: 'select', required: true },
  date: { name: 'date', label: k('case_outcome.date'), kind: 'date', required: true },
  timepoint: { name: 'timepoint', label: k('case_outcome.timepoint'), kind: 'select', hint: k('case_outcome.timepoint_hint') },
};
const itemField = (i: number) => 'item_' + i;

export function AssessmentForm({ id }: { id: string }) {
  const { t } = useT();
  return (
    <CaseFormFrame id={id} title={t('case_outcome.record')} allowed={(c) => c.status !== 'closed'} refusal={t('case_outcome.closed_case')}>
      {(c) => <AssessmentFields c={c} />}
    </CaseFormFrame>
  );
}

function AssessmentFields({ c }: { c: Case }) {
  const { t } = useT();
  const [instruments, setInstruments] = useState<Instrument[] | null>(null);
  const loader = useLoad(async () => setInstruments(await loadInstruments(c.programme_id)));
  useEffect(() => {
    void loader.load();
  }, [c.programme_id]);
  const [values, setValues] = useState<Record<string, string>>({ instrument: '', date: today(), timepoint: '' });
  // One entry per item: the answer, or null for none.
  const [answers, setAnswers] = useState<(number | null)[]>([]);
  const [result, setResult] = useState<OutcomeAssessment | null>(null);
  const chosen = instruments?.find((i) => i.code === values.instrument);
  const order = ['instrument', 'date', 'timepoint', ...(chosen?.items || []).map((_, i) => itemField(i))];
  const form = useForm(order, fieldId);

  if (!instruments) return loader.loading ? <Loading label={t('common.loading')} /> : <LoadState {...loader} />;
  if (result) {
    const again = () => {
      setResult(null);
      setAnswers(answers.map(() => null));
    };
    return <Result c={c} instrument={chosen} a={result} t={t} again={again} />;
  }

  const onInput = (name: string, v: string) => {
    setValues((old) => ({ ...old, [name]: v }));
    if (name === 'instrument') {
      const next = instruments.find((i) => i.code === v);
      setAnswers(next ? next.items.map(() => null) : []);
      form.clear();
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (!chosen) {
      form.show({ instrument: t('case_outcome.choose_instrument') }, t('form.fix_fields'));
      return;
    }
    const body: Record<string, unknown> = { instrument: chosen.code, person_id: c.person_id, case_id: c.id, date: values.date, answers };
    if (values.timepoint) body.timepoint = values.timepoint;
    void form.send(
      async () => {
        let data: OutcomeAssessment;
        try {
          data = (await api.post<OutcomeAssessment>('/assessments', body)).data;
        } catch (err) {
          throw inWords(err, t);
        }
        setResult(data);
      },
      // answers[3] is the fourth item's answer.
      (field) => {
        const m = /^answers\[(\d+)\]$/.exec(field);
        if (m) return itemField(Number(m[1]));
        return field in F ? field : undefined;
      },
    );
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: {
      instrument: instruments.map((i) => ({ value: i.code, label: i.name })),
      timepoint: choicesOf(TIMEPOINTS, TIMEPOINT, t),
    },
    onInput: (name, v) => onInput(name, v as string),
  });

  return (
    <>
      <FormTop form={form} />
      <form class="form cs-outcome-form" onSubmit={submit} noValidate aria-busy={form.busy}>
        {field('instrument')}
        {field('date')}
        {field('timepoint')}
        {chosen && (
          <>
            {chosen.instructions && (
              <p class="hint">
                <bdi>{chosen.instructions}</bdi>
              </p>
            )}
            <p class="hint">{t('case_outcome.items_hint')}</p>
            {chosen.items.map((item, i) => (
              <ItemQuestion
                key={chosen.code + i}
                n={i}
                item={item}
                value={answers[i] ?? null}
                error={form.errors[itemField(i)]}
                disabled={form.busy}
                t={t}
                onChange={(v) => setAnswers((old) => old.map((a, j) => (j === i ? v : a)))}
              />
            ))}
          </>
        )}
        <FormActions busy={form.busy} label={t('case_outcome.save')} cancel={casePath(c.id)} />
      </form>
    </>
  );
}

interface ItemProps {
  n: number;
  item: InstrumentItem;
  value: number | null;
  error?: string;
  disabled: boolean;
  t: TFunc;
  onChange: (v: number | null) => void;
}

// One item: its wording (else its id) and a radio button per answer, "no answer" first.
function ItemQuestion({ n, item, value, error, disabled, t, onChange }: ItemProps) {
  const id = fieldId(itemField(n));
  const errId = error ? id + '-error' : undefined;
  const name = 'q-' + n;
  const values: number[] = [];
  for (let v = item.min; v <= item.max; v++) values.push(v);
  const labels = item.option_labels && item.option_labels.length === values.length ? item.option_labels : null;
  return (
    <fieldset class={'field cs-question' + (error ? ' has-error' : '')} id={id} aria-describedby={errId} disabled={disabled}>
      <legend>
        <span class="cs-question-n">{t('case_outcome.item_n', { n: n + 1 })}</span> <bdi>{item.text || item.id}</bdi>
      </legend>
      <div class="radios">
        {values.map((v, i) => (
          <label class="check" key={v}>
            <input type="radio" name={name} value={String(v)} checked={value === v} aria-invalid={error ? true : undefined} onChange={() => onChange(v)} />
            <span>{labels ? <bdi>{labels[i]}</bdi> : <span dir="ltr">{v}</span>}</span>
          </label>
        ))}
        <label class="check cs-no-answer">
          <input type="radio" name={name} value="" checked={value === null} onChange={() => onChange(null)} />
          <span>{t('case_outcome.no_answer')}</span>
        </label>
      </div>
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

// The score in words once saved, with the flag sent to the supervisor, if any.
function Result({ c, instrument, a, t, again }: { c: Case; instrument?: Instrument; a: OutcomeAssessment; t: TFunc; again: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const name = instrument?.name || a.instrument;
  const max = instrument ? instrument.items.reduce((sum, i) => sum + i.max, 0) : undefined;
  const band = bandLabel(instrument, a.band);
  const raised = a.flags_raised?.length || 0;
  return (
    <section aria-labelledby="outcome-result-title" class="cs-outcome-result">
      <h2 id="outcome-result-title" tabIndex={-1} ref={heading}>
        {t('case_outcome.recorded', { name, date: a.date })}
      </h2>
      {raised > 0 && (
        <div class="warning">
          <p>
            <strong>{t('case_outcome.flag_sent', { name: c.supervisor_name || t('case_risk.the_supervisor') })}</strong>
          </p>
        </div>
      )}
      <p class="cs-score">
        {typeof a.total === 'number'
          ? max !== undefined
            ? t('case_outcome.total_of', { total: a.total, max })
            : t('case_outcome.total', { total: a.total })
          : t('case_outcome.no_total', { n: a.missing ?? 0 })}
        {typeof a.scaled === 'number' && <> {t('case_outcome.scaled', { scaled: a.scaled })}</>}
      </p>
      {band && (
        <p>
          {t('case_outcome.band')}: <strong><bdi>{band}</bdi></strong>
        </p>
      )}
      <p class="actions">
        <Link class="btn btn-primary" href={casePath(c.id)}>
          {t('case.back')}
        </Link>
        <button type="button" class="btn" onClick={again}>
          {t('case_outcome.record_another')}
        </button>
      </p>
    </section>
  );
}
