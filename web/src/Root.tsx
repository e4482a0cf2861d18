import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { useT } from './i18n';
import { useLocation } from './router';
import { useSession } from './session';
import { Loading, Notice } from './components/Notice';
import { SignIn } from './screens/SignIn';

// The initial chunk holds only what the sign-in screen needs; the shell and the screens behind
// it load as a second chunk, fetched in the background as soon as the first screen is up.
let Shell: ComponentType | null = null;
let loading: Promise<void> | null = null;

export function loadShell(): Promise<void> {
  loading ||= import('./Shell').then(
    (m) => {
      Shell = m.Shell;
    },
    (e) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

export function Root() {
  const { t } = useT();
  const session = useSession();
  const { path } = useLocation();
  const [failed, setFailed] = useState(false);
  const [, tick] = useState(0);
  const needShell = !(path.startsWith('/signin') || session.status === 'signed-out');

  useEffect(() => {
    if (needShell && !Shell) {
      loadShell().then(
        () => tick((n) => n + 1),
        () => setFailed(true),
      );
    }
  }, [needShell, failed]);

  if (!needShell) return <SignIn />;
  if (failed) {
    return (
      <main id="main" class="boot-wait">
        <Notice kind="error">
          {t('error.network')}{' '}
          <button type="button" class="btn btn-link" onClick={() => setFailed(false)}>
            {t('common.retry')}
          </button>
        </Notice>
      </main>
    );
  }
  if (session.status === 'loading' || !Shell) {
    return (
      <main id="main" class="boot-wait">
        <Loading label={t('common.loading')} />
      </main>
    );
  }
  return <Shell />;
}
