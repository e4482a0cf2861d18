// Finds a registered person of the programme by words of the name or the code, as the attendance
// screen does, and offers each one found to be added (to a group, a cohort, a cooperative).
import { useRef, useState } from 'preact/hooks';
import { findPeople } from '../../components/people';
import { useT } from '../../i18n';
import { describe } from '../../errors';
import { Loading, Notice } from '../../components/Notice';
import { useBusy } from '../../components/useForm';
import { detailsText, whoText, type PersonSummary } from './attendance';

interface Props {
  // Element ids start with it: `${id}-q` is the search box.
  id: string;
  programmeId: string;
  // The people already there: offered as "already listed", not to add.
  listed: Set<string>;
  // The search box's label.
  label: string;
  // The words on the button beside each person found, and its accessible name.
  addText: string;
  addNamed: (name: string) => string;
  disabled?: boolean;
  // Adds the person; resolves true when they were added (the results are then cleared).
  onAdd: (p: PersonSummary) => Promise<boolean> | boolean;
}

export function FindPerson({ id, programmeId, listed, label, addText, addNamed, disabled, onAdd }: Props) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState('');
  const { busy, run } = useBusy();
  const input = useRef<HTMLInputElement>(null);

  const search = (e: Event) => {
    e.preventDefault();
    if (!q.trim()) return;
    setError('');
    void run(
      async () => {
        setFound(await findPeople(q, programmeId));
      },
      (err) => setError(describe(err, t)),
    );
  };

  const add = async (p: PersonSummary) => {
    if (await onAdd(p)) {
      setFound(null);
      setQ('');
      input.current?.focus();
    }
  };

  return (
    <>
      <form class="search" role="search" onSubmit={search}>
        <label for={id + '-q'} class="visually-hidden">
          {label}
        </label>
        <input
          id={id + '-q'}
          ref={input}
          type="search"
          value={q}
          autoComplete="off"
          placeholder={t('attendance.add_placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit" class="btn" disabled={busy}>
          {t('list.search')}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {busy && <Loading label={t('common.loading')} />}
      {found && !busy && found.length === 0 && <p class="empty">{t('attendance.no_match')}</p>}
      {found && found.length > 0 && (
        <ul class="records" aria-label={t('attendance.results')}>
          {found.map((p) => {
            const name = whoText({ id: p.id, person: p }, t);
            const details = detailsText(p, t);
            return (
              <li key={p.id}>
                <span class="record-link">
                  <span class="record-primary">
                    <bdi>{name}</bdi>
                  </span>
                  {details && <span class="record-secondary">{details}</span>}
                </span>
                {listed.has(p.id) ? (
                  <span class="badge">{t('attendance.listed')}</span>
                ) : (
                  <button type="button" class="btn" disabled={disabled} aria-label={addNamed(name)} onClick={() => void add(p)}>
                    {addText}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
