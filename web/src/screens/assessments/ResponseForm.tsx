// Recording an interview, and correcting one: the questionnaire as a form, with its skip logic
// live (a question shows once its condition is met; answers to hidden questions are not sent), the
// interview date, and the respondent, anonymous unless a registered person is chosen. The server's
// message about an answer goes under its question. A recorded interview can be set aside (no longer
// counted) and counted again. Those who may read but not record interviews see the answers only.
import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, versionTag } from '../../api';
import { k, useT, type TFunc } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { describe } from '../../errors';
import { setFlash } from '../../flash';
import { Confirm } from '../../components/Confirm';
import { findPeople } from '../../components/people';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import { Loading, Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormActions, FormTop, useBusy, useForm } from '../../components/useForm';
import {
  answersToSend,
  apiActivity,
  assessmentPath,
  choiceLabel,
  fetchActivity,
  fetchQuestionnaire,
  inWords,
  isAnswered,
  isAssessment,
  limitsText,
  mayRecord,
  maySeeResponses,
  personText,
  shownQuestions,
  today,
  type Activity,
  type Answer,
  type AssessmentResponse,
  type Form,
  type PersonSummary,
  type Question,
} from './model';

type Answers = Record<string, Answer>;

// A date inside a sentence, kept left to right in Arabic too.
const ltr = (s: string) => '\u2066' + s + '\u2069';

// Form field names: "date", "person_id" and "answers.<question id>", as the server names them.
const idOf = (name: string) => (name === 'date' ? 'r-date' : name === 'person_id' ? 'r-person' : 'q-' + name.replace(/^answers\./, ''));

// Today, if the assessment runs today; otherwise the date is for the interviewer to give.
function defaultDate(a: Activity): string {
  const d = today();
  return (!a.start_date || d >= a.start_date) && (!a.end_date || d <= a.end_date) ? d : '';
}

// The answers as the form's inputs hold them: numbers as text.
function toInputs(answers: Answers | undefined): Answers {
  const out: Answers = {};
  for (const [id, a] of Object.entries(answers || {})) out[id] = typeof a === 'number' ? String(a) : a;
  return out;
}

