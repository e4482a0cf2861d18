// The one place that speaks HTTP to baton. The session lives in the HttpOnly cookie the server
// sets; the CSRF token is kept in memory only and sent on every unsafe request.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public detail: string,
    public errors: FieldError[] = [],
    // The whole problem document, for answers that carry more than a message (an import's report).
    public problem: Record<string, unknown> = {},
  ) {
    super(detail || `HTTP ${status}`);
  }
}

export interface Me {
  id: string;
  username: string;
  display_name?: string;
  roles: string[];
  language?: string;
  organization?: { id: string; code: string; name: string };
  csrf_token?: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Rec = Record<string, unknown> & { id: string; version?: number; active?: boolean };

let csrf = '';
let onUnauthorized: () => void = () => {};

export function setCsrf(token: string | undefined) {
  csrf = token || '';
}
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

interface Options {
  method?: string;
  body?: unknown;
  // A body sent as it is (a file), with its media type, instead of JSON.
  raw?: { body: Blob; type: string };
  ifMatch?: string;
  // Sign-in answers 401 for a wrong password: that is not "the session ended".
  quiet401?: boolean;
}

export interface Answer<T> {
  data: T;
  etag: string;
}

// Sends a request; a failure becomes an ApiError with the problem's words, a 401 ends the session.
async function send(path: string, opts: Options = {}, accept = 'application/json'): Promise<Response> {
  const method = opts.method || 'GET';
  const headers: Record<string, string> = { Accept: accept };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.raw) headers['Content-Type'] = opts.raw.type;
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  let res: Response;
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.raw ? opts.raw.body : opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, '');
  }
  if (res.status === 401 && !opts.quiet401) {
    setCsrf('');
    onUnauthorized();
  }
  if (!res.ok) {
    let detail = '';
    let errors: FieldError[] = [];
    let problem: Record<string, unknown> = {};
    try {
      const p = await res.json();
      if (p && typeof p === 'object') problem = p;
      detail = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : '';
      // Each error names its field; the words are in `message` (or `detail`, as some problems put it).
      if (Array.isArray(p.errors)) {
        errors = p.errors
          .filter((e: { field?: unknown }) => e && typeof e.field === 'string')
          .map((e: { field: string; message?: unknown; detail?: unknown }) => ({
            field: e.field,
            message: typeof e.message === 'string' ? e.message : typeof e.detail === 'string' ? e.detail : '',
          }));
      }
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, detail, errors, problem);
  }
  return res;
}

export async function request<T>(path: string, opts: Options = {}): Promise<Answer<T>> {
  const res = await send(path, opts);
  const data = res.status === 204 ? (undefined as T) : ((await res.json()) as T);
  return { data, etag: res.headers.get('ETag') || '' };
}

// A file the server makes (a handover package): its bytes and the name it gives the file.
export async function fetchFile(path: string, method = 'POST'): Promise<{ blob: Blob; name: string }> {
  const res = await send(path, { method }, '*/*');
  const blob = await res.blob();
  const m = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') || '');
  return { blob, name: m ? m[1] : 'download' };
}

export const api = {
  get: <T>(path: string) => request<T>(path),
  post: <T>(path: string, body: unknown, quiet401 = false) => request<T>(path, { method: 'POST', body, quiet401 }),
  patch: <T>(path: string, body: unknown, ifMatch: string) => request<T>(path, { method: 'PATCH', body, ifMatch }),
  del: <T>(path: string, ifMatch?: string) => request<T>(path, { method: 'DELETE', ifMatch }),
  // POST a file as the body itself (an import), with its media type.
  upload: <T>(path: string, file: Blob, type: string) => request<T>(path, { method: 'POST', raw: { body: file, type } }),
};

// What to send back in If-Match: the answer's ETag, else one made from the record's version.
export function versionTag(etag: string, record: { version?: number }): string {
  return etag || (record.version !== undefined ? `"${record.version}"` : '');
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}
