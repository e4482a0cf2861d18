// Which programme a new record belongs to: the one in view (else the first), at that programme's
// site, unless chosen otherwise; choosing another programme moves the record to its site.
import { useEffect } from 'preact/hooks';
import { useSession } from '../session';
import type { Value } from './Field';

type Values = Record<string, Value>;

// Fills programme_id and site_id of a new record's `values`; the function returned gives the
// `next` values their programme's site when `name` (just set to `v`) is programme_id.
export function useProgrammeInView(creating: boolean, setValues: (update: (old: Values) => Values) => void) {
  const { programmes, programmeId } = useSession();

  useEffect(() => {
    if (!creating) return;
    setValues((old) => {
      if (old.programme_id) return old;
      const p = programmes.find((x) => x.id === programmeId) || programmes[0];
      if (!p) return old;
      return { ...old, programme_id: p.id, site_id: old.site_id || String(p.site_id || '') };
    });
  }, [programmes, programmeId]);

  return (next: Values, name: string, v: Value) => {
    if (name !== 'programme_id' || !creating) return;
    const p = programmes.find((x) => x.id === v);
    if (p && p.site_id) next.site_id = String(p.site_id);
  };
}
