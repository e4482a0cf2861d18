// Sending a form: the busy flag, the messages above the form and under its fields, and its buttons.
import { useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import { useT } from '../i18n';
import { Link } from '../router';
import { problemFor } from '../errors';
import { ErrorNotice, Notice } from './Notice';

// Runs a request the user asked for: `busy` while it runs, `onError` told if it fails.
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>, onError: (e: unknown) => void) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

// A form's state while it is filled in and sent. `order` lists its fields as shown and `idOf`
// gives each one's element id, so that focus can go to the first field at fault.
export function useForm(order: string[], idOf: (name: string) => string) {
  const { t } = useT();
  const { busy, run } = useBusy();
  const [top, setTop] = useState('');
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const topRef = useRef<HTMLDivElement>(null);

  // Shows errors under their fields and a sentence on top, then focuses the first field at fault
  // (the first box of a group), or the top when no field is.
  const show = (errs: Record<string, string>, message: string) => {
    setErrors(errs);
    setTop(message);
    requestAnimationFrame(() => {
      const first = order.find((n) => errs[n]);
      const el = first ? document.getElementById(idOf(first)) : null;
      if (el) ((el.tagName === 'FIELDSET' ? el.querySelector('input') : el) || el).focus();
      else topRef.current?.focus();
    });
  };

  // Sends: the last messages go, and a failure is shown with its field errors where `fieldOf`
  // places them (see problemFor; by default under the field of the same name); a 412 marks a conflict.
  const send = (work: () => Promise<void>, fieldOf = (field: string) => (order.includes(field) ? field : undefined)) => {
    setSaved('');
    setTop('');
    setConflict(false);
    return run(work, (e) => {
      const { errors: found, summary } = problemFor(e, t, fieldOf);
      if (e instanceof ApiError) setConflict(e.status === 412);
      show(found, summary);
    });
  };

  // Forgets every message but "saved" (a record loaded afresh).
  const clear = () => {
    setErrors({});
    setTop('');
    setConflict(false);
  };

  return { busy, top, conflict, saved, setSaved, errors, setErrors, topRef, show, send, clear };
}

export type FormState = ReturnType<typeof useForm>;

// The messages above a form, focusable for a problem no field can show; after a conflict,
// `reload` (when given) is offered beside the message.
export function FormTop({ form, reload }: { form: FormState; reload?: () => void }) {
  const { t } = useT();
  return (
    <div ref={form.topRef} tabIndex={-1} class="form-top">
      {form.top && (
        <ErrorNotice action={form.conflict && reload ? t('form.reload') : undefined} onAction={reload}>
          {form.top}
        </ErrorNotice>
      )}
      {form.saved && <Notice kind="ok">{form.saved}</Notice>}
    </div>
  );
}

// A form's buttons: send (saying so while busy), or `children` in its place, and cancel back to `cancel`.
export function FormActions({ busy, label, cancel, children }: { busy: boolean; label: string; cancel: string; children?: ComponentChildren }) {
  const { t } = useT();
  return (
    <div class="actions">
      {children || (
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('form.saving') : label}
        </button>
      )}
      <Link class="btn" href={cancel}>
        {t('form.cancel')}
      </Link>
    </div>
  );
}
