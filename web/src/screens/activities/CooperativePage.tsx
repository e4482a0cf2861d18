// One cooperative: what it does, its kind, status and dates, the cohort it was formed from, its
// members with their roles, and its notes for those who may read them; managers edit it.
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { PageHeading } from '../../components/PageHeading';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { fetchActivity, label, loadSites, unbroken, type Activity } from './model';
import { detailsText, whoText } from './attendance';
import { DateRange, Fact } from './parts';
import { COOPERATIVE_KIND, COOPERATIVE_STATUS, mayRecordCooperatives, type Cooperative } from './groups';

// The record last fetched, so that the edit form reached from the page does not fetch it again.
let lastSeen: { cooperative: Cooperative; etag: string } | null = null;

export async function fetchCooperative(id: string, fresh = false): Promise<{ cooperative: Cooperative; etag: string }> {
  if (!fresh && lastSeen && lastSeen.cooperative.id === id) return lastSeen;
  const { data, etag } = await api.get<Cooperative>('/cooperatives/' + encodeURIComponent(id));
  lastSeen = { cooperative: data, etag: versionTag(etag, data) };
  return lastSeen;
}

export function CooperativePage({ id }: { id: string }) {
  const { t } = useT();
  const { me, programmes } = useSession();
  const [coop, setCoop] = useState<Cooperative | null>(null);
  const [cohort, setCohort] = useState<Activity | null>(null);
  const [sites, setSites] = useState<Record<string, string>>({});
  const [flash] = useState(takeFlash);

  const loader = useLoad(async () => {
    const { cooperative } = await fetchCooperative(id, true);
    setCoop(cooperative);
    document.title = (cooperative.name || t('cooperative.title')) + ' · ' + t('app.name');
    if (cooperative.formed_from) fetchActivity(cooperative.formed_from).then((r) => setCohort(r.activity), () => {});
  });

  useEffect(() => {
    void loader.load();
    loadSites().then((l) => setSites(Object.fromEntries(l.map((s) => [s.value, s.label]))), () => {});
  }, [id]);

  const back = '/cooperatives';
  const backText = t('form.back_to', { what: t('cooperatives.title') });
  if (!coop) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={back} backText={backText} title={t('cooperative.title')} />
        <LoadState {...loader} />
      </section>
    );
  }

  const c = coop;
  const members = c.members || [];
  const programme = programmes.find((p) => p.id === c.programme_id);
  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={backText} title={<bdi>{c.name}</bdi>}>
        {label(COOPERATIVE_KIND, c.kind, t)} · {label(COOPERATIVE_STATUS, c.status, t)}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      {mayRecordCooperatives(me) && (
        <p class="page-actions">
          <Link class="btn" href={'/cooperatives/' + encodeURIComponent(c.id) + '/edit'}>
            {t('cooperative.edit')}
          </Link>
        </p>
      )}
      <dl class="facts">
        <Fact show={!!c.activity} term={t('cooperative.activity')}>
          <bdi>{c.activity}</bdi>
        </Fact>
        <Fact show term={t('cooperative.kind')}>
          {label(COOPERATIVE_KIND, c.kind, t)}
        </Fact>
        <Fact show term={t('cooperative.status')}>
          {label(COOPERATIVE_STATUS, c.status, t)}
        </Fact>
        <Fact show={!!c.start_date} term={t('cooperative.start_date')}>
          <span dir="ltr">{c.start_date}</span>
        </Fact>
        <Fact show={!!c.dissolved_on} term={t('cooperative.dissolved_on')}>
          <span dir="ltr">{c.dissolved_on}</span>
        </Fact>
        <Fact show={!!c.formed_from} term={t('cooperative.formed_from')}>
          <Link href={'/activities/' + encodeURIComponent(c.formed_from || '')}>
            <bdi>{cohort?.title || t('cooperative.the_cohort')}</bdi>
          </Link>
          {cohort?.start_date && (
            <span class="record-secondary">
              {' · '}
              <DateRange start={cohort.start_date} end={cohort.end_date} />
            </span>
          )}
        </Fact>
        <Fact show={!!c.programme_id} term={t('activity.programme')}>
          {programme ? String(programme.name) : c.programme_id}
        </Fact>
        <Fact show={!!c.site_id} term={t('activity.site')}>
          {sites[c.site_id!] || c.site_id}
        </Fact>
      </dl>
      {c.notes && (
        <>
          <h2>{t('cooperative.notes')}</h2>
          <p class="notes">
            <bdi>{c.notes}</bdi>
          </p>
        </>
      )}
      <section aria-labelledby="coop-members-title">
        <h2 id="coop-members-title">{t('cooperative.members_title', { n: members.length })}</h2>
        {members.length === 0 ? (
          <p class="empty">{t('cooperative.no_members')}</p>
        ) : (
          <ul class="records" aria-label={t('cooperative.members')}>
            {members.map((m) => {
              const details = detailsText(m.person, t);
              return (
                <li key={m.person_id}>
                  <span class="record-link">
                    <span class="record-primary">
                      <bdi>{whoText({ id: m.person_id, person: m.person }, t)}</bdi>
                    </span>
                    {details && <span class="record-secondary">{details}</span>}
                    {m.joined_on && <span class="record-secondary">{t('cooperative.joined', { date: unbroken(m.joined_on) })}</span>}
                  </span>
                  {m.role && (
                    <span class="badge">
                      <bdi>{m.role}</bdi>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </section>
  );
}
