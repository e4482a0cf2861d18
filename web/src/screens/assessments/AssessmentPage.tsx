// A needs assessment: how many were interviewed, the summary per question (bars for choices,
// figures for numbers and dates, only a count for free text), the questionnaire in words, and for
// those allowed the interviews themselves, the CSV export and "Record an interview". Managers set
// the questionnaire from here.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { PageHeading } from '../../components/PageHeading';
import { AssessmentGate } from './AssessmentGate';
import { useTitle } from '../../components/useTitle';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { PagedResults, usePagedList } from '../../components/usePagedList';
import {
  apiActivity,
  assessmentPath,
  fetchActivity,
  fetchQuestionnaire,
  isAssessment,
  mayRecord,
  maySeeResponses,
  maySetForm,
  personText,
  responsePath,
  type Activity,
  type AssessmentResponse,
  type Form,
  type Summary,
} from './model';
import { QuestionList } from './QuestionList';
import { SummaryView } from './SummaryView';

const RESPONSES_PAGE = 50;

export function AssessmentPage({ id }: { id: string }) {
  const { t } = useT();
  const { me } = useSession();
  const [flash] = useState(takeFlash);
  const [activity, setActivity] = useState<Activity | null>(null);
  // undefined until known; null when the assessment has no questionnaire yet.
  const [form, setForm] = useState<Form | null | undefined>(undefined);
  const [summary, setSummary] = useState<Summary | null>(null);
  const responses = usePagedList<AssessmentResponse>();
  const title = t('assessment.title');

  useTitle(title);

  const loader = useLoad(async () => {
    const a = await fetchActivity(id);
    setActivity(a);
    if (!isAssessment(a)) return;
    const q = await fetchQuestionnaire(id);
    setForm(q ? q.q.form : null);
    if (!q) return;
    setSummary((await api.get<Summary>(apiActivity(id) + '/responses/summary')).data);
    if (maySeeResponses(me, a)) {
      void responses.start(async (cursor) => (await api.get<Page<AssessmentResponse>>(apiActivity(id) + '/responses' + query({ order: 'newest', limit: RESPONSES_PAGE, cursor }))).data);
    }
  });

  useEffect(() => {
    void loader.load();
  }, [id]);

  const heading = (
    <PageHeading back={'/activities/' + encodeURIComponent(id)} backText={t('assessment.back')} title={title}>
      {activity && <bdi>{activity.title}</bdi>}
    </PageHeading>
  );

  const notReady = AssessmentGate({ loader, activity, heading });
  if (notReady || !activity) return notReady;

  const base = assessmentPath(id);
  const planner = maySetForm(me);
  const recorder = mayRecord(me, activity) && activity.status !== 'cancelled';
  const reader = maySeeResponses(me, activity);

  return (
    <section aria-labelledby="page-title" class="assessment">
      {heading}
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}

      {form === null ? (
        <>
          <Notice kind="info">{planner ? t('assessment.no_form_planner') : t('assessment.no_form')}</Notice>
          {planner && (
            <p class="page-actions">
              <Link class="btn btn-primary" href={base + '/questionnaire'}>
                {t('assessment.set_form')}
              </Link>
            </p>
          )}
        </>
      ) : (
        form && (
          <>
            {(recorder || planner) && (
              <p class="page-actions as-actions">
                {recorder && (
                  <Link class="btn btn-primary" href={base + '/responses/new'}>
                    {t('assessment.record')}
                  </Link>
                )}
                {planner && (
                  <Link class="btn" href={base + '/questionnaire'}>
                    {t('assessment.edit_form')}
                  </Link>
                )}
              </p>
            )}
            {summary && <SummaryView summary={summary} />}
            <section aria-labelledby="form-title">
              <h2 id="form-title">{t('assessment.form_title')}</h2>
              <details class="as-form" open={!summary || summary.responses === 0}>
                <summary>
                  <span>
                    <bdi>{form.title || form.version}</bdi> · {t('assessment.n_questions', { n: form.questions.length })}
                  </span>
                </summary>
                <p class="hint">
                  {t('assessment.form_version')} <span dir="ltr">{form.version}</span>
                </p>
                <QuestionList form={form} />
              </details>
            </section>
            {reader ? (
              <section aria-labelledby="responses-title">
                <h2 id="responses-title">{t('assessment.responses_title')}</h2>
                <p class="hint">{t('assessment.responses_hint')}</p>
                <PagedResults list={responses} empty={t('assessment.responses_none')} label={t('assessment.responses_label')}>
                  {(r) => (
                    <li key={r.id} class={r.active === false ? 'inactive' : undefined}>
                      <Link class="record-link" href={responsePath(id, r.id)}>
                        <span class="record-primary">
                          <span dir="ltr">{r.date}</span>
                        </span>
                        <span class="record-secondary">
                          {r.person_id ? (
                            <>
                              {t('assessment.named')}: <bdi>{personText(r.person, t)}</bdi>
                            </>
                          ) : (
                            t('assessment.anonymous')
                          )}
                        </span>
                      </Link>
                      {r.active === false && <span class="badge">{t('assessment.set_aside_badge')}</span>}
                    </li>
                  )}
                </PagedResults>
                <Export activityId={id} />
              </section>
            ) : (
              <p class="hint">{t('assessment.responses_not_yours')}</p>
            )}
          </>
        )
      )}
    </section>
  );
}

// The CSV of the active interviews, with or without the free-text answers.
function Export({ activityId }: { activityId: string }) {
  const { t } = useT();
  const [withText, setWithText] = useState(false);
  const href = '/api/v1' + apiActivity(activityId) + '/responses/export' + query({ format: 'csv', include_text: withText ? 'true' : 'false' });
  return (
    <div class="as-export">
      <h3>{t('assessment.export_title')}</h3>
      <p class="hint" id="export-hint">
        {t('assessment.export_hint')}
      </p>
      <label class="check">
        <input type="checkbox" checked={withText} onChange={(e) => setWithText(e.currentTarget.checked)} />
        <span>{t('assessment.export_text')}</span>
      </label>
      <a class="btn" href={href} download aria-describedby="export-hint">
        {t('assessment.export')}
      </a>
    </div>
  );
}
