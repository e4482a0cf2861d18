// The person's referrals, newest first (status, where to or from where, date), for those who work
// with referrals; caseworkers may refer the person from here. Loaded after the person.
import { useEffect, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link } from '../../router';
import { describe } from '../../errors';
import { Loading, Notice } from '../../components/Notice';
import { label } from './model';

interface Referral {
  id: string;
  direction: string;
  status: string;
  urgency?: string;
  made_on: string;
  from_organization?: string;
  service?: { name?: string };
}

// The referral statuses in words (the referral screens' own strings come with their chunk only).
const STATUS: Record<string, string> = {
  made: k('person_referrals.status_made'),
  accepted: k('person_referrals.status_accepted'),
  completed: k('person_referrals.status_completed'),
  declined: k('person_referrals.status_declined'),
  cancelled: k('person_referrals.status_cancelled'),
};

export function PersonReferrals({ personId, mayRefer }: { personId: string; mayRefer: boolean }) {
  const { t } = useT();
  const [items, setItems] = useState<Referral[] | null>(null);
  const [error, setError] = useState('');

  const load = async () => {
    setError('');
    try {
      const { data } = await api.get<Page<Referral>>('/referrals' + query({ person_id: personId, limit: 50 }));
      setItems(data.items);
    } catch (e) {
      setError(describe(e, t));
    }
  };

  useEffect(() => {
    void load();
  }, [personId]);

  return (
    <>
      {mayRefer && (
        <p>
          <Link class="btn" href={'/referrals/new' + query({ person: personId })}>
            {t('person_referrals.refer')}
          </Link>
        </p>
      )}
      {error && (
        <Notice kind="error">
          {error}{' '}
          <button type="button" class="btn btn-link" onClick={load}>
            {t('common.retry')}
          </button>
        </Notice>
      )}
      {!error && !items && <Loading label={t('common.loading')} />}
      {items && items.length === 0 && <p class="empty">{t('person_referrals.empty')}</p>}
      {items && items.length > 0 && (
        <ul class="records" aria-label={t('person_referrals.list_label')}>
          {items.map((r) => (
            <li key={r.id}>
              <Link href={'/referrals/' + encodeURIComponent(r.id)} class="record-link">
                <span class="record-primary">
                  <bdi>{r.direction === 'incoming' ? t('person_referrals.from', { name: r.from_organization || '' }) : r.service?.name || ''}</bdi>
                </span>
                <span class="record-secondary">
                  <span dir="ltr">{r.made_on}</span>
                </span>
              </Link>
              <span class="badge">{label(STATUS, r.status, t)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
