// What the interviews came to, question by question: for choices a bar per choice (percent of
// those who answered, and how many), for numbers the lowest, mean, median and highest, for dates the
// earliest and latest; free text only counted, never shown.
import { useT, type TFunc } from '../../i18n';
import type { QuestionSummary, Summary } from './model';

// A percentage as the server gives it (one decimal), in the reader's way of writing it.
const percentText = (p: number, t: TFunc) => t('assessment.percent', { p: String(p) });

export function SummaryView({ summary }: { summary: Summary }) {
  const { t } = useT();
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t('assessment.summary_title')}</h2>
      <p class="as-counts">
        <span>
          {t('assessment.responses_count')} <strong>{summary.responses}</strong>
        </span>
        <span>
          {t('assessment.set_aside_count')} <strong>{summary.set_aside}</strong>
        </span>
      </p>
      {summary.responses === 0 ? (
        <p class="empty">{t('assessment.summary_empty')}</p>
      ) : (
        <ol class="as-summary">
          {summary.questions.map((q) => (
            <QuestionResult key={q.id} q={q} />
          ))}
        </ol>
      )}
    </section>
  );
}

function QuestionResult({ q }: { q: QuestionSummary }) {
  const { t } = useT();
  const id = 'sum-' + q.id;
  return (
    <li>
      <h3 id={id + '-text'}>
        <bdi>{q.text}</bdi>
      </h3>
      <p class="as-q-meta">{t('assessment.shown_answered', { shown: q.shown, answered: q.answered })}</p>
      {q.answered > 0 && <Figures q={q} />}
    </li>
  );
}

function Figures({ q }: { q: QuestionSummary }) {
  const { t } = useT();
  if (q.choices) {
    return (
      <ul class="as-bars">
        {q.choices.map((c) => (
          <li key={c.value}>
            <span class="as-bar-label">
              <bdi>{c.label}</bdi>
            </span>
            <span class="as-bar-figure">
              {percentText(c.percent, t)} <span class="as-bar-count">({c.count})</span>
            </span>
            {/* The bar only repeats the figure beside it; an SVG width, since the CSP allows no inline style. */}
            <svg class="as-bar" aria-hidden="true" focusable="false" viewBox="0 0 100 1" preserveAspectRatio="none">
              <rect class="as-bar-back" x="0" y="0" width="100" height="1" />
              <rect class="as-bar-fill" x="0" y="0" width={Math.max(0, Math.min(100, c.percent))} height="1" />
            </svg>
          </li>
        ))}
      </ul>
    );
  }
  if (q.type === 'number') {
    return (
      <dl class="facts as-figures">
        <dt>{t('assessment.min')}</dt>
        <dd>
          <span dir="ltr">{q.min}</span>
        </dd>
        <dt>{t('assessment.mean')}</dt>
        <dd>
          <span dir="ltr">{q.mean}</span>
        </dd>
        <dt>{t('assessment.median')}</dt>
        <dd>
          <span dir="ltr">{q.median}</span>
        </dd>
        <dt>{t('assessment.max')}</dt>
        <dd>
          <span dir="ltr">{q.max}</span>
        </dd>
      </dl>
    );
  }
  if (q.type === 'date') {
    return (
      <dl class="facts as-figures">
        <dt>{t('assessment.earliest')}</dt>
        <dd>
          <span dir="ltr">{q.earliest}</span>
        </dd>
        <dt>{t('assessment.latest')}</dt>
        <dd>
          <span dir="ltr">{q.latest}</span>
        </dd>
      </dl>
    );
  }
  return <p class="hint">{t('assessment.text_not_shown')}</p>;
}
