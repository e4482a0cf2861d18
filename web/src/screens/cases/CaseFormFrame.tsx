// What every form of a case shares: the case loaded (the one the case page read, when it did), the
// heading naming the person, and a sentence instead of the form for a viewer who may not change the
// case, or a case the form is not for (a closed one, for a new session).
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import { casePath, fetchCase, label, mayChange, personName, STATUS, type Case } from './model';

interface Props {
  id: string;
  title: string;
  // Whether the viewer may use the form on this case (beyond being allowed to change it).
  allowed?: (c: Case) => boolean;
  // The sentence shown when `allowed` says no.
  refusal?: string;
  children: (c: Case, etag: string) => ComponentChildren;
}

export function CaseFormFrame({ id, title, allowed, refusal, children }: Props) {
  const { t } = useT();
  const { me } = useSession();
  const [c, setCase] = useState<Case | null>(null);
  const [etag, setEtag] = useState('');
  useTitle(title);

  const loader = useLoad(async () => {
    const got = await fetchCase(id);
    setCase(got.c);
    setEtag(got.etag);
  });
  useEffect(() => {
    void loader.load();
  }, [id]);

  const heading = (
    <PageHeading back={casePath(id)} backText={t('case.back')} title={title}>
      {c && (
        <>
          <bdi>{personName(c.person, t)}</bdi>
          {' · '}
          {label(STATUS, c.status, t)}
        </>
      )}
    </PageHeading>
  );

  let body: ComponentChildren = null;
  if (c && !loader.loading) {
    if (!mayChange(me, c)) body = <Notice kind="info">{t('case.not_yours')}</Notice>;
    else if (allowed && !allowed(c)) body = <Notice kind="info">{refusal}</Notice>;
    else body = children(c, etag);
  }

  return (
    <section aria-labelledby="page-title">
      {heading}
      <LoadState {...loader} />
      {body}
    </section>
  );
}
