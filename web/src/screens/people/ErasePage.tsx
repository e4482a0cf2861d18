// Erasing a person's identifying data for good, with a reason and a second, explicit confirmation.
import { useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate } from '../../router';
import { describe, fieldMessage } from '../../errors';
import { setFlash } from '../../flash';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import type { FieldDef } from '../../resources';
import { fieldId, forget, titleOf, type Person } from './model';
import { PersonLoadState, usePerson } from './usePerson';

const REASON: FieldDef = { name: 'reason', label: k('erase.reason'), kind: 'textarea', required: true, hint: k('erase.reason_hint') };

export function ErasePage({ id }: { id: string }) {
  const { t } = useT();
  const loaded = usePerson(id, t('reason.erase'), t('erase.title'));
  const { person } = loaded;
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [top, setTop] = useState('');
  const confirmRef = useRef<HTMLParagraphElement>(null);

  const ask = (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError(t('field_error.required'));
      document.getElementById(fieldId('reason'))?.focus();
      return;
    }
    setReasonError('');
    setConfirming(true);
    requestAnimationFrame(() => confirmRef.current?.focus());
  };

  const erase = async () => {
    if (!person) return;
    setBusy(true);
    setTop('');
    try {
      await api.post<Person>('/persons/' + encodeURIComponent(person.id) + '/erase', { reason: reason.trim() });
      forget();
      setFlash(k('erase.done'));
      navigate('/persons/' + encodeURIComponent(person.id), true);
    } catch (err) {
      setBusy(false);
      setConfirming(false);
      const fe = err instanceof ApiError ? err.errors.find((x) => x.field === 'reason') : undefined;
      if (fe) setReasonError(fieldMessage(fe.message, t));
      setTop(fe ? t('form.fix_fields') : describe(err, t));
    }
  };

  const back = '/persons/' + encodeURIComponent(id);
  const name = person ? titleOf(person, t) : '';
  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <Link href={back}>{t('person.back')}</Link>
      </p>
      <h1 id="page-title">
        {t('erase.title')}
        {person && (
          <span class="subtitle">
            <bdi>{name}</bdi>
          </span>
        )}
      </h1>
      <PersonLoadState {...loaded} />
      {person && (
        <>
          {top && <Notice kind="error">{top}</Notice>}
          <div class="warning">
            <p>{t('erase.what')}</p>
            <p>{t('erase.kept')}</p>
            <p>
              <strong>{t('erase.final')}</strong>
            </p>
          </div>
          <form class="form" onSubmit={ask} noValidate aria-busy={busy}>
            <Field id={fieldId('reason')} def={REASON} value={reason} error={reasonError} disabled={busy || confirming} onInput={(v) => setReason(String(v))} />
            {!confirming ? (
              <div class="actions">
                <button type="submit" class="btn btn-danger-outline">
                  {t('erase.continue')}
                </button>
                <Link class="btn" href={back}>
                  {t('form.cancel')}
                </Link>
              </div>
            ) : (
              <div role="group" aria-labelledby="erase-confirm" class="confirm">
                <p id="erase-confirm" ref={confirmRef} tabIndex={-1}>
                  {t('erase.confirm', { name, code: person.code || '' })}
                </p>
                <button type="button" class="btn btn-danger" disabled={busy} onClick={erase}>
                  {busy ? t('form.saving') : t('erase.yes')}
                </button>
                <button type="button" class="btn" disabled={busy} onClick={() => setConfirming(false)}>
                  {t('form.cancel')}
                </button>
              </div>
            )}
          </form>
        </>
      )}
    </section>
  );
}
