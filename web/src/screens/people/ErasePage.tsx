// Erasing a person's identifying data for good, with a reason and a second, explicit confirmation.
import { useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate } from '../../router';
import { problemFor } from '../../errors';
import { setFlash } from '../../flash';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { Confirm } from '../../components/Confirm';
import { useBusy } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { fieldId, forget, titleOf, type Person } from './model';
import { PersonHeading, PersonLoadState, usePerson } from './usePerson';

const REASON: FieldDef = { name: 'reason', label: k('erase.reason'), kind: 'textarea', required: true, hint: k('erase.reason_hint') };

export function ErasePage({ id }: { id: string }) {
  const { t } = useT();
  const loaded = usePerson(id, t('reason.erase'), t('erase.title'));
  const { person } = loaded;
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const { busy, run } = useBusy();
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

  const erase = () => {
    if (!person) return;
    setTop('');
    void run(
      async () => {
        await api.post<Person>('/persons/' + encodeURIComponent(person.id) + '/erase', { reason: reason.trim() });
        forget();
        setFlash(k('erase.done'));
        navigate('/persons/' + encodeURIComponent(person.id), true);
      },
      (err) => {
        setConfirming(false);
        const { errors, summary } = problemFor(err, t, (field) => (field === 'reason' ? field : undefined));
        if ('reason' in errors) setReasonError(errors.reason);
        setTop(summary);
      },
    );
  };

  const back = '/persons/' + encodeURIComponent(id);
  const name = person ? titleOf(person, t) : '';
  return (
    <section aria-labelledby="page-title">
      <PersonHeading id={id} title={t('erase.title')} person={person} />
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
              <Confirm
                id="erase-confirm"
                class="confirm"
                questionRef={confirmRef}
                question={t('erase.confirm', { name, code: person.code || '' })}
                yes={t('erase.yes')}
                busy={busy}
                onYes={erase}
                onCancel={() => setConfirming(false)}
              />
            )}
          </form>
        </>
      )}
    </section>
  );
}
