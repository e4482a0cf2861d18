// Names the browser's tab after the screen in view: "<title> · Baton".
import { useEffect } from 'preact/hooks';
import { useT } from '../i18n';

export function useTitle(title: string) {
  const { t } = useT();
  useEffect(() => {
    document.title = title + ' · ' + t('app.name');
  }, [title]);
}
