// The referral slip to print and hand to the person or the service: exactly what the server's slip
// carries — the date, urgency, the service and how to reach it, the person (named only while their
// consent for referral is in force today; otherwise their code and why), the reason, and who
// referred them. Printing hides the app around it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useT } from '../../i18n';
import { PageHeading } from '../../components/PageHeading';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { CATEGORY, label, referralPath, SEX, URGENCY, type Slip } from './model';

export function SlipPage({ id }: { id: string }) {
  const { t } = useT();
  const [slip, setSlip] = useState<Slip | null>(null);
  const title = t('slip.title');

  useTitle(title);

  const loader = useLoad(async () => {
    const { data } = await api.get<Slip>(referralPath(id) + '/slip');
    setSlip(data);
  });

  useEffect(() => {
    void loader.load();
  }, [id]);

  const p = slip?.person;
  const name = p ? [p.given_name, p.other_names, p.family_name].filter(Boolean).join(' ') : '';
  return (
    <section aria-labelledby="page-title" class="slip-page">
      <div class="no-print">
        <PageHeading back={referralPath(id)} backText={t('slip.back')} title={title} />
      </div>
      <LoadState {...loader} />
      {slip && (
        <>
          <p class="no-print page-actions">
            <button type="button" class="btn btn-primary" onClick={() => print()}>
              {t('slip.print')}
            </button>
          </p>
          {!slip.identity_shown && (
            <div class="no-print">
              <Notice kind="info">{t('slip.identity_withheld_help')}</Notice>
            </div>
          )}
          <article class="slip" aria-labelledby="slip-heading">
            <h2 id="slip-heading">{t('slip.heading')}</h2>
            <dl class="facts slip-facts">
              <dt>{t('slip.date')}</dt>
              <dd>
                <span dir="ltr">{slip.date}</span>
              </dd>
              <dt>{t('slip.urgency')}</dt>
              <dd>
                <strong>{label(URGENCY, slip.urgency, t)}</strong>
              </dd>
            </dl>
            <h3>{t('slip.to')}</h3>
            <p class="slip-service">
              <strong>
                <bdi>{slip.service.name}</bdi>
              </strong>
            </p>
            <p>
              <bdi>{[slip.service.provider, label(CATEGORY, slip.service.category, t)].filter(Boolean).join(' · ')}</bdi>
            </p>
            {slip.service.location && (
              <p>
                {t('slip.location')}: <bdi>{slip.service.location}</bdi>
              </p>
            )}
            {slip.service.contact && (
              <p>
                {t('slip.contact')}: <bdi>{slip.service.contact}</bdi>
              </p>
            )}
            <h3>{t('slip.person')}</h3>
            {slip.identity_shown ? (
              <>
                <p class="slip-name">
                  <bdi>{name}</bdi>
                </p>
                <p>
                  {[p?.sex ? label(SEX, p.sex, t) : '', typeof p?.age_years === 'number' ? t('referral.age', { n: p.age_years }) : '']
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </>
            ) : (
              <p class="slip-withheld">{t('slip.identity_withheld')}</p>
            )}
            <p>
              {t('slip.code')}: <span dir="ltr">{p?.code}</span>
            </p>
            {!slip.identity_shown && slip.identity_note && (
              <p class="hint slip-note">
                <bdi>{slip.identity_note}</bdi>
              </p>
            )}
            <h3>{t('slip.reason')}</h3>
            <p class="notes">
              <bdi>{slip.reason}</bdi>
            </p>
            <h3>{t('slip.referred_by')}</h3>
            <p>
              <bdi>{[slip.referrer.name, slip.referrer.organization].filter(Boolean).join(', ')}</bdi>
            </p>
            <p class="slip-sign">{t('slip.signature')}</p>
          </article>
        </>
      )}
    </section>
  );
}