export function ResponseForm({ activityId, responseId }: { activityId: string; responseId: string | null }) {
  const { t } = useT();
  const { me } = useSession();
  const creating = responseId === null;
  const [activity, setActivity] = useState<Activity | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [record, setRecord] = useState<AssessmentResponse | null>(null);
  const [etag, setEtag] = useState('');
  const [date, setDate] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [named, setNamed] = useState(false);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const order = ['date', 'person_id', ...(form?.questions || []).map((q) => 'answers.' + q.id)];
  const state = useForm(order, idOf);
  const { busy, errors } = state;
  const title = creating ? t('assessment.record') : t('assessment.response_title');
  const back = assessmentPath(activityId);

  useTitle(title);

  const loader = useLoad(async () => {
    const a = await fetchActivity(activityId);
    setActivity(a);
    if (!isAssessment(a)) return;
    const q = await fetchQuestionnaire(activityId);
    setForm(q ? q.q.form : null);
    if (creating) {
      setDate((old) => old || defaultDate(a));
      return;
    }
    const { data, etag: tag } = await api.get<AssessmentResponse>('/responses/' + encodeURIComponent(responseId!));
    setRecord(data);
    setEtag(versionTag(tag, data));
    setDate(data.date);
    setAnswers(toInputs(data.answers));
    setNamed(!!data.person_id);
    setPerson(data.person_id ? data.person || { id: data.person_id } : null);
    state.clear();
  });

  useEffect(() => {
    void loader.load();
  }, [activityId, responseId]);

  const heading = (
    <PageHeading back={back} backText={t('assessment.back_to')} title={title}>
      {activity && (
        <>
          <bdi>{activity.title}</bdi>
          {record && (
            <>
              {' · '}
              <span dir="ltr">{record.date}</span>
            </>
          )}
        </>
      )}
    </PageHeading>
  );
  const page = (body: ComponentChildren) => (
    <section aria-labelledby="page-title" class="assessment">
      {heading}
      {body}
    </section>
  );

  if (loader.loading || loader.loadError || !activity) return page(<LoadState {...loader} />);
  if (!isAssessment(activity)) return page(<Notice kind="info">{t('assessment.not_assessment')}</Notice>);
  if (!form) return page(<Notice kind="info">{t('assessment.no_form')}</Notice>);
  const recorder = mayRecord(me, activity);
  if (creating && !recorder) return page(<Notice kind="info">{t('assessment.not_yours')}</Notice>);
  if (creating && activity.status === 'cancelled') return page(<Notice kind="info">{t('assessment.cancelled')}</Notice>);
  if (!creating && record && !recorder) {
    return page(
      maySeeResponses(me, activity) ? <ReadOnlyAnswers form={form} response={record} /> : <Notice kind="info">{t('assessment.responses_not_yours')}</Notice>,
    );
  }

  const shown = shownQuestions(form, answers);
  const setAnswer = (id: string, a: Answer) => setAnswers((old) => ({ ...old, [id]: a }));

  const submit = (e: Event) => {
    e.preventDefault();
    setAsking(false);
    // What cannot be sent as it is: a number that is not one, a registered respondent not chosen.
    const local: Record<string, string> = {};
    const sent = answersToSend(form, answers);
    for (const q of form.questions) {
      if (q.type === 'number' && sent[q.id] !== undefined) {
        const n = Number(sent[q.id]);
        if (!Number.isFinite(n)) local['answers.' + q.id] = t('assessment_error.number');
        else sent[q.id] = n;
      }
    }
    if (named && !person) local.person_id = t('assessment.person_needed');
    if (Object.keys(local).length > 0) {
      state.show(local, t('form.fix_fields'));
      return;
    }
    const body: Record<string, unknown> = { date: date.trim(), answers: sent };
    if (named && person) body.person_id = person.id;
    else if (!creating && record?.person_id) body.person_id = null;
    void state.send(async () => {
      try {
        if (creating) {
          await api.post(apiActivity(activityId) + '/responses', body);
          setFlash(k('assessment.recorded'), { date: body.date });
        } else {
          await api.patch('/responses/' + encodeURIComponent(responseId!), body, etag);
          setFlash(k('assessment.saved'), { date: body.date });
        }
        navigate(back);
      } catch (err) {
        throw inWords(err, t);
      }
    });
  };

  // Sets the interview aside (no longer counted), or counts it again.
  const setActive = (active: boolean) => {
    void state.send(async () => {
      await api.patch('/responses/' + encodeURIComponent(responseId!), { active }, etag);
      setFlash(active ? k('assessment.counted_again') : k('assessment.set_aside_done'), { date: record?.date });
      navigate(back);
    });
  };
  const askSetAside = () => {
    setAsking(true);
    requestAnimationFrame(() => confirmRef.current?.focus());
  };

  return page(
    <>
      <FormTop form={state} reload={creating ? undefined : loader.load} />
      {record?.active === false && (
        <div class="notice notice-info as-set-aside" role="status">
          {t('assessment.is_set_aside')}{' '}
          <button type="button" class="btn btn-small" disabled={busy} onClick={() => setActive(true)}>
            {t('assessment.count_again')}
          </button>
        </div>
      )}
      <form class="form as-response" onSubmit={submit} noValidate aria-busy={busy}>
        <p class="hint">{t('form.required_note')}</p>
        <div class={'field' + (errors.date ? ' has-error' : '')}>
          <label for="r-date">
            {t('assessment.date')}
            <span class="req" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <input
            id="r-date"
            type="date"
            dir="ltr"
            required
            value={date}
            min={activity.start_date}
            max={activity.end_date && activity.end_date < today() ? activity.end_date : today()}
            disabled={busy}
            aria-invalid={errors.date ? true : undefined}
            aria-describedby={(errors.date ? 'r-date-error ' : '') + 'r-date-hint'}
            onInput={(e) => setDate(e.currentTarget.value)}
          />
          <p class="hint" id="r-date-hint">
            {activity.start_date && activity.end_date
              ? t('assessment.date_hint_range', { from: ltr(activity.start_date), to: ltr(activity.end_date) })
              : t('assessment.date_hint_today')}
          </p>
          {errors.date && (
            <p class="field-error" id="r-date-error">
              {errors.date}
            </p>
          )}
        </div>
        <Respondent
          programmeId={activity.programme_id || ''}
          named={named}
          person={person}
          error={errors.person_id}
          disabled={busy}
          onNamed={setNamed}
          onPerson={setPerson}
        />
        <h2>{t('assessment.questions')}</h2>
        {form.questions.map((q, i) =>
          shown.has(q.id) ? (
            <QuestionField key={q.id} q={q} n={i + 1} value={answers[q.id]} error={errors['answers.' + q.id]} disabled={busy} onChange={(a) => setAnswer(q.id, a)} />
          ) : null,
        )}
        <FormActions busy={busy} label={creating ? t('assessment.save_new') : t('form.save')} cancel={back} />
      </form>
      {!creating && record && record.active !== false && (
        <section class="danger-zone" aria-labelledby="set-aside-title">
          <h2 id="set-aside-title">{t('assessment.set_aside_title')}</h2>
          <p class="hint">{t('assessment.set_aside_hint')}</p>
          {asking ? (
            <Confirm
              id="set-aside-confirm"
              class="confirm"
              questionRef={confirmRef}
              question={t('assessment.set_aside_question', { date: record.date })}
              yes={t('assessment.set_aside_yes')}
              busy={busy}
              onYes={() => setActive(false)}
              onCancel={() => setAsking(false)}
            />
          ) : (
            <button type="button" class="btn btn-danger-outline" disabled={busy} onClick={askSetAside}>
              {t('assessment.set_aside')}
            </button>
          )}
        </section>
      )}
    </>,
  );
}

