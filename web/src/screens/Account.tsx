import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { k, useT } from '../i18n';
import { expire, useSession } from '../session';
import { describe, fieldMessage } from '../errors';
import { Notice } from '../components/Notice';
import { ROLE_LABELS } from '../resources';

export function Account() {
  const { t } = useT();
  const { me } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [top, setTop] = useState('');
  const [errs, setErrs] = useState<Record<string, string>>({});

  useEffect(() => {
    document.title = t('account.title') + ' · ' + t('app.name');
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setTop('');
    if (next !== again) {
      setErrs({ again: t('account.mismatch') });
      document.getElementById('pw-again')?.focus();
      return;
    }
    setErrs({});
    setBusy(true);
    try {
      await api.post('/me/password', { current_password: current, new_password: next });
      expire(k('account.changed'), false);
    } catch (err) {
      setBusy(false);
      const found: Record<string, string> = {};
      if (err instanceof ApiError) for (const fe of err.errors) found[fe.field] = fieldMessage(fe.message, t);
      if (err instanceof ApiError && err.status === 401) found.current_password ||= t('account.wrong_current');
      setErrs(found);
      setTop(Object.keys(found).length ? t('form.fix_fields') : describe(err, t));
    }
  };

  const field = (id: string, name: string, label: string, value: string, set: (v: string) => void, auto: string) => (
    <div class={'field' + (errs[name] ? ' has-error' : '')}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        dir="ltr"
        autoComplete={auto}
        required
        value={value}
        disabled={busy}
        aria-invalid={errs[name] ? true : undefined}
        aria-describedby={errs[name] ? id + '-error' : undefined}
        onInput={(e) => set(e.currentTarget.value)}
      />
      {errs[name] && (
        <p class="field-error" id={id + '-error'}>
          {errs[name]}
        </p>
      )}
    </div>
  );

  if (!me) return null;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('account.title')}</h1>
      <dl class="facts">
        <dt>{t('field.username')}</dt>
        <dd dir="ltr">{me.username}</dd>
        <dt>{t('field.display_name')}</dt>
        <dd>{me.display_name || '—'}</dd>
        <dt>{t('home.organization')}</dt>
        <dd>{me.organization?.name || '—'}</dd>
        <dt>{t('home.roles')}</dt>
        <dd>{me.roles.map((r) => t(ROLE_LABELS[r] || r)).join(', ')}</dd>
      </dl>
      <h2>{t('account.change_password')}</h2>
      <p class="hint">{t('account.change_note')}</p>
      {top && <Notice kind="error">{top}</Notice>}
      <form class="form" onSubmit={submit} aria-busy={busy}>
        {field('pw-current', 'current_password', t('account.current'), current, setCurrent, 'current-password')}
        {field('pw-new', 'new_password', t('account.new'), next, setNext, 'new-password')}
        {field('pw-again', 'again', t('account.again'), again, setAgain, 'new-password')}
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('form.saving') : t('account.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
