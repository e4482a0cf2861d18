import type { Ref } from 'preact';
import { useT } from '../i18n';

interface Props {
  id: string;
  class: string;
  // The caller focuses the question when it asks it.
  questionRef: Ref<HTMLParagraphElement>;
  question: string;
  yes: string;
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
}

// The last question before a step that cannot be undone: the question, "yes" and cancel.
export function Confirm({ id, class: className, questionRef, question, yes, busy, onYes, onCancel }: Props) {
  const { t } = useT();
  return (
    <div role="group" aria-labelledby={id} class={className}>
      <p id={id} ref={questionRef} tabIndex={-1}>
        {question}
      </p>
      <button type="button" class="btn btn-danger" disabled={busy} onClick={onYes}>
        {busy ? t('form.saving') : yes}
      </button>
      <button type="button" class="btn" disabled={busy} onClick={onCancel}>
        {t('form.cancel')}
      </button>
    </div>
  );
}
