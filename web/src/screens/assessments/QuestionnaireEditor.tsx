// The questionnaire editor (managers): the form as JSON in a text box, the current one or a starter
// to adapt, with the format's rules beside it. The server checks it: each problem is listed by the
// member it names (questionnaire.questions[2].choices[0].value), and a change that would alter what
// recorded answers mean is refused with the server's reason.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { describe, fieldMessage } from '../../errors';
import { setFlash } from '../../flash';
import { PageHeading } from '../../components/PageHeading';
import { AssessmentGate } from './AssessmentGate';
import { useTitle } from '../../components/useTitle';
import { ErrorNotice, Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { FormActions, useBusy } from '../../components/useForm';
import { apiActivity, assessmentPath, fetchActivity, fetchQuestionnaire, isAssessment, type Activity, type Form } from './model';

// A small form that shows every kind of question and a skip rule, to adapt.
const STARTER: Form = {
  version: 'my-form-1',
  title: 'Household needs',
  questions: [
    { id: 'q_sex', text: 'Sex of the respondent', type: 'single', required: true, choices: [{ value: 'female', label: 'Female' }, { value: 'male', label: 'Male' }] },
    { id: 'q_household_size', text: 'How many people live in the household?', type: 'number', min: 1, max: 30, integer: true },
    { id: 'q_distress', text: 'In the last two weeks, was anyone in the household too upset to do their daily tasks?', type: 'single', required: true, choices: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
    { id: 'q_distress_who', text: 'Who was it?', type: 'multi', choices: [{ value: 'children', label: 'Children' }, { value: 'women', label: 'Women' }, { value: 'men', label: 'Men' }], show_if: { question: 'q_distress', equals: 'yes' } },
    { id: 'q_arrived', text: 'When did the household arrive?', type: 'date' },
    { id: 'q_comments', text: 'Anything else the team should know', type: 'text', max_length: 500 },
  ],
};

const json = (f: Form) => JSON.stringify(f, null, 2);

interface Trouble {
  message: string;
  // The server's own words, when they say more than the message.
  detail?: string;
  fields: { field: string; message: string }[];
  conflict: boolean;
}

export function QuestionnaireEditor({ id }: { id: string }) {
  const { t } = useT();
  const [activity, setActivity] = useState<Activity | null>(null);
  const [etag, setEtag] = useState('');
  const [exists, setExists] = useState(false);
  const [text, setText] = useState('');
  const [trouble, setTrouble] = useState<Trouble | null>(null);
  const { busy, run } = useBusy();
  const topRef = useRef<HTMLDivElement>(null);
  const title = t('assessment.editor_title');
  const back = assessmentPath(id);

  useTitle(title);

  const loader = useLoad(async () => {
    const a = await fetchActivity(id);
    setActivity(a);
    if (!isAssessment(a)) return;
    const q = await fetchQuestionnaire(id);
    setExists(!!q);
    setEtag(q ? q.etag : '');
    setText(json(q ? q.q.form : STARTER));
    setTrouble(null);
  });

  useEffect(() => {
    void loader.load();
  }, [id]);

  const fail = (found: Trouble) => {
    setTrouble(found);
    requestAnimationFrame(() => topRef.current?.focus());
  };

  const save = (e: Event) => {
    e.preventDefault();
    let form: unknown;
    try {
      form = JSON.parse(text);
    } catch (err) {
      fail({ message: t('assessment.editor_not_json', { message: err instanceof Error ? err.message : '' }), fields: [], conflict: false });
      return;
    }
    setTrouble(null);
    void run(
      async () => {
        await request(apiActivity(id) + '/questionnaire', { method: 'PUT', body: form, ifMatch: exists ? etag : undefined });
        setFlash(k('assessment.form_saved'));
        navigate(back);
      },
      (err) => {
        if (err instanceof ApiError && err.status === 409) {
          // The server names the member whose change would alter the recorded answers.
          const fields = err.errors.map((fe) => ({ field: fe.field, message: fe.message }));
          fail({ message: t('assessment.editor_answered'), detail: fields.length ? undefined : err.detail, fields, conflict: false });
        } else if (err instanceof ApiError && err.status === 422 && err.errors.length > 0) {
          fail({ message: t('assessment.editor_problems'), fields: err.errors.map((fe) => ({ field: fe.field, message: fieldMessage(fe.message, t) })), conflict: false });
        } else {
          fail({ message: describe(err, t), fields: [], conflict: err instanceof ApiError && err.status === 412 });
        }
      },
    );
  };

  const heading = (
    <PageHeading back={back} backText={t('assessment.back_to')} title={title}>
      {activity && <bdi>{activity.title}</bdi>}
    </PageHeading>
  );
  const notReady = AssessmentGate({ loader, activity, heading });
  if (notReady || !activity) return notReady;

  return (
    <section aria-labelledby="page-title" class="assessment">
      {heading}
      <div ref={topRef} tabIndex={-1} class="form-top" id="editor-problems">
        {trouble && (
          <ErrorNotice action={trouble.conflict ? t('form.reload') : undefined} onAction={loader.load}>
            <p>{trouble.message}</p>
            {trouble.detail && <p lang="en">{trouble.detail}</p>}
            {trouble.fields.length > 0 && (
              <ul class="as-problems">
                {trouble.fields.map((f, i) => (
                  <li key={i}>
                    <code dir="ltr">{f.field}</code>: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </ErrorNotice>
        )}
      </div>
      {!exists && <Notice kind="info">{t('assessment.editor_starter')}</Notice>}
      <Help />
      <form class="form" onSubmit={save} noValidate aria-busy={busy}>
        <div class={'field' + (trouble ? ' has-error' : '')}>
          <label for="questionnaire-json">{t('assessment.editor_label')}</label>
          <textarea
            id="questionnaire-json"
            class="as-json"
            dir="ltr"
            rows={20}
            spellcheck={false}
            autoComplete="off"
            value={text}
            disabled={busy}
            aria-invalid={trouble ? true : undefined}
            aria-describedby={trouble ? 'editor-problems' : undefined}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <FormActions busy={busy} label={t('assessment.editor_save')} cancel={back} />
      </form>
    </section>
  );
}

// The format's rules in short (docs/formats/questionnaire.md has them in full).
function Help() {
  const { t } = useT();
  const rules: [string, string][] = [
    ['version', k('assessment.help_version')],
    ['questions[].id', k('assessment.help_id')],
    ['questions[].type', k('assessment.help_type')],
    ['required', k('assessment.help_required')],
    ['choices', k('assessment.help_choices')],
    ['min, max, integer', k('assessment.help_number')],
    ['max_length', k('assessment.help_text')],
    ['show_if', k('assessment.help_show_if')],
  ];
  return (
    <details class="as-help">
      <summary>{t('assessment.help_title')}</summary>
      <ul>
        {rules.map(([member, key]) => (
          <li key={member}>
            <code dir="ltr">{member}</code>: {t(key)}
          </li>
        ))}
      </ul>
      <p>{t('assessment.help_change')}</p>
    </details>
  );
}