interface FieldProps {
  q: Question;
  n: number;
  value: Answer | undefined;
  error?: string;
  disabled: boolean;
  onChange: (a: Answer) => void;
}

// One question with the input its type needs, what it accepts and the message about its answer.
function QuestionField({ q, n, value, error, disabled, onChange }: FieldProps) {
  const { t } = useT();
  const id = 'q-' + q.id;
  const limits = limitsText(q, t);
  const hintId = limits ? id + '-hint' : '';
  const errId = error ? id + '-error' : '';
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  const invalid = error ? true : undefined;
  const label = (
    <>
      <span class="as-n">{n}.</span> <bdi>{q.text}</bdi>
      {q.required && (
        <span class="req" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </>
  );
  const below = (
    <>
      {limits && (
        <p class="hint" id={hintId}>
          {limits}
        </p>
      )}
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
    </>
  );
  const text = typeof value === 'string' ? value : '';

  if (q.type === 'single' || q.type === 'multi') {
    const multi = q.type === 'multi';
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset class={'field as-question' + (error ? ' has-error' : '')} id={id} aria-describedby={describedBy}>
        <legend>{label}</legend>
        {multi && <p class="hint">{t('assessment.choose_any')}</p>}
        <div class="as-options">
          {(q.choices || []).map((c) => (
            <label class="check" key={c.value}>
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={id}
                value={c.value}
                disabled={disabled}
                checked={multi ? chosen.includes(c.value) : text === c.value}
                required={!multi && q.required}
                aria-invalid={invalid}
                onChange={(e) => {
                  if (!multi) return onChange(c.value);
                  const on = e.currentTarget.checked;
                  // Kept in the order of the choices, as the server stores them.
                  onChange((q.choices || []).map((x) => x.value).filter((v) => (v === c.value ? on : chosen.includes(v))));
                }}
              />
              <span>
                <bdi>{c.label}</bdi>
              </span>
            </label>
          ))}
        </div>
        {!multi && !q.required && text && (
          <button type="button" class="btn btn-link" disabled={disabled} onClick={() => onChange('')}>
            {t('assessment.clear_answer')}
          </button>
        )}
        {below}
      </fieldset>
    );
  }

  const common = {
    id,
    disabled,
    required: q.required,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    value: text,
    onInput: (e: Event) => onChange((e.currentTarget as HTMLInputElement).value),
  };
  let control;
  if (q.type === 'number') {
    control = <input {...common} type="number" dir="ltr" inputMode={q.integer ? 'numeric' : 'decimal'} min={q.min} max={q.max} step={q.integer ? 1 : 'any'} />;
  } else if (q.type === 'date') {
    control = <input {...common} type="date" dir="ltr" />;
  } else {
    control = <textarea {...common} rows={3} maxLength={q.max_length} />;
  }
  return (
    <div class={'field as-question' + (error ? ' has-error' : '')}>
      <label for={id}>{label}</label>
      {control}
      {below}
    </div>
  );
}

interface RespondentProps {
  programmeId: string;
  named: boolean;
  person: PersonSummary | null;
  error?: string;
  disabled: boolean;
  onNamed: (named: boolean) => void;
  onPerson: (p: PersonSummary | null) => void;
}

// Anonymous, or a registered person of the programme found by words of the name or the code.
function Respondent({ programmeId, named, person, error, disabled, onNamed, onPerson }: RespondentProps) {
  const { t } = useT();
  const errId = error ? 'r-person-error' : undefined;
  return (
    <fieldset class={'field' + (error ? ' has-error' : '')} id="r-person" aria-describedby={errId}>
      <legend>{t('assessment.respondent')}</legend>
      <div class="radios">
        <label class="check">
          <input type="radio" name="respondent" checked={!named} disabled={disabled} onChange={() => onNamed(false)} />
          <span>{t('assessment.anonymous')}</span>
        </label>
        <label class="check">
          <input type="radio" name="respondent" checked={named} disabled={disabled} onChange={() => onNamed(true)} />
          <span>{t('assessment.registered')}</span>
        </label>
      </div>
      {named &&
        (person ? (
          <p class="as-chosen">
            <span>
              {t('assessment.respondent_is')} <strong><bdi>{personText(person, t)}</bdi></strong>
              {person.code && (person.given_name || person.family_name) && (
                <>
                  {' '}
                  (<span dir="ltr">{person.code}</span>)
                </>
              )}
            </span>{' '}
            <button type="button" class="btn btn-link" disabled={disabled} onClick={() => onPerson(null)}>
              {t('assessment.change_person')}
            </button>
          </p>
        ) : (
          <PersonSearch programmeId={programmeId} onChoose={onPerson} />
        ))}
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

// Inside the interview's form, so no <form> of its own: Enter in the box searches.
function PersonSearch({ programmeId, onChoose }: { programmeId: string; onChoose: (p: PersonSummary) => void }) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState('');
  const { busy, run } = useBusy();

  const search = () => {
    if (!q.trim()) return;
    setError('');
    void run(
      async () => {
        setFound(await findPeople(q, programmeId));
      },
      (err) => setError(describe(err, t)),
    );
  };

  return (
    <div class="as-person-search">
      <div class="search" role="search">
        <label for="r-person-q" class="visually-hidden">
          {t('assessment.person_search')}
        </label>
        <input
          id="r-person-q"
          type="search"
          value={q}
          autoComplete="off"
          placeholder={t('assessment.person_placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              search();
            }
          }}
        />
        <button type="button" class="btn" disabled={busy} onClick={search}>
          {t('list.search')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {busy && <Loading label={t('common.loading')} />}
      {found && !busy && found.length === 0 && <p class="empty">{t('assessment.person_none')}</p>}
      {found && found.length > 0 && (
        <ul class="records" aria-label={t('assessment.person_results')}>
          {found.map((p) => (
            <li key={p.id}>
              <span class="record-link">
                <span class="record-primary">
                  <bdi>{personText(p, t)}</bdi>
                </span>
                {p.code && (
                  <span class="record-secondary" dir="ltr">
                    {p.code}
                  </span>
                )}
              </span>
              <button type="button" class="btn" aria-label={t('assessment.choose_named', { name: personText(p, t) })} onClick={() => onChoose(p)}>
                {t('assessment.choose')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// An answer in words: choices by their labels, the rest as given.
function answerText(q: Question, a: Answer | undefined, t: TFunc): string {
  if (!isAnswered(a)) return t('assessment.no_answer');
  if (Array.isArray(a)) return a.map((v) => choiceLabel(q, v)).join(', ');
  if (q.type === 'single') return choiceLabel(q, String(a));
  return String(a);
}

// The interview as recorded, for those who may read but not record it.
function ReadOnlyAnswers({ form, response }: { form: Form; response: AssessmentResponse }) {
  const { t } = useT();
  const shown = shownQuestions(form, response.answers);
  return (
    <>
      <Notice kind="info">{t('assessment.read_only')}</Notice>
      {response.active === false && <Notice kind="info">{t('assessment.is_set_aside')}</Notice>}
      <dl class="as-answers">
        <dt>{t('assessment.date')}</dt>
        <dd>
          <span dir="ltr">{response.date}</span>
        </dd>
        <dt>{t('assessment.respondent')}</dt>
        <dd>{response.person_id ? <bdi>{personText(response.person, t)}</bdi> : t('assessment.anonymous')}</dd>
        {form.questions
          .filter((q) => shown.has(q.id))
          .map((q) => (
            <Fragment key={q.id}>
              <dt>
                <bdi>{q.text}</bdi>
              </dt>
              <dd>
                <bdi>{answerText(q, response.answers[q.id], t)}</bdi>
              </dd>
            </Fragment>
          ))}
      </dl>
    </>
  );
}
