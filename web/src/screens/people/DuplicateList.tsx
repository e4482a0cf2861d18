// The likely duplicates of a person about to be registered (name, code, sex, age and why each
// matches), each with what may be done with it, and "None of these — register new" at the foot.
import type { ComponentChildren, Ref } from 'preact';
import { useT } from '../../i18n';
import { ageText, DUPLICATE_REASON, fullName, label, SEX } from './model';
import type { DuplicateMatch } from './personInput';

interface Props {
  // The heading's element id; focus goes to the heading (`headingRef`) when the list appears.
  id: string;
  matches: DuplicateMatch[];
  headingRef: Ref<HTMLHeadingElement>;
  busy: boolean;
  // What may be done with one match (a link to open it, a button to choose it).
  action: (m: DuplicateMatch) => ComponentChildren;
  onNone: () => void;
}

export function DuplicateList({ id, matches, headingRef, busy, action, onNone }: Props) {
  const { t } = useT();
  return (
    <section class="dups" aria-labelledby={id}>
      <h2 id={id} ref={headingRef} tabIndex={-1}>
        {t('duplicates.title', { n: matches.length })}
      </h2>
      <p>{t('duplicates.explain')}</p>
      <ul class="dup-list">
        {matches.map((m) => (
          <li key={m.person.id}>
            <p class="record-primary">
              <bdi>{fullName(m.person) || m.person.code}</bdi>
            </p>
            <p class="record-secondary">
              <bdi dir="ltr">{m.person.code}</bdi>
              {[label(SEX, m.person.sex, t), ageText(m.person, t)].filter(Boolean).map((s) => ' · ' + s)}
            </p>
            <p class="reasons">
              <span class="visually-hidden">{t('duplicates.why')} </span>
              {m.reasons.map((r) => (
                <span class="badge" key={r}>
                  {label(DUPLICATE_REASON, r, t)}
                </span>
              ))}
            </p>
            {action(m)}
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={onNone}>
          {t('duplicates.none')}
        </button>
      </div>
    </section>
  );
}
