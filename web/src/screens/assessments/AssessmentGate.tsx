// What an assessment screen shows before it can show itself: the loading state or its error, or a
// notice when the activity is not a needs assessment. null once the screen may render.
import type { ComponentChildren, JSX } from 'preact';
import { useT } from '../../i18n';
import { Notice } from '../../components/Notice';
import { LoadState, type Loader } from '../../components/useLoad';
import { isAssessment, type Activity } from './model';

interface Props {
  loader: Loader;
  activity: Activity | null | undefined;
  heading: ComponentChildren;
}

export function AssessmentGate({ loader, activity, heading }: Props): JSX.Element | null {
  const { t } = useT();
  if (loader.loading || loader.loadError || !activity) {
    return (
      <section aria-labelledby="page-title">
        {heading}
        <LoadState {...loader} />
      </section>
    );
  }
  if (!isAssessment(activity)) {
    return (
      <section aria-labelledby="page-title">
        {heading}
        <Notice kind="info">{t('assessment.not_assessment')}</Notice>
      </section>
    );
  }
  return null;
}
