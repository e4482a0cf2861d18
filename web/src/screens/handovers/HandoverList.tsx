// The handovers (/handovers): those of the programme in view, newest first, then the others the
// caller's organisation sent or was sent; "Plan a handover" for the programme's managers and "Receive a
// handover" for everyone here (admins and managers).
import { useEffect, useState } from 'preact/hooks';
import { api, type Page, type Rec } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { STATUS, dateText, label, mayPlan, newPath, pagePath, receivePath, type Handover } from './model';

export function HandoverList() {
  const { t } = useT();
  const { me, programmes, programmeId } = useSession();
  const programme = programmes.find((p) => p.id === programmeId) || programmes[0];
  const [items, setItems] = useState<Handover[]>([]);
  const [orgs, setOrgs] = useState<Record<string, string>>({});
  const [flash] = useState(takeFlash);
  useTitle(t('handover.list_title'));
  const loader = useLoad(async () => {
    const [list, o] = await Promise.all([
      api.get<{ items: Handover[] }>('/handovers'),
      api.get<Page<Rec>>('/organizations?limit=200').catch(() => null),
    ]);
    setItems(list.data.items);
    if (o) setOrgs(Object.fromEntries(o.data.items.map((x) => [x.id, String(x.name)])));
  });
  useEffect(() => {
    void loader.load();
  }, []);

  const myOrg = me?.organization?.id;
  const ofProgramme = programme ? items.filter((h) => h.programme_id === programme.id) : [];
  // The others the caller may read: sent from other programmes, or addressed to the organisation.
  const others = items.filter((h) => h.programme_id !== programme?.id);
  const orgName = (id: string) => orgs[id] || '—';
  const plans = mayPlan(me, programme?.organization_id as string | undefined);

  const list = (hs: Handover[]) => (
    <ul class="hv-list">
      {hs.map((h) => (
        <li key={h.id} data-id={h.id} data-status={h.status}>
          <Link href={pagePath(h.id)}>
            {h.organization_id === myOrg
              ? t('handover.to_org', { org: orgName(h.accepted_by_organization_id || h.receiver_organization_id) })
              : t('handover.from_org', { org: orgName(h.organization_id) })}
          </Link>
          <span class="hv-meta">
            {t('handover.effective_on')} {dateText(h.effective_date)} · <span class={'hv-status hv-status-' + h.status}>{label(STATUS, h.status, t)}</span>
          </span>
        </li>
      ))}
    </ul>
  );

  return (
    <section aria-labelledby="page-title" class="handovers">
      <h1 id="page-title">
        {t('handover.list_title')}
        {programme && (
          <span class="subtitle">
            <bdi>{String(programme.name)}</bdi>
          </span>
        )}
      </h1>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <p class="hint">{t('handover.list_intro')}</p>
      <div class="hv-actions">
        {plans && (
          <Link class="btn btn-primary" href={newPath}>
            {t('handover.plan')}
          </Link>
        )}
        <Link class="btn" href={receivePath}>
          {t('handover.receive')}
        </Link>
      </div>
      <LoadState {...loader} />
      {!loader.loading && !loader.loadError && (
        <>
          <section aria-labelledby="hv-of-programme" class="hv-section">
            <h2 id="hv-of-programme">{t('handover.of_programme')}</h2>
            {!programme ? (
              <p class="empty">{t('handover.no_programme')}</p>
            ) : ofProgramme.length === 0 ? (
              <p class="empty">{t('handover.none_of_programme')}</p>
            ) : (
              list(ofProgramme)
            )}
          </section>
          {others.length > 0 && (
            <section aria-labelledby="hv-others" class="hv-section">
              <h2 id="hv-others">{t('handover.others', { org: me?.organization?.name || '' })}</h2>
              {list(others)}
            </section>
          )}
        </>
      )}
    </section>
  );
}
