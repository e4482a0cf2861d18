// A newcomer at a session, registered from the attendance screen by those who may register people:
// a few fields, then the registry's duplicate check. A likely match is marked present instead of
// registering anyone; otherwise the person is registered in the activity's programme and site and
// marked present. Nothing of the attendance is saved here: the list is saved as usual. Others are
// told who registers newcomers.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { fieldsOf, type Value } from '../../components/Field';
import { FormTop, useForm } from '../../components/useForm';
import { accessOf, fullName, loadOptions, loadSites, type Options, type Person } from '../people/model';
import { ageFieldOf, ageShown, findDuplicates, identityChoices, missing, PERSON_FIELDS, toBody, type DuplicateMatch, type Values } from '../people/personInput';
import { DuplicateList } from '../people/DuplicateList';
import type { PersonSummary } from './attendance';

const FIELDS = ['given_name', 'family_name', 'sex', 'age_known', 'age_years', 'age_estimated', 'birth_date', 'population_group'];
// The programme and site are the activity's: the server's messages about them go under the line
// that names them.
const WHERE = 'where';
const ORDER = [...FIELDS, WHERE];
const idOf = (name: string) => 'qa-' + name;

const blank = (programmeId: string, siteId: string): Values => ({
  ...Object.fromEntries(FIELDS.map((f) => [f, ''])),
  age_known: 'age',
  programme_id: programmeId,
  site_id: siteId,
});

const summaryOf = (p: Person): PersonSummary => ({
  id: p.id,
  code: p.code,
  given_name: p.given_name,
  family_name: p.family_name,
  sex: p.sex,
  age_years: p.age_years,
  status: p.status,
});

interface Props {
  programmeId: string;
  siteId: string;
  // The person to list, marked present (already listed: marked present).
  onAdd: (p: PersonSummary) => void;
}

export function QuickAdd({ programmeId, siteId, onAdd }: Props) {
  const { t } = useT();
  const { me, programmes } = useSession();
  const may = accessOf(me).register;
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(() => blank(programmeId, siteId));
  const [options, setOptions] = useState<Options | null>(null);
  const [siteName, setSiteName] = useState('');
  const [matches, setMatches] = useState<DuplicateMatch[] | null>(null);
  const [said, setSaid] = useState('');
  const form = useForm(ORDER, idOf);
  const { busy, errors } = form;
  const matchesRef = useRef<HTMLHeadingElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!may || !open) return;
    loadOptions(programmeId).then(setOptions, () => setOptions(null));
    loadSites().then((sites) => setSiteName(sites.find((s) => s.value === siteId)?.label || ''), () => {});
  }, [may, open, programmeId, siteId]);

  if (!may) {
    return (
      <section class="att-add" aria-labelledby="qa-title">
        <h2 id="qa-title">{t('quick_add.title')}</h2>
        <p class="hint">{t('quick_add.note')}</p>
      </section>
    );
  }

  const set = (name: string, v: Value) => setValues((old) => ({ ...old, [name]: v }));

  const start = () => {
    setSaid('');
    setOpen(true);
    requestAnimationFrame(() => document.getElementById(idOf('given_name'))?.focus());
  };

  const close = (message = '') => {
    setOpen(false);
    setMatches(null);
    setValues(blank(programmeId, siteId));
    form.clear();
    setSaid(message);
    requestAnimationFrame(() => openRef.current?.focus());
  };

  // The form's field for a field the server names; the programme and site are the activity's line.
  const fieldOf = (field: string) => {
    const name = ageFieldOf(values, field);
    if (name === 'programme_id' || name === 'site_id') return WHERE;
    return FIELDS.includes(name) ? name : undefined;
  };

  const add = (p: Person, message: string) => {
    onAdd(summaryOf(p));
    close(message);
  };

  const register = async () => {
    const { data } = await api.post<Person>('/persons', toBody(values));
    add(data, t('quick_add.registered', { name: fullName(data) || data.code, code: data.code || '' }));
  };

  const check = (e: Event) => {
    e.preventDefault();
    const found = missing(values, t);
    if (Object.keys(found).length > 0) {
      const errs: Record<string, string> = {};
      for (const [name, message] of Object.entries(found)) errs[fieldOf(name) || WHERE] ||= message;
      form.show(errs, t('form.fix_fields'));
      return;
    }
    form.setErrors({});
    void form.send(async () => {
      const likely = await findDuplicates(values);
      if (likely.length > 0) {
        setMatches(likely);
        requestAnimationFrame(() => matchesRef.current?.focus());
        return;
      }
      setMatches(null);
      await register();
    }, fieldOf);
  };

  const choices = identityChoices(options, t);
  const render = fieldsOf({ defs: PERSON_FIELDS, idOf, values, errors, disabled: busy, choices, onInput: set });
  const field = (name: string) => ageShown(values, name) && render(name);
  const programme = programmes.find((p) => p.id === programmeId);
  const whereError = errors[WHERE];

  return (
    <section class="att-add" aria-labelledby="qa-title">
      <h2 id="qa-title">{t('quick_add.title')}</h2>
      <p class="att-said" role="status">
        {said}
      </p>
      {!open ? (
        <button type="button" ref={openRef} class="btn" onClick={start}>
          {t('quick_add.open')}
        </button>
      ) : (
        <>
          <FormTop form={form} />
          <form class="form quick-add" onSubmit={check} noValidate aria-busy={busy} aria-labelledby="qa-title">
            <p class="hint">{t('form.required_note')}</p>
            {FIELDS.map(field)}
            <div class={'field' + (whereError ? ' has-error' : '')}>
              <p class="hint" id={idOf(WHERE)} tabIndex={-1} aria-describedby={whereError ? idOf(WHERE) + '-error' : undefined}>
                {t('quick_add.where', { programme: programme ? String(programme.name) : '—', site: siteName || '—' })}
              </p>
              {whereError && (
                <p class="field-error" id={idOf(WHERE) + '-error'}>
                  {whereError}
                </p>
              )}
            </div>
            {matches && (
              <DuplicateList
                id="qa-dups-title"
                matches={matches}
                headingRef={matchesRef}
                busy={busy}
                onNone={() => form.send(register, fieldOf)}
                action={(m) => (
                  <button type="button" class="btn" disabled={busy} onClick={() => add(m.person, t('quick_add.matched', { name: fullName(m.person) || m.person.code }))}>
                    {t('quick_add.match')}
                  </button>
                )}
              />
            )}
            <div class="actions">
              <button type="submit" class={matches ? 'btn' : 'btn btn-primary'} disabled={busy}>
                {busy ? t('quick_add.checking') : t('quick_add.check')}
              </button>
              <button type="button" class="btn" disabled={busy} onClick={() => close()}>
                {t('form.cancel')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
