// Who is signed in. The cookie is the session; this module only mirrors what /me says.
import { k } from './i18n';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, setUnauthorizedHandler, type Me, type Page, type Rec } from './api';
import { currentPath, navigate } from './router';

export interface SessionState {
  status: 'loading' | 'signed-out' | 'signed-in';
  me?: Me;
  programmes: Rec[];
  programmeId: string;
  // A one-off message for the sign-in screen (translation key), e.g. after a password change.
  notice?: string;
}

const PROGRAMME_KEY = 'baton.programme';
// Not a credential: only a hint that a session cookie may exist, so a first visit can show the
// sign-in form at once instead of waiting for /me on a slow link.
const HINT_KEY = 'baton.maybe-signed-in';

function hint(on?: boolean): boolean {
  try {
    if (on === true) localStorage.setItem(HINT_KEY, '1');
    else if (on === false) localStorage.removeItem(HINT_KEY);
    return localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

let state: SessionState = { status: hint() ? 'loading' : 'signed-out', programmes: [], programmeId: '' };
const listeners = new Set<() => void>();

function set(next: Partial<SessionState>) {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

export function useSession(): SessionState {
  const [, tick] = useState(0);
  useEffect(() => {
    const l = () => tick((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return state;
}

export function hasRole(me: Me | undefined, ...roles: string[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r));
}

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/';
}

export function signInPath(): string {
  const here = currentPath();
  return here === '/' || here.startsWith('/signin') ? '/signin' : '/signin?next=' + encodeURIComponent(here);
}

async function loadProgrammes() {
  try {
    const { data } = await api.get<Page<Rec>>('/programmes?limit=50&active=true');
    let saved = '';
    try {
      saved = localStorage.getItem(PROGRAMME_KEY) || '';
    } catch {
      /* storage blocked */
    }
    const chosen = data.items.find((p) => p.id === saved) || data.items[0];
    set({ programmes: data.items, programmeId: chosen ? chosen.id : '' });
  } catch {
    set({ programmes: [], programmeId: '' });
  }
}

// The programmes again (one came or went, e.g. with a handover accepted), then `id` in view.
export async function reloadProgrammes(id?: string) {
  if (id) chooseProgramme(id);
  await loadProgrammes();
}

export function chooseProgramme(id: string) {
  try {
    localStorage.setItem(PROGRAMME_KEY, id);
  } catch {
    /* storage blocked */
  }
  set({ programmeId: id });
}

function signedIn(me: Me, csrf: string | undefined) {
  hint(true);
  setCsrf(csrf);
  set({ status: 'signed-in', me, notice: undefined });
  void loadProgrammes();
}

// The session ended (401, sign-out, password change): back to sign in, remembering where we were.
export function expire(notice?: string, keepPlace = true) {
  const wasSignedIn = state.status !== 'signed-out';
  hint(false);
  setCsrf('');
  set({ status: 'signed-out', me: undefined, programmes: [], programmeId: '', notice });
  if (wasSignedIn || !currentPath().startsWith('/signin')) navigate(keepPlace ? signInPath() : '/signin', true);
}

setUnauthorizedHandler(() => expire(state.status === 'signed-in' ? k('signin.expired') : undefined));

export async function restore() {
  if (state.status === 'signed-out' && !currentPath().startsWith('/signin')) navigate(signInPath(), true);
  try {
    const { data } = await api.get<Me>('/me');
    signedIn(data, data.csrf_token);
    if (currentPath().startsWith('/signin')) {
      navigate(safeNext(new URLSearchParams(location.search).get('next')), true);
    }
  } catch {
    // 401 already sent us to sign in; anything else (server down) does too, quietly.
    if (state.status === 'loading') {
      set({ status: 'signed-out' });
      if (!currentPath().startsWith('/signin')) navigate(signInPath(), true);
    }
  }
}

export async function signIn(username: string, password: string, next: string | null) {
  const { data } = await api.post<{ csrf_token: string; user: Me }>('/session', { username, password }, true);
  signedIn(data.user, data.csrf_token);
  navigate(safeNext(next), true);
}

export async function signOut() {
  try {
    await api.del('/session');
  } catch {
    /* already gone */
  }
  expire(k('signin.signed_out'), false);
}
