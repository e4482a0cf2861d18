// Small pieces the activity screens share.
import type { ComponentChildren } from 'preact';
import { useT } from '../../i18n';

// "2016-02-01 – 2016-12-20", or "from 2016-02-01": each date kept left to right in Arabic too.
export function DateRange({ start, end }: { start?: string; end?: string }) {
  const { t } = useT();
  if (!start) return null;
  if (!end) {
    return (
      <>
        {t('activity.from_date')} <span dir="ltr">{start}</span>
      </>
    );
  }
  return (
    <>
      <span dir="ltr">{start}</span> – <span dir="ltr">{end}</span>
    </>
  );
}

// One term and its value in a list of facts; nothing when there is nothing to say.
export function Fact({ show, term, children }: { show: boolean; term: string; children: ComponentChildren }) {
  if (!show) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}
