// A case's status and dates, and the moves the viewer may make (model.movesFor): a counsellor asks
// for closure with a reason and an outcome; the supervisor's side signs it off or sends it back, or
// closes a case itself; a closed case is reopened with a reason. The server decides.
import { useState } from 'preact/hooks';
import { api, ApiError, type Me } from '../../api';
import { k, useT } from '../../i18n';
import { fieldsOf } from '../../components/Field';
import { FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import {
  apiCase,
  choicesOf,
  CLOSURE_REASON,
  fetchCase,
  fieldId,
  inWords,
  label,
  movesFor,
  OUTCOME,
  STATUS,
  today,
  type Case,
  type Move,
} from './model';

const F: Record<string, FieldDef> = {
  closure_reason: { name: 'closure_reason', label: k('case.closure_reason'), kind: 'select', required: true },
  outcome: { name: 'outcome', label: k('case.outcome'), kind: 'select', required: true },
  closed_on: { name: 'closed_on', label: k('case.closed_on'), kind: 'date', required: true },
  reopen_reason: { name: 'reopen_reason', label: k('case.reopen_reason'), kind: 'textarea', required: true },
};
const ORDER = Object.keys(F);

const MOVE_LABEL: Record<Move, string> = {
  assessment: k('case_move.assessment'),
  active: k('case_move.active'),
  ask_closure: k('case_move.ask_closure'),
  withdraw: k('case_move.withdraw'),
  sign_off: k('case_move.sign_off'),
  send_back: k('case_move.send_back'),
  close: k('case_move.close'),
  reopen: k('case_move.reopen'),
};
// The moves that need more than a click: their fields.
const NEEDS: Partial<Record<Move, string[]>> = {
  ask_closure: ['closure_reason', 'outcome'],
  close: ['closure_reason', 'outcome', 'closed_on'],
  reopen: ['reopen_reason'],
};
const TARGET: Record<Move, string> = {
  assessment: 'assessment',
  active: 'active',
  ask_closure: 'closing',
  withdraw: 'active',
  sign_off: 'closed',
  send_back: 'active',
  close: 'closed',
  reopen: 'active',
};

interface Props {
  c: Case;
  etag: string;
  me: Me | undefined;
  onChanged: (c: Case, etag: string) => void;
}

export function StatusPanel({ c, etag, me, onChanged }: Props) {
  const { t } = useT();
  const [chosen, setChosen] = useState<Move | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const form = useForm(ORDER, fieldId);
  const moves = movesFor(me, c);

  const send = (move: Move, extra: Record<string, string> = {}) => {
    const body: Record<string, string> = { status: TARGET[move], ...extra };
    void form.send(async () => {
      try {
        const { data, etag: next } = await api.patch<Case>(apiCase(c.id), body, etag);
        onChanged(data, next);
        setChosen(null);
        setValues({});
        form.setSaved(t('case_move.done', { status: label(STATUS, data.status, t) }));
        // The buttons just used are gone: the message says what happened, and focus goes to it.
        requestAnimationFrame(() => form.topRef.current?.focus());
      } catch (err) {
        const said = inWords(err, t);
        // A move the case's status does not allow (409 naming status) is said in a sentence of its own.
        if (said instanceof ApiError && said.status === 409 && said.errors.length === 1 && said.errors[0].field === 'status') {
          throw new ApiError(409, said.errors[0].message);
        }
        throw said;
      }
    });
  };

  const start = (move: Move) => {
    form.clear();
    form.setSaved('');
    const fields = NEEDS[move];
    if (!fields) {
      send(move);
      return;
    }
    setChosen(move);
    setValues(move === 'close' ? { closed_on: today() } : {});
    requestAnimationFrame(() => document.getElementById(fieldId(fields[0]))?.focus());
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    const extra: Record<string, string> = {};
    for (const f of NEEDS[chosen] || []) if (values[f]?.trim()) extra[f] = values[f];
    send(chosen, extra);
  };

  const reload = async () => {
    const { c: fresh, etag: tag } = await fetchCase(c.id, true);
    onChanged(fresh, tag);
    form.clear();
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: {
      closure_reason: choicesOf(Object.keys(CLOSURE_REASON), CLOSURE_REASON, t),
      outcome: choicesOf(Object.keys(OUTCOME), OUTCOME, t),
    },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <>
      <dl class="facts">
        <dt>{t('case.status')}</dt>
        <dd>
          <strong>{label(STATUS, c.status, t)}</strong>
          {c.status === 'closing' && <> — {t('case.awaiting_sign_off')}</>}
        </dd>
        <dt>{t('case.opened_on')}</dt>
        <dd>
            <span dir="ltr" class="cs-date">{c.opened_on}</span>
          </dd>
        {c.closure_reason && (
          <>
            <dt>{t('case.closure_reason')}</dt>
            <dd>{label(CLOSURE_REASON, c.closure_reason, t)}</dd>
          </>
        )}
        {c.outcome && (
          <>
            <dt>{t('case.outcome')}</dt>
            <dd>{label(OUTCOME, c.outcome, t)}</dd>
          </>
        )}
        {c.closed_on && (
          <>
            <dt>{t('case.closed_on')}</dt>
            <dd>
            <span dir="ltr" class="cs-date">{c.closed_on}</span>
          </dd>
          </>
        )}
        {!!c.reopened && (
          <>
            <dt>{t('case.reopened')}</dt>
            <dd>{c.reopened}</dd>
          </>
        )}
      </dl>
      <FormTop form={form} reload={() => void reload()} />
      {moves.length > 0 && !chosen && (
        <div class="actions cs-moves" role="group" aria-label={t('case_move.label')}>
          {moves.map((m) => (
            <button
              key={m}
              type="button"
              class={'btn' + (m === 'sign_off' ? ' btn-primary' : '')}
              disabled={form.busy}
              onClick={() => start(m)}
            >
              {t(MOVE_LABEL[m])}
            </button>
          ))}
        </div>
      )}
      {chosen && (
        <form class="form cs-move-form" onSubmit={submit} noValidate aria-busy={form.busy} aria-labelledby="move-title">
          <h3 id="move-title">{t(MOVE_LABEL[chosen])}</h3>
          {chosen === 'ask_closure' && <p class="hint">{t('case_move.ask_closure_hint')}</p>}
          {(NEEDS[chosen] || []).map((f) => field(f))}
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={form.busy}>
              {form.busy ? t('form.saving') : t(MOVE_LABEL[chosen])}
            </button>
            <button
              type="button"
              class="btn"
              disabled={form.busy}
              onClick={() => {
                setChosen(null);
                form.clear();
              }}
            >
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
