// The questionnaire in words: each question with its type, whether it is required, its choices or
// limits, and when the skip logic asks it.
import { useT } from '../../i18n';
import { limitsText, showIfText, typeText, type Form } from './model';

export function QuestionList({ form }: { form: Form }) {
  const { t } = useT();
  return (
    <ol class="as-questions">
      {form.questions.map((q) => {
        const limits = limitsText(q, t);
        const rule = showIfText(q, form, t);
        return (
          <li key={q.id}>
            <p class="as-q-text">
              <bdi>{q.text}</bdi>
            </p>
            <p class="as-q-meta">
              {typeText(q.type, t)}
              {' · '}
              {q.required ? <strong>{t('assessment.required')}</strong> : t('assessment.optional')}
              {limits && ' · ' + limits}
              {' · '}
              <code dir="ltr">{q.id}</code>
            </p>
            {q.choices && q.choices.length > 0 && (
              <ul class="as-choices">
                {q.choices.map((c) => (
                  <li key={c.value}>
                    <bdi>{c.label}</bdi>
                  </li>
                ))}
              </ul>
            )}
            {rule && <p class="as-rule">{rule}</p>}
          </li>
        );
      })}
    </ol>
  );
}
