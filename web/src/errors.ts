import { ApiError } from './api';
import type { TFunc } from './i18n';

// A sentence for the top of a form or screen, for any failure.
export function describe(e: unknown, t: TFunc): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network');
    if (e.status === 403) return t('error.forbidden');
    if (e.status === 404) return t('error.not_found');
    if (e.status === 412) return t('error.conflict');
    if (e.status === 429) return t('error.throttled');
    if (e.status >= 500) return t('error.server');
    if (e.detail) return e.detail;
  }
  return t('error.unknown');
}
