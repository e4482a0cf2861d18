// "This person is a duplicate of…": find the record to keep, confirm, and fold this one into it.
import { useRef, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { describe } from '../../errors';
import { setFlash } from '../../flash';
import { Loading, Notice } from '../../components/Notice';
import { Confirm } from '../../components/Confirm';
import { useBusy } from '../../components/useForm';
import { ageText, forget, fullName, label, SEX, titleOf, type Person } from './model';
import { PersonHeading, PersonLoadState, usePerson } from './usePerson';

export function MergePage({ id }: { id: string }) {
  const { t } = useT();
  const loaded = usePerson(id, t('reason.merge'), t('merge.title'));
  const { person } = loaded;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const { busy: searching, run: runSearch } = useBusy();
  const [keep, setKeep] = useState<Person | null>(null);
  const { busy, run } = useBusy();
  const [error, setError] = useState('');
  const confirmRef = useRef<HTMLParagraphElement>(null);

  const failed = (err: unknown) => setError(describe(err, t));

  const search = (e: Event) => {
    e.preventDefault();
    if (!q.trim() || !person) return;
    setError('');
    setKeep(null);
    void runSearch(async () => {
      const { data } = await api.get<Page<Person>>('/persons' + query({ q: q.trim(), status: 'active', limit: 25 }));
      setFound(data.items.filter((p) => p.id !== person.id));
    }, failed);
  };

  const choose = (p: Person) => {
    setKeep(p);
    requestAnimationFrame(() => confirmRef.current?.focus());
  };

  const merge = () => {
    if (!person || !keep) return;
    setError('');
    void run(async () => {
      const { data } = await api.post<Person>('/persons/' + encodeURIComponent(keep.id) + '/merge', { duplicate_id: person.id });
      forget();
      setFlash(k('merge.done'), { code: person.code || '' });
      navigate('/persons/' + encodeURIComponent(data.id || keep.id), true);
    }, failed);
  };

  return (
    <section aria-labelledby="page-title">
      <PersonHeading id={id} title={t('merge.title')} person={person} withCode />
      <PersonLoadState {...loaded} />
      {person && (
        <>
          <p>{t('merge.explain', { name: titleOf(person, t) })}</p>
          {error && <Notice kind="error">{error}</Notice>}
          <form class="search" role="search" onSubmit={search}>
            <label for="merge-q" class="visually-hidden">
              {t('merge.search_label')}
            </label>
            <input
              id="merge-q"
              type="search"
              value={q}
              autoComplete="off"
              placeholder={t('people.search_placeholder')}
              onInput={(e) => setQ(e.currentTarget.value)}
            />
            <button type="submit" class="btn" disabled={searching}>
              {t('list.search')}
            </button>
          </form>
          {searching && <Loading label={t('common.loading')} />}
          {found && !searching && found.length === 0 && <p class="empty">{t('people.no_match')}</p>}
          {found && found.length > 0 && (
            <ul class="records" aria-label={t('people.results')}>
              {found.map((p) => (
                <li key={p.id} class={keep?.id === p.id ? 'chosen' : undefined}>
                  <span class="record-link">
                    <span class="record-primary">
                      <bdi>{fullName(p) || p.code}</bdi>
                    </span>
                    <span class="record-secondary">
                      {[p.code, label(SEX, p.sex, t), ageText(p, t)].filter(Boolean).join(' · ')}
                    </span>
                  </span>
                  <button
                    type="button"
                    class="btn"
                    aria-pressed={keep?.id === p.id}
                    aria-label={t('merge.choose_named', { name: fullName(p) || p.code || '' })}
                    onClick={() => choose(p)}
                  >
                    {t('merge.choose')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {keep && (
            <Confirm
              id="merge-confirm"
              class="confirm danger-zone"
              questionRef={confirmRef}
              question={t('merge.confirm', {
                duplicate: titleOf(person, t),
                duplicate_code: person.code || '',
                keep: titleOf(keep, t),
                keep_code: keep.code || '',
              })}
              yes={t('merge.yes')}
              busy={busy}
              onYes={merge}
              onCancel={() => setKeep(null)}
            />
          )}
        </>
      )}
    </section>
  );
}
