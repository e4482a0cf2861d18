import type { ComponentChildren } from 'preact';

// Messages for screen readers too: role=alert for errors, role=status for the rest.
export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  return (
    <div class={'notice notice-' + kind} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

// An error with the one thing to do about it beside it (try again, reload the latest version).
export function ErrorNotice({ children, action, onAction }: { children: ComponentChildren; action?: string; onAction?: () => void }) {
  return (
    <Notice kind="error">
      {children}
      {action && (
        <>
          {' '}
          <button type="button" class="btn btn-link" onClick={onAction}>
            {action}
          </button>
        </>
      )}
    </Notice>
  );
}
