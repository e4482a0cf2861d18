// "This person is a duplicate of…": find the record to keep, confirm, and fold this one into it.
import { useRef, useState } from 'preact/hooks';
import { api, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate } from '../../router';
import { describe } from '../../errors';
import { setFlash } from '../../flash';
import { Loading, Notice } from '../../components/Notice';
import { ageText, forget, fullName, label, SEX, titleOf, type Person } from './model';
import { PersonLoadState, usePerson } from './usePerson';

export function MergePage({ id }: { id: string }) {
  const { t } = useT();
  const loaded = usePerson(id, t('reason.merge'), t('merge.title'));
  const { person } = loaded;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [keep, setKeep] = useState<Person | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const confirmRef = useRef<HTMLParagraphElement>(null);

  const search = async (e: Event) => {
    e.preventDefault();
    if (!q.trim() || !person) return;
    setSearching(true);
    setError('');
    setKeep(null);
    try {
      const { data } = await api.get<Page<Person>>('/persons' + query({ q: q.trim(), status: 'active', limit: 25 }));
      setFound(data.items.filter((p) => p.id !== person.id));
    } catch (err) {
      setError(describe(err, t));
    } finally {
      setSearching(false);
    }
  };

  const choose = (p: Person) => {
    setKeep(p);
    requestAnimationFrame(() => confirmRef.current?.focus());
  };

  const merge = async () => {
    if (!person || !keep) return;
    setBusy(true);
    setError('');
    try {
      const { data } = await api.post<Person>('/persons/' + encodeURIComponent(keep.id) + '/merge', { duplicate_id: person.id });
      forget();
      setFlash(k('merge.done'), { code: person.code || '' });
      navigate('/persons/' + encodeURIComponent(data.id || keep.id), true);
    } catch (err) {
      setBusy(false);
      setError(describe(err, t));
    }
  };

  const back = '/persons/' + encodeURIComponent(id);
  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <Link href={back}>{t('person.back')}</Link>
      </p>
      <h1 id="page-title">
        {t('merge.title')}
        {person && (
          <span class="subtitle">
            <bdi>{titleOf(person, t)}</bdi>
            {person.code && titleOf(person, t) !== person.code && (
              <>
                {' · '}
                <bdi dir="ltr">{person.code}</bdi>
              </>
            )}
          </span>
        )}
      </h1>
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
            <div role="group" aria-labelledby="merge-confirm" class="confirm danger-zone">
              <p id="merge-confirm" ref={confirmRef} tabIndex={-1}>
                {t('merge.confirm', {
                  duplicate: titleOf(person, t),
                  duplicate_code: person.code || '',
                  keep: titleOf(keep, t),
                  keep_code: keep.code || '',
                })}
              </p>
              <button type="button" class="btn btn-danger" disabled={busy} onClick={merge}>
                {busy ? t('form.saving') : t('merge.yes')}
              </button>
              <button type="button" class="btn" disabled={busy} onClick={() => setKeep(null)}>
                {t('form.cancel')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
