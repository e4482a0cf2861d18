// Loading what a screen shows, with the states every such screen shows while it does.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { describe } from '../errors';
import { ErrorNotice, Loading } from './Notice';

export interface Loader {
  loading: boolean;
  loadError: string;
  load: () => Promise<void>;
}

// Runs `work` on `load()`: `loading` meanwhile, a failure kept in words as `loadError`.
export function useLoad(work: () => Promise<void>, loadingAtFirst = true): Loader {
  const { t } = useT();
  const [loading, setLoading] = useState(loadingAtFirst);
  const [loadError, setLoadError] = useState('');
  const load = async () => {
    setLoading(true);
    setLoadError('');
    try {
      await work();
    } catch (e) {
      setLoadError(describe(e, t));
    } finally {
      setLoading(false);
    }
  };
  return { loading, loadError, load };
}

// "Loading…", or the failure with a button to try again; nothing once loaded.
export function LoadState({ loading, loadError, load }: Loader) {
  const { t } = useT();
  if (loading) return <Loading label={t('common.loading')} />;
  if (!loadError) return null;
  return (
    <ErrorNotice action={t('common.retry')} onAction={load}>
      {loadError}
    </ErrorNotice>
  );
}
