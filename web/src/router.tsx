// A very small client router: history API, one signal-like location, links that stay in the app.
import { useEffect, useState } from 'preact/hooks';
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';

type Listener = () => void;
const listeners = new Set<Listener>();

export function currentPath(): string {
  return location.pathname + location.search;
}

export function navigate(to: string, replace = false) {
  if (to === currentPath()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
  scrollTo(0, 0);
}

addEventListener('popstate', () => listeners.forEach((l) => l()));

export function useLocation(): { path: string; search: URLSearchParams } {
  const [, set] = useState(0);
  useEffect(() => {
    const l = () => set((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

// "/sites/:id" against "/sites/0190..." → { id: "0190..." } or null.
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.replace(/\/+$/, '').split('/');
  if (a.length === 1 && a[0] === '') a.push('');
  if (p.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (!a[i]) return null;
      out[p[i].slice(1)] = decodeURIComponent(a[i]);
    } else if (p[i] !== a[i]) return null;
  }
  return out;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

export function Link({ href, children, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
