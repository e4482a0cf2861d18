import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { signIn, useSession } from '../session';
import { useLocation } from '../router';
import { ApiError } from '../api';
import { describe } from '../errors';
import { Notice } from '../components/Notice';
import { LanguageSwitch } from '../components/LanguageSwitch';

export function SignIn() {
  const { t } = useT();
  const session = useSession();
  const { search } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = t('signin.title') + ' · ' + t('app.name');
    first.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await signIn(username.trim(), password, search.get('next'));
    } catch (err) {
      setBusy(false);
      setPassword('');
      if (err instanceof ApiError && err.status === 401) setError(t('signin.wrong'));
      else setError(describe(err, t));
    }
  };

  return (
    <div class="signin-page">
      <div class="signin-top">
        <LanguageSwitch />
      </div>
      <main id="main" class="signin-card">
        <h1 class="brand-title">{t('app.name')}</h1>
        <p class="tagline">{t('app.tagline')}</p>
        <h2>{t('signin.title')}</h2>
        {session.notice && <Notice kind="info">{t(session.notice)}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        <form onSubmit={submit} class="form" aria-busy={busy}>
          <div class="field">
            <label for="username">{t('field.username')}</label>
            <input
              id="username"
              name="username"
              ref={first}
              autoComplete="username"
              autoCapitalize="none"
              spellcheck={false}
              dir="ltr"
              required
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="password">{t('field.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              dir="ltr"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('signin.busy') : t('signin.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
