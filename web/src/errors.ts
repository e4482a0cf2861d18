import { ApiError } from './api';
import { k, type TFunc } from './i18n';

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

// The server words its field messages in English; the common ones are translated here, the rest
// are shown as they come.
const FIELD_MESSAGES: Record<string, string> = {
  'is required': k('field_error.required'),
  'is already taken': k('field_error.taken'),
  'must be a string': k('field_error.string'),
  'must be a number': k('field_error.number'),
  'must be a date YYYY-MM-DD': k('field_error.date'),
  'must not be before start_date': k('field_error.end_before_start'),
  'is not your current password': k('field_error.not_current_password'),
  'is too common; choose another': k('field_error.too_common'),
  'must not contain the username': k('field_error.contains_username'),
  'must differ from the current password': k('field_error.same_password'),
};

export function fieldMessage(message: string, t: TFunc): string {
  const m = message.trim();
  const key =
    FIELD_MESSAGES[m] ||
    (m.startsWith('must be one of') ? k('field_error.choice') : '') ||
    (m.startsWith('is required') ? k('field_error.required') : ''); // "is required: <why>" too
  return key ? t(key) : message;
}

// A failed request split for a form: the message for each field the form shows (`fieldOf` names
// it, or says undefined), the first one per field, and one sentence for the top naming the rest.
export function problemFor(
  e: unknown,
  t: TFunc,
  fieldOf: (field: string) => string | undefined = () => undefined,
): { errors: Record<string, string>; summary: string } {
  const errors: Record<string, string> = {};
  const elsewhere: string[] = [];
  if (e instanceof ApiError) {
    for (const fe of e.errors) {
      const name = fieldOf(fe.field);
      if (name !== undefined && !errors[name]) errors[name] = fieldMessage(fe.message, t);
      else elsewhere.push(fe.field + ': ' + fieldMessage(fe.message, t));
    }
  }
  const onlyFields = Object.keys(errors).length > 0 && elsewhere.length === 0;
  return { errors, summary: onlyFields ? t('form.fix_fields') : [describe(e, t), ...elsewhere].join(' ') };
}
