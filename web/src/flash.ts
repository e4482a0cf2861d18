// A message carried to the next screen (e.g. "Site created" after the form returns to the list).
interface Flash {
  key: string;
  values?: Record<string, unknown>;
}
let pending: Flash | null = null;

export function setFlash(key: string, values?: Record<string, unknown>) {
  pending = { key, values };
}
export function takeFlash(): Flash | null {
  const f = pending;
  pending = null;
  return f;
}
