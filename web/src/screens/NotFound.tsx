import { useT } from '../i18n';
import { Link } from '../router';

export function NotFound() {
  const { t } = useT();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('error.page_not_found')}</h1>
      <p>
        <Link href="/">{t('nav.home')}</Link>
      </p>
    </section>
  );
}
