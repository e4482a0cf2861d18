// What awaits a supervisor (a manager: the whole organisation): open risk flags, overdue first and
// marked, each acknowledged here with the action taken; closures asked for, signed off or sent back.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { k, useT, type TFunc } from '../../i18n';
import { Link } from '../../router';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { useBusy, useForm } from '../../components/useForm';
import { useTitle } from '../../components/useTitle';
import { describe } from '../../errors';
import type { FieldDef } from '../../resources';
import {
  apiCase,
  casePath,
  CLOSURE_REASON,
  dayOf,
  flagReason,
  instrumentShort,
  inWords,
  label,
  OUTCOME,
  personName,
  RISK_LEVEL,
  type Case,
  type Queue,
  type RiskFlag,
} from './model';

const NOTE: FieldDef = { name: 'note', label: k('queue.action_taken'), kind: 'textarea', required: true, hint: k('queue.action_hint') };

export function SupervisionQueue() {
  const { t } = useT();
  const [queue, setQueue] = useState<Queue | null>(null);
  const [done, setDone] = useState('');
  const doneRef = useRef<HTMLDivElement>(null);
  const title = t('queue.title');
  useTitle(title);

  const loader = useLoad(async () => {
    setQueue((await api.get<Queue>('/cases/supervision-queue')).data);
  });
  useEffect(() => {
    void loader.load();
  }, []);

  // Something was settled: say so, where focus goes, and read the queue again.
  const settled = async (message: string) => {
    setDone(message);
    try {
      setQueue((await api.get<Queue>('/cases/supervision-queue')).data);
    } catch {
      void loader.load();
    }
    requestAnimationFrame(() => doneRef.current?.focus());
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <div ref={doneRef} tabIndex={-1} class="form-top">
        {done && <Notice kind="ok">{done}</Notice>}
      </div>
      {!queue && <LoadState {...loader} />}
      {queue && (
        <>
          {queue.supervised > 0 && <p class="hint">{t('queue.supervised_n', { n: queue.supervised })}</p>}
          <section aria-labelledby="flags-title">
            <h2 id="flags-title">{t('queue.flags_title', { n: queue.flags.length })}</h2>
            {queue.flags.length === 0 ? (
              <p class="empty">{t('queue.no_flags')}</p>
            ) : (
              <ul class="cs-queue" aria-labelledby="flags-title">
                {queue.flags.map((f) => (
                  <FlagItem key={f.id} f={f} t={t} onDone={settled} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="closures-title">
            <h2 id="closures-title">{t('queue.closures_title', { n: queue.closures.length })}</h2>
            {queue.closures.length === 0 ? (
              <p class="empty">{t('queue.no_closures')}</p>
            ) : (
              <ul class="cs-queue" aria-labelledby="closures-title">
                {queue.closures.map((c) => (
                  <ClosureItem key={c.id} c={c} t={t} onDone={settled} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function FlagItem({ f, t, onDone }: { f: RiskFlag; t: TFunc; onDone: (message: string) => void }) {
  const id = 'ack-' + f.id;
  const form = useForm(['note'], () => id);
  const [note, setNote] = useState('');
  const name = personName(f.person, t);
  const headingId = 'flag-' + f.id;

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(async () => {
      try {
        await api.post('/risk-flags/' + encodeURIComponent(f.id) + '/acknowledge', { note });
      } catch (err) {
        // Acknowledged meanwhile (by a manager, say): nothing left to do here.
        if (err instanceof ApiError && err.status === 409) {
          onDone(t('queue.already_acknowledged', { reason: flagReason(f.reason, t), name }));
          return;
        }
        throw inWords(err, t);
      }
      onDone(t('queue.acknowledged', { reason: flagReason(f.reason, t), name }));
    });
  };

  return (
    <li class={'cs-item' + (f.overdue ? ' cs-overdue' : '')}>
      <h3 id={headingId}>
        <bdi>{name}</bdi>
      </h3>
      <p class="cs-what">
        <span class="badge badge-no">
          {f.instrument
            ? t('queue.flag_from', { reason: flagReason(f.reason, t), name: instrumentShort(f.instrument) })
            : t('queue.flag_is', { reason: flagReason(f.reason, t), level: label(RISK_LEVEL, f.level, t) })}
        </span>
        {f.overdue && <span class="badge badge-no cs-strong">{t('queue.overdue')}</span>}
      </p>
      <p class="record-secondary">
        {t('queue.raised', { when: dayOf(f.raised_ms) })}
        {' · '}
        <span class={f.overdue ? 'cs-alert' : undefined}>{t('queue.due_by', { when: dayOf(f.due_ms) })}</span>
      </p>
      {f.case_id && (
        <p>
          <Link href={casePath(f.case_id)}>{t('queue.open_case_of', { name })}</Link>
        </p>
      )}
      {form.top && <ErrorNotice>{form.top}</ErrorNotice>}
      <form class="form cs-ack" onSubmit={submit} noValidate aria-busy={form.busy}>
        <Field id={id} def={NOTE} value={note} error={form.errors.note} disabled={form.busy} onInput={(v) => setNote(v as string)} />
        <button type="submit" class="btn btn-primary" disabled={form.busy}>
          {form.busy ? t('form.saving') : t('queue.acknowledge')}
        </button>
      </form>
    </li>
  );
}

function ClosureItem({ c, t, onDone }: { c: Case; t: TFunc; onDone: (message: string) => void }) {
  const { busy, run } = useBusy();
  const [error, setError] = useState('');
  const name = personName(c.person, t);
  const headingId = 'closure-' + c.id;

  const move = (status: 'closed' | 'active', message: string) => {
    setError('');
    void run(
      async () => {
        await api.patch(apiCase(c.id), { status }, c.version !== undefined ? `"${c.version}"` : '');
        onDone(message);
      },
      (e) => setError(describe(inWords(e, t), t)),
    );
  };

  return (
    <li class="cs-item">
      <h3 id={headingId}>
        <bdi>{name}</bdi>
      </h3>
      <p class="record-secondary">
        {c.counsellor_name && <>{t('queue.counsellor_is', { name: c.counsellor_name })} · </>}
        {t('queue.closure_is', { reason: label(CLOSURE_REASON, c.closure_reason, t), outcome: label(OUTCOME, c.outcome, t) })}
      </p>
      <p>
        <Link href={casePath(c.id)}>{t('queue.open_case_of', { name })}</Link>
      </p>
      {error && <ErrorNotice>{error}</ErrorNotice>}
      <div class="actions">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => move('closed', t('queue.signed_off', { name }))}>
          {t('case_move.sign_off')}
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => move('active', t('queue.sent_back', { name }))}>
          {t('case_move.send_back')}
        </button>
      </div>
    </li>
  );
}
