// The person a screen acts on: loaded once per id (the reason goes to the access log), with the
// heading and the loading and retry states every such screen shows.
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { LoadState, useLoad } from '../../components/useLoad';
import { fetchPerson, titleOf, type Person } from './model';

export function usePerson(id: string, reason: string, title: string) {
  const { t } = useT();
  const [person, setPerson] = useState<Person | null>(null);
  const loader = useLoad(async () => setPerson((await fetchPerson(id, reason)).person));
  useEffect(() => {
    document.title = title + ' · ' + t('app.name');
    void loader.load();
  }, [id]);
  return { person, ...loader };
}

export function PersonLoadState({ person, ...loader }: ReturnType<typeof usePerson>) {
  return person ? null : <LoadState {...loader} />;
}

interface HeadingProps {
  id: string;
  title: string;
  person: Person | null;
  // The person code beside the name, where the name is not the code already.
  withCode?: boolean;
  // Leave the way back out of print.
  noPrint?: boolean;
}

// The top of a screen about one person: the way back to them, the screen's title and whose record it is.
export function PersonHeading({ id, title, person, withCode = false, noPrint = false }: HeadingProps) {
  const { t } = useT();
  const name = person ? titleOf(person, t) : '';
  return (
    <>
      <p class={noPrint ? 'crumbs no-print' : 'crumbs'}>
        <Link href={'/persons/' + encodeURIComponent(id)}>{t('person.back')}</Link>
      </p>
      <h1 id="page-title">
        {title}
        {person && (
          <span class="subtitle">
            <bdi>{name}</bdi>
            {withCode && person.code && name !== person.code && (
              <>
                {' · '}
                <bdi dir="ltr">{person.code}</bdi>
              </>
            )}
          </span>
        )}
      </h1>
    </>
  );
}
