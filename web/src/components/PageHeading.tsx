// The top of a record's page: the way back above, the page's title with what it is about beside it.
import type { ComponentChildren } from 'preact';
import { Link } from '../router';

interface Props {
  back: string;
  backText: string;
  title: ComponentChildren;
  // The record the page is about; nothing until it is known.
  children?: ComponentChildren;
}

export function PageHeading({ back, backText, title, children }: Props) {
  return (
    <>
      <p class="crumbs">
        <Link href={back}>{backText}</Link>
      </p>
      <h1 id="page-title">
        {title}
        {children != null && children !== false && <span class="subtitle">{children}</span>}
      </h1>
    </>
  );
}
