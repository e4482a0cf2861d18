// The certificate of a training participant who completed it, to print: the number (given the
// first time it is opened and kept), the name, agency and role, the training, its topics and dates,
// the programme, and the attendance. Printing hides the app around it. A participant who has not
// completed is answered with why.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { useT } from '../../i18n';
import { useLocation } from '../../router';
import { describe } from '../../errors';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { DateRange } from './parts';
import { notCompletedText, topicText, type Certificate } from './groups';

export function CertificatePage({ participantId }: { participantId: string }) {
  const { t } = useT();
  const { search } = useLocation();
  const activity = search.get('activity') || '';
  const [cert, setCert] = useState<Certificate | null>(null);
  const [error, setError] = useState('');
  const [refused, setRefused] = useState('');
  const [loading, setLoading] = useState(true);
  const title = t('certificate.title');

  useTitle(title);

  const load = async () => {
    setLoading(true);
    setError('');
    setRefused('');
    try {
      const { data } = await api.get<Certificate>('/participants/' + encodeURIComponent(participantId) + '/certificate');
      setCert(data);
    } catch (e) {
      // 409: the participant has not completed the training; the problem says why.
      if (e instanceof ApiError && e.status === 409) setRefused(notCompletedText(e, t));
      else setError(describe(e, t));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load();
  }, [participantId]);

  const back = activity ? '/activities/' + encodeURIComponent(activity) : '/activities';
  return (
    <section aria-labelledby="page-title" class="certificate-page">
      <div class="no-print">
        <PageHeading back={back} backText={activity ? t('activity.back') : t('form.back_to', { what: t('activities.title') })} title={title}>
          {cert && <bdi>{cert.name}</bdi>}
        </PageHeading>
      </div>
      {loading && <Loading label={t('common.loading')} />}
      {refused && <Notice kind="error">{refused}</Notice>}
      {error && (
        <ErrorNotice action={t('common.retry')} onAction={load}>
          {error}
        </ErrorNotice>
      )}
      {cert && (
        <>
          <p class="no-print page-actions">
            <button type="button" class="btn btn-primary" onClick={() => print()}>
              {t('certificate.print')}
            </button>
          </p>
          <article class="certificate" aria-labelledby="certificate-heading">
            {cert.programme && (
              <p class="certificate-programme">
                <bdi>{cert.programme}</bdi>
              </p>
            )}
            <h2 id="certificate-heading">{t('certificate.heading')}</h2>
            <p>{t('certificate.certifies')}</p>
            <p class="certificate-name">
              <bdi>{cert.name}</bdi>
            </p>
            <p>
              <bdi>{[cert.role, cert.agency].filter(Boolean).join(', ')}</bdi>
            </p>
            <p>{t('certificate.completed')}</p>
            <p class="certificate-training">
              <bdi>{cert.training}</bdi>
            </p>
            {cert.start_date && (
              <p>
                <DateRange start={cert.start_date} end={cert.end_date} />
              </p>
            )}
            {cert.topics && cert.topics.length > 0 && (
              <p>
                {t('certificate.topics')}: {cert.topics.map((x) => topicText(x, t)).join(t('certificate.list_separator'))}
              </p>
            )}
            {cert.sessions_held !== undefined && (
              <p>{t('certificate.attendance', { attended: cert.attended ?? 0, held: cert.sessions_held })}</p>
            )}
            <dl class="facts certificate-facts">
              <dt>{t('certificate.number')}</dt>
              <dd>
                <span dir="ltr">{cert.number}</span>
              </dd>
              <dt>{t('certificate.issued_on')}</dt>
              <dd>
                <span dir="ltr">{cert.issued_on}</span>
              </dd>
            </dl>
            <p class="certificate-sign">{t('certificate.signature')}</p>
          </article>
        </>
      )}
    </section>
  );
}
