// The person a screen acts on: loaded once per id (the reason goes to the access log), with the
// loading and retry states every such screen shows.
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n';
import { describe } from '../../errors';
import { Loading, Notice } from '../../components/Notice';
import { fetchPerson, type Person } from './model';

export function usePerson(id: string, reason: string, title: string) {
  const { t } = useT();
  const [person, setPerson] = useState<Person | null>(null);
  const [loadError, setLoadError] = useState('');
  const load = async () => {
    setLoadError('');
    try {
      setPerson((await fetchPerson(id, reason)).person);
    } catch (e) {
      setLoadError(describe(e, t));
    }
  };
  useEffect(() => {
    document.title = title + ' · ' + t('app.name');
    void load();
  }, [id]);
  return { person, loadError, load };
}

export function PersonLoadState({ person, loadError, load }: ReturnType<typeof usePerson>) {
  const { t } = useT();
  if (person) return null;
  if (!loadError) return <Loading label={t('common.loading')} />;
  return (
    <Notice kind="error">
      {loadError}{' '}
      <button type="button" class="btn btn-link" onClick={load}>
        {t('common.retry')}
      </button>
    </Notice>
  );
}
