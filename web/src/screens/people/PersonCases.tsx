// A person's counselling cases the viewer may list (counsellors and supervisors their own; managers
// and M&E officers all), each linking to the case, and "Open a case" when none is open. Loaded after
// the person; shown only to roles that work with cases.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link } from '../../router';
import { describe } from '../../errors';
import { Loading, Notice } from '../../components/Notice';
import { label } from './model';

interface PersonCase {
  id: string;
  status: string;
  opened_on?: string;
  closed_on?: string;
  counsellor_name?: string;
  programme_id?: string;
}

// The case statuses in words (the case screens' own strings come with their chunk only).
const STATUS: Record<string, string> = {
  intake: k('person_cases.status_intake'),
  assessment: k('person_cases.status_assessment'),
  active: k('person_cases.status_active'),
  closing: k('person_cases.status_closing'),
  closed: k('person_cases.status_closed'),
};

// A date inside a sentence: kept left to right and on one line in Arabic too.
const unbroken = (date: string) => '\u2066' + date.replace(/-/g, '\u2011') + '\u2069';

export function PersonCases({ personId, mayOpen }: { personId: string; mayOpen: boolean }) {
  const { t } = useT();
  const [cases, setCases] = useState<PersonCase[] | null>(null);
  const [error, setError] = useState('');
  const [refused, setRefused] = useState(false);

  const load = async () => {
    setError('');
    try {
      const { data } = await api.get<Page<PersonCase>>('/cases' + query({ person_id: personId, limit: 50 }));
      setCases(data.items);
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) setRefused(true);
      else setError(describe(e, t));
    }
  };

  useEffect(() => {
    void load();
  }, [personId]);

  if (refused) return null;
  const open = (cases || []).some((c) => c.status !== 'closed');
  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">{t('person_cases.title')}</h2>
      {error && (
        <Notice kind="error">
          {error}{' '}
          <button type="button" class="btn btn-link" onClick={load}>
            {t('common.retry')}
          </button>
        </Notice>
      )}
      {!cases && !error && <Loading label={t('common.loading')} />}
      {cases && cases.length === 0 && <p class="empty">{t('person_cases.none')}</p>}
      {cases && cases.length > 0 && (
        <ul class="records" aria-labelledby="cases-title">
          {cases.map((c) => (
            <li key={c.id}>
              <Link href={'/cases/' + encodeURIComponent(c.id)} class="record-link">
                <span class="record-primary">{t('person_cases.case_is', { status: label(STATUS, c.status, t) })}</span>
                <span class="record-secondary">
                  {t('person_cases.opened', { date: unbroken(c.opened_on || '') })}
                  {c.closed_on && <> · {t('person_cases.closed', { date: unbroken(c.closed_on) })}</>}
                  {c.counsellor_name && (
                    <>
                      {' · '}
                      <bdi>{c.counsellor_name}</bdi>
                    </>
                  )}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {cases && !open && mayOpen && (
        <p>
          <Link class="btn" href={'/cases/new' + query({ person_id: personId })}>
            {t('person_cases.open')}
          </Link>
        </p>
      )}
    </section>
  );
}
