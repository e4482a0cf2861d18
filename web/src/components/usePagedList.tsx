// A list read from the server a page at a time, and how it shows: a failure with "try again",
// "nothing" when empty, the records, "loading…" and "more".
import { useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Page } from '../api';
import { useT, type TFunc } from '../i18n';
import { describe } from '../errors';
import { Loading, Notice } from './Notice';

// Reads the page after `cursor` (the first page when it is undefined).
export type PageFetch<T> = (cursor: string | undefined) => Promise<Page<T>>;
// The words for a failure; describe() unless a screen knows better.
export type Failure = (e: unknown, t: TFunc) => string;

// `start` reads the first page afresh, `reload` reads it again, `more` reads the next; an answer to
// an older request than the last is dropped.
export function usePagedList<T>() {
  const { t } = useT();
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const seq = useRef(0);
  const last = useRef<{ fetch: PageFetch<T>; fail: Failure }>({ fetch: () => Promise.reject(), fail: describe });

  const load = async (after: string | null) => {
    const mine = ++seq.current;
    const { fetch, fail } = last.current;
    setLoading(true);
    setError('');
    try {
      const data = await fetch(after || undefined);
      if (mine !== seq.current) return;
      setItems((old) => (after ? [...old, ...data.items] : data.items));
      setCursor(data.next_cursor);
    } catch (e) {
      if (mine === seq.current) setError(fail(e, t));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  const start = (fetch: PageFetch<T>, fail: Failure = describe) => {
    last.current = { fetch, fail };
    setItems([]);
    return load(null);
  };

  return { items, cursor, loading, error, start, reload: () => load(null), more: () => load(cursor) };
}

export type PagedList<T> = ReturnType<typeof usePagedList<T>>;

interface ResultsProps<T> {
  list: PagedList<T>;
  // What to say when there is nothing.
  empty: string;
  // The list's accessible name, if any.
  label?: string;
  children: (item: T) => ComponentChildren;
}

// The records of a paged list as `<ul class="records">`, one `children(item)` each.
export function PagedResults<T>({ list, empty, label, children }: ResultsProps<T>) {
  const { t } = useT();
  const { items, cursor, loading, error } = list;
  return (
    <>
      {error && (
        <Notice kind="error">
          {error}{' '}
          <button type="button" class="btn btn-link" onClick={list.reload}>
            {t('common.retry')}
          </button>
        </Notice>
      )}
      {!loading && !error && items.length === 0 && <p class="empty">{empty}</p>}
      {items.length > 0 && (
        <ul class="records" aria-busy={loading} aria-label={label}>
          {items.map(children)}
        </ul>
      )}
      {loading && <Loading label={t('common.loading')} />}
      {!loading && cursor && (
        <button type="button" class="btn more" onClick={list.more}>
          {t('list.more')}
        </button>
      )}
    </>
  );
}
