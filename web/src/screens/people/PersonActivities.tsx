// The activities a person took part in, most recent first, with how often they came, and the
// cooperatives they are a member of. Loaded after the person, so that the page does not wait on it.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { k, useT } from '../../i18n';
import { Link } from '../../router';
import { describe } from '../../errors';
import { Loading, Notice } from '../../components/Notice';
import { label } from './model';

interface Taken {
  activity: { id: string; title?: string; stream?: string; programme_id?: string; site_id?: string; status?: string };
  sessions: number;
  present: number;
  first?: string;
  last?: string;
}

interface Membership {
  id: string;
  name: string;
  kind?: string;
  status?: string;
  role?: string;
}

interface PersonActivityList {
  items: Taken[];
  cooperatives?: Membership[];
}

// The activity streams in words (the activity screens' own strings come with their chunk only).
const STREAM: Record<string, string> = {
  needs_assessment: k('person_activities.stream.needs_assessment'),
  capacity_building: k('person_activities.stream.capacity_building'),
  recreational: k('person_activities.stream.recreational'),
  vocational: k('person_activities.stream.vocational'),
  peer_support: k('person_activities.stream.peer_support'),
  information: k('person_activities.stream.information'),
};

export function PersonActivities({ personId }: { personId: string }) {
  const { t } = useT();
  const [list, setList] = useState<PersonActivityList | null>(null);
  const [error, setError] = useState('');
  const [refused, setRefused] = useState(false);

  const load = async () => {
    setError('');
    try {
      const { data } = await api.get<PersonActivityList>('/persons/' + encodeURIComponent(personId) + '/activities');
      setList(data);
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) setRefused(true);
      else setError(describe(e, t));
    }
  };

  useEffect(() => {
    void load();
  }, [personId]);

  if (refused) return <Notice kind="info">{t('person_activities.not_for_role')}</Notice>;
  if (error) {
    return (
      <Notice kind="error">
        {error}{' '}
        <button type="button" class="btn btn-link" onClick={load}>
          {t('common.retry')}
        </button>
      </Notice>
    );
  }
  if (!list) return <Loading label={t('common.loading')} />;

  const cooperatives = list.cooperatives || [];
  return (
    <>
      {list.items.length === 0 ? (
        <p class="empty">{t('person_activities.empty')}</p>
      ) : (
        <ul class="records person-activities" aria-label={t('person_activities.list_label')}>
          {list.items.map((x) => (
            <li key={x.activity.id}>
              <Link href={'/activities/' + encodeURIComponent(x.activity.id)} class="record-link">
                <span class="record-primary">
                  <bdi>{x.activity.title || x.activity.id}</bdi>
                </span>
                <span class="record-secondary">
                  {label(STREAM, x.activity.stream, t)}
                  {' · '}
                  {t('person_activities.presence', { present: x.present, sessions: x.sessions })}
                </span>
                {x.first && (
                  <span class="record-secondary">
                    <span dir="ltr">{x.first}</span>
                    {x.last && x.last !== x.first && (
                      <>
                        {' – '}
                        <span dir="ltr">{x.last}</span>
                      </>
                    )}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {cooperatives.length > 0 && (
        <>
          <h3>{t('person_activities.cooperatives')}</h3>
          <ul class="plain">
            {cooperatives.map((c) => (
              <li key={c.id}>
                <bdi>{c.name}</bdi>
                {c.role && (
                  <>
                    {' · '}
                    <bdi>{t('person_activities.role_is', { role: c.role })}</bdi>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
