// A search box with filters kept in the address: what is applied is what the URL says, so a
// filtered list can be bookmarked, shared and gone back to.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { query } from '../api';
import { useT } from '../i18n';
import { navigate, useLocation } from '../router';

export type Filters<N extends string> = Record<'q' | N, string>;

function fromUrl<N extends string>(search: URLSearchParams, names: readonly N[]): Filters<N> {
  const f = { q: search.get('q') || '' } as Filters<N>;
  for (const name of names) f[name] = search.get(name) || '';
  return f;
}

// The filters `names` (and the search `q`) of the list at `path`: `applied` as in the address,
// `form` as being filled in. Applying what is already applied calls `reload`.
export function useUrlFilters<N extends string>(path: string, names: readonly N[], reload: () => void) {
  const { search } = useLocation();
  const key = search.toString();
  const applied = fromUrl(search, names);
  const [form, setForm] = useState<Filters<N>>(applied);

  useEffect(() => setForm(fromUrl(search, names)), [key]);

  const set = (name: keyof Filters<N>, value: string) => setForm((old) => ({ ...old, [name]: value }));
  const apply = (f: Filters<N>) => {
    const next = path + query({ ...f, q: f.q.trim() });
    if (next === location.pathname + location.search) reload();
    else navigate(next);
  };
  const onSubmit = (e: Event) => {
    e.preventDefault();
    apply(form);
  };
  const clear = () => {
    const f = { ...form };
    for (const name of names) f[name] = '';
    apply(f);
  };

  const active = names.filter((n) => applied[n]).length;
  return { key, applied, form, set, onSubmit, clear, active, filtered: active > 0 || applied.q !== '' };
}

export type UrlFilters<N extends string> = ReturnType<typeof useUrlFilters<N>>;

interface Props<N extends string> {
  filters: UrlFilters<N>;
  // The search box's id, its hidden label and its placeholder.
  id: string;
  label: string;
  placeholder: string;
  // The words on the filters' summary and buttons.
  summary: string;
  apply: string;
  clear: string;
  // The filters' fields.
  children: ComponentChildren;
}

// The search box, and the filters under a summary, open while any is applied.
export function FilterSearch<N extends string>({ filters, id, label, placeholder, summary, apply, clear, children }: Props<N>) {
  const { t } = useT();
  const { form, set, active } = filters;
  return (
    <form class="person-search" role="search" onSubmit={filters.onSubmit}>
      <div class="search">
        <label for={id} class="visually-hidden">
          {label}
        </label>
        <input
          id={id}
          type="search"
          name="q"
          value={form.q}
          autoComplete="off"
          placeholder={placeholder}
          onInput={(e) => set('q', e.currentTarget.value)}
        />
        <button type="submit" class="btn">
          {t('list.search')}
        </button>
      </div>
      <details class="filters" open={active > 0}>
        <summary>{summary}</summary>
        <div class="filter-grid">{children}</div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            {apply}
          </button>
          {active > 0 && (
            <button type="button" class="btn" onClick={filters.clear}>
              {clear}
            </button>
          )}
        </div>
      </details>
    </form>
  );
}
