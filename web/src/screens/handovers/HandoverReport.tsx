// The handover report (/handovers/:id/report), made to be printed or saved as PDF and kept by both
// organisations: the terms, who approved and when, what moved (records by kind) and on which
// consent (people by how they moved, the consent coverage), what stayed and why (counted, never
// named), the open items the receiver takes on, and the support plan (until when, which
// organisations advise). As GET /handovers/{id}/report answers it; handovers.css prints it on A4.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { LoadState, useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { APPROVAL_ROLE, POLICY, STATUS, dateText, label, momentText, pagePath, type HandoverReport as Report } from './model';
import { Part, PeopleMoving, ReasonCounts, RecordCounts, WithheldCounts } from './parts';

export function HandoverReport({ id }: { id: string }) {
  const { t } = useT();
  const [r, setR] = useState<Report | null>(null);
  useTitle(t('handover.report_title'));
  const loader = useLoad(async () => {
    const { data } = await api.get<Report>('/handovers/' + id + '/report');
    setR(data);
  });
  useEffect(() => {
    void loader.load();
  }, [id]);

  const h = r?.handover;
  const pkg = r?.package;
  return (
    <section aria-labelledby="page-title" class="handovers hv-report" data-complete={r ? h!.id + ' ' + h!.status : undefined}>
      <p class="crumbs no-print">
        <Link href={pagePath(id)}>{t('form.back_to', { what: t('handover.title') })}</Link>
      </p>
      <h1 id="page-title">
        {t('handover.report_title')}
        {h?.programme?.name && (
          <span class="subtitle">
            <bdi>{h.programme.name}</bdi>
          </span>
        )}
      </h1>
      <LoadState {...loader} />
      {r && h && (
        <>
          <div class="hv-actions no-print">
            <button type="button" class="btn" data-action="print" onClick={() => window.print()}>
              {t('handover.print')}
            </button>
          </div>

          <Part id="hvr-terms" title={t('handover.terms')} class="hvr-terms">
            <dl class="facts hv-facts">
              <dt>{t('handover.sender')}</dt>
              <dd data-fact="sender">
                <bdi>{h.sender?.name || '—'}</bdi>
              </dd>
              <dt>{t('handover.receiver')}</dt>
              <dd data-fact="receiver">
                <bdi>{h.receiver?.name || '—'}</bdi>
              </dd>
              <dt>{t('handover.effective_date')}</dt>
              <dd>{dateText(h.effective_date)}</dd>
              <dt>{t('handover.purpose')}</dt>
              <dd class="hv-text" data-fact="purpose">
                <bdi>{h.purpose}</bdi>
              </dd>
              <dt>{t('handover.agreement_reference')}</dt>
              <dd>
                <bdi>{h.agreement_reference}</bdi>
              </dd>
              <dt>{t('handover.non_consenting')}</dt>
              <dd>{label(POLICY, h.non_consenting, t)}</dd>
              <dt>{t('handover.status_label')}</dt>
              <dd data-fact="status">{label(STATUS, h.status, t)}</dd>
            </dl>
          </Part>

          <Part id="hvr-approvals" title={t('handover.approvals')}>
            {r.approvals.length === 0 ? (
              <p class="empty">{t('handover.no_approvals')}</p>
            ) : (
              <ul class="hv-approvals">
                {r.approvals.map((a, i) => (
                  <li key={i} data-role={a.role}>
                    <strong>{label(APPROVAL_ROLE, a.role, t)}</strong> <bdi>{a.name || '—'}</bdi>, {momentText(a.at)}
                  </li>
                ))}
              </ul>
            )}
          </Part>

          {!pkg ? (
            <p class="hv-not-packaged">{t('handover.not_packaged')}</p>
          ) : (
            <>
              <Part id="hvr-moved" title={t('handover.what_moved')} class="hvr-moved">
                <p>{t('handover.package_of', { date: momentText(pkg.created_at) })}</p>
                <RecordCounts counts={pkg.records} />
                {r.accepted && <p>{t('handover.accepted_line', { org: h.receiver?.name || '' })} {momentText(r.accepted.at)}</p>}
              </Part>
              <Part id="hvr-consent" title={t('handover.on_which_consent')} class="hvr-consent">
                <PeopleMoving id="hvr-people-chart" people={pkg.people} />
              </Part>
              <Part id="hvr-stayed" title={t('handover.what_stayed')} class="hvr-stayed">
                <ReasonCounts reasons={pkg.people.reasons} />
                <WithheldCounts counts={pkg.withheld_records} />
              </Part>
              <Part id="hvr-open" title={t('handover.open_items')} class="hvr-open">
                <ul data-list="open-items">
                  <li data-key="open_cases">{t('handover.open_cases_n', { n: pkg.open_cases })}</li>
                  <li data-key="pending_referrals">{t('handover.pending_referrals', { n: pkg.pending_referrals })}</li>
                  <li data-key="active_activities">{t('handover.active_activities_n', { n: pkg.active_activities })}</li>
                </ul>
              </Part>
            </>
          )}

          <Part id="hvr-support" title={t('handover.support_plan')} class="hvr-support">
            {r.support.until ? (
              <p data-fact="support-until">{t('handover.support_line', { org: h.sender?.name || '' })} {dateText(r.support.until)}</p>
            ) : (
              <p>{t('handover.no_support')}</p>
            )}
            {r.support.advisors.length > 0 && (
              <ul class="hv-advisors">
                {r.support.advisors.map((a) => (
                  <li key={a.organization_id}>
                    <bdi>{a.name || '—'}</bdi>: {t('handover.advises_until')} {dateText(a.until)}
                  </li>
                ))}
              </ul>
            )}
            <p class="hint">{t('handover.advisors_explained')}</p>
          </Part>
        </>
      )}
    </section>
  );
}
