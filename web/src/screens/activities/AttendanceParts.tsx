// What the two ways of taking attendance share: their inputs, the messages above them, and the bar
// at the foot of the screen with the running count and the way to save.
import type { ComponentChildren } from 'preact';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { ErrorNotice } from '../../components/Notice';
import type { FormState } from '../../components/useForm';
import type { AttendanceView } from './attendance';

export interface ModeProps {
  view: AttendanceView;
  // The version the screen's state came from, for If-Match.
  etag: string;
  editable: boolean;
  // The activity page, where saving returns.
  back: string;
  // Loads the latest state from the server; what was entered on the screen stays.
  reload: () => Promise<void>;
}

// A failure no entry can show, or a conflict with the way to reload beside it.
export function AttendanceTop({ form, reload }: { form: FormState; reload: () => void }) {
  const { t } = useT();
  return (
    <div ref={form.topRef} tabIndex={-1} class="form-top">
      {form.top &&
        (form.conflict ? (
          <ErrorNotice action={t('form.reload')} onAction={reload}>
            {t('attendance.conflict')}
          </ErrorNotice>
        ) : (
          <ErrorNotice>{form.top}</ErrorNotice>
        ))}
    </div>
  );
}

// Stays in view at the foot of the screen while the list scrolls: the count, then save and cancel
// (or `children` in their place, e.g. a question before saving).
export function SaveBar({ count, live, busy, back, onSave, children }: { count: string; live: boolean; busy: boolean; back: string; onSave: () => void; children?: ComponentChildren }) {
  const { t } = useT();
  return (
    <div class="att-bar">
      <p class="att-count" role={live ? 'status' : undefined}>
        {count}
      </p>
      {children || (
        <div class="actions">
          <button type="button" class="btn btn-primary" disabled={busy} onClick={onSave}>
            {busy ? t('form.saving') : t('attendance.save')}
          </button>
          <Link class="btn" href={back}>
            {t('form.cancel')}
          </Link>
        </div>
      )}
    </div>
  );
}
