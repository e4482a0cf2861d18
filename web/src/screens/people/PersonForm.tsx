// Registering a person (with the duplicate check before saving) and editing one.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, query, versionTag, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash } from '../../flash';
import { Field, fieldsOf, type Value } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { useProgrammeInView } from '../../components/useProgrammeInView';
import { useTitle } from '../../components/useTitle';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { accessOf, choicesOf, fieldId, forget, fullName, languageName, loadOptions, loadSites, SPECIFIC_NEED, WG_ANSWER, WG_DOMAINS, WG_QUESTION, type Options, type Person } from './model';
import {
  ageFieldOf,
  ageShown,
  CODE_FIELDS,
  findDuplicates,
  identityChoices,
  missing,
  PERSON_FIELDS,
  TEXT_FIELDS,
  toBody,
  wgName,
  type DuplicateMatch,
  type Values,
} from './personInput';
import { DuplicateList } from './DuplicateList';

const F = PERSON_FIELDS;
const WG_FIELDS: FieldDef[] = WG_DOMAINS.map((d) => ({
  name: wgName(d),
  label: WG_QUESTION[d],
  kind: 'select',
  options: ['1', '2', '3', '4'].map((v) => ({ value: v, label: WG_ANSWER[v] })),
}));
// Every field in the order of the form.
const ORDER = [...Object.keys(F), ...WG_FIELDS.map((f) => f.name)];

function toValues(p: Person | null, householdCode: string): Values {
  const v: Values = {};
  for (const f of [...TEXT_FIELDS, ...CODE_FIELDS]) {
    const x = p ? (p as unknown as Record<string, unknown>)[f] : undefined;
    v[f] = x === undefined || x === null ? '' : String(x);
  }
  const byAge = !p?.birth_date; // the server keeps one of the two
  v.age_known = byAge ? 'age' : 'date';
  v.age_years = p && typeof p.age_years === 'number' ? String(p.age_years) : '';
  v.age_estimated = p?.age_estimated ? 'true' : '';
  v.birth_date = p?.birth_date || '';
  v.household = householdCode;
  v.specific_needs = p?.specific_needs ? [...p.specific_needs] : [];
  for (const d of WG_DOMAINS) {
    const a = p?.wg_ss?.[d];
    v[wgName(d)] = typeof a === 'number' ? String(a) : '';
  }
  return v;
}

const AGE_KEYS = ['birth_date', 'age_years', 'age_estimated'];

export function PersonForm({ id }: { id: string | null }) {
  const { t, lang } = useT();
  const { me, programmes } = useSession();
  const creating = id === null;
  const may = accessOf(me);
  const [record, setRecord] = useState<Person | null>(null);
  const [etag, setEtag] = useState('');
  const [householdCode, setHouseholdCode] = useState('');
  const [values, setValues] = useState<Values>(() => toValues(null, ''));
  const [options, setOptions] = useState<Options | null>(null);
  const [allSites, setAllSites] = useState<{ value: string; label: string; active: boolean }[] | undefined>(undefined);
  const [matches, setMatches] = useState<DuplicateMatch[] | null>(null);
  const matchesRef = useRef<HTMLHeadingElement>(null);
  const form = useForm(ORDER, fieldId);
  const { busy, errors } = form;

  const title = creating ? t('people.register') : t('people.edit');

  const followProgramme = useProgrammeInView(creating, setValues);
  useTitle(title);

  const loader = useLoad(async () => {
    const { data, etag } = await api.get<Person>('/persons/' + encodeURIComponent(id!) + query({ reason: t('reason.edit') }));
    let code = '';
    if (data.household_id) {
      try {
        const head = await api.get<Person>('/persons/' + encodeURIComponent(data.household_id) + query({ reason: t('reason.household') }));
        code = head.data.code || '';
      } catch {
        code = '';
      }
    }
    setRecord(data);
    setEtag(versionTag(etag, data));
    setHouseholdCode(code);
    setValues(toValues(data, code));
    form.clear();
  }, !creating);
  const { loading, loadError, load } = loader;

  useEffect(() => {
    if (!creating) void load();
    loadOptions().then(setOptions, () => setOptions(null));
    loadSites().then(setAllSites, () => setAllSites([]));
  }, [id]);

  const set = (name: string, v: Value) => {
    setValues((old) => {
      const next = { ...old, [name]: v };
      followProgramme(next, name, v);
      return next;
    });
  };

  // The form's field for a field the server names (an item of a list counts as the list).
  const fieldOf = (field: string) => {
    let name = ageFieldOf(values, field.replace(/\[\d+\]$/, ''));
    if (name === 'household_id') name = 'household';
    return ORDER.includes(name) ? name : undefined;
  };

  // Fields left empty that must not be: shown without asking the server.
  const incomplete = () => {
    const errs = missing(values, t);
    if (Object.keys(errs).length === 0) return false;
    form.show(errs, t('form.fix_fields'));
    return true;
  };

  // The household is typed as the person code of its head; the API wants that person's id.
  const householdId = async (): Promise<string | null | undefined> => {
    const code = typeof values.household === 'string' ? values.household.trim() : '';
    if (code === householdCode.trim()) return undefined; // unchanged
    if (code === '') return null;
    const { data } = await api.get<Page<Person>>('/persons' + query({ q: code, limit: 2 }));
    const want = code.toUpperCase().replace(/[\s-]/g, '');
    const found = data.items.filter((p) => (p.code || '').toUpperCase().replace(/[\s-]/g, '') === want);
    if (found.length !== 1) throw new ApiError(422, '', [{ field: 'household_id', message: t('person.household_not_found') }]);
    return found[0].id;
  };

  const create = async () => {
    const hid = await householdId();
    const body = toBody(values);
    if (hid) body.household_id = hid;
    const { data } = await api.post<Person>('/persons', body);
    forget();
    setFlash(k('people.registered'), { code: data.code || '' });
    navigate('/persons/' + encodeURIComponent(data.id));
  };

  // "Check and save": likely duplicates first; register straight away when there are none.
  const checkAndSave = async () => {
    if (incomplete()) return;
    form.setErrors({});
    await form.send(async () => {
      const found = await findDuplicates(values);
      if (found.length > 0) {
        setMatches(found);
        requestAnimationFrame(() => matchesRef.current?.focus());
        return;
      }
      setMatches(null);
      await create();
    }, fieldOf);
  };

  const registerAnyway = () => form.send(create, fieldOf);

  const save = async () => {
    if (incomplete()) return;
    await form.send(async () => {
      const before = toBody(toValues(record, householdCode));
      const after = toBody(values);
      const body: Record<string, unknown> = {};
      const differs = (key: string) => JSON.stringify(before[key]) !== JSON.stringify(after[key]);
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (AGE_KEYS.includes(key) || !differs(key)) continue;
        // A field emptied: text is cleared with "", a choice with null, the WG-SS answers with {}.
        body[key] = key in after ? after[key] : key === 'wg_ss' ? {} : TEXT_FIELDS.includes(key) ? '' : null;
      }
      // The age is sent whole: the date of birth, or the number with its "estimated" mark.
      if (AGE_KEYS.some(differs)) {
        if (values.age_known === 'date') body.birth_date = after.birth_date;
        else {
          body.age_years = after.age_years;
          body.age_estimated = after.age_estimated;
        }
      }
      const hid = await householdId();
      if (hid !== undefined) body.household_id = hid;
      if (Object.keys(body).length === 0) {
        form.setSaved(t('form.nothing_changed'));
        return;
      }
      const { data, etag: next } = await api.patch<Person>('/persons/' + encodeURIComponent(id!), body, etag);
      forget();
      const code = typeof values.household === 'string' ? values.household.trim() : '';
      setRecord(data);
      setEtag(versionTag(next, data));
      setHouseholdCode(code);
      setValues(toValues(data, code));
      form.setErrors({});
      form.setSaved(t('form.saved'));
    }, fieldOf);
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    void (creating ? checkAndSave() : save());
  };

  if (!may.register) return null;

  // Active sites, and the person's own even if it has been deactivated since.
  const sites = allSites?.filter((x) => x.active || x.value === values.site_id).map(({ value, label }) => ({ value, label }));
  const programmeChoices = programmes.map((p) => ({ value: p.id, label: String(p.name) }));
  if (values.programme_id && !programmeChoices.some((c) => c.value === values.programme_id)) {
    programmeChoices.push({ value: values.programme_id as string, label: values.programme_id as string });
  }
  const choices: Record<string, { value: string; label: string }[] | undefined> = {
    ...identityChoices(options, t),
    programme_id: programmeChoices,
    language: (options?.languages || ['din', 'nus', 'bfa', 'shk', 'ar', 'en', 'other']).map((c) => ({ value: c, label: languageName(c, t, lang) })),
    specific_needs: choicesOf(options?.specific_needs || Object.keys(SPECIFIC_NEED), SPECIFIC_NEED, t),
  };
  const render = fieldsOf({ defs: F, idOf: fieldId, values, errors, disabled: busy, sites, choices, onInput: set });
  const field = (name: string) => ageShown(values, name) && render(name);
  const back = creating ? '/persons' : '/persons/' + encodeURIComponent(id!);

  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={creating ? t('form.back_to', { what: t('people.title') }) : t('person.back')} title={title}>
        {record && (
          <>
            <bdi>{fullName(record)}</bdi> · <bdi>{record.code}</bdi>
          </>
        )}
      </PageHeading>
      <LoadState {...loader} />
      {!loading && !loadError && (
        <>
          <FormTop form={form} reload={load} />
          <form class="form" onSubmit={onSubmit} noValidate aria-busy={busy}>
            <p class="hint">{t('form.required_note')}</p>
            <h2>{t('person.section_identity')}</h2>
            {field('given_name')}
            {field('family_name')}
            {field('other_names')}
            {field('sex')}
            {field('age_known')}
            {field('age_years')}
            {field('age_estimated')}
            {field('birth_date')}
            {field('population_group')}
            {field('language')}
            <h2>{t('person.section_where')}</h2>
            {field('programme_id')}
            {field('site_id')}
            {field('address')}
            {field('household')}
            {field('phone')}
            <h2>{t('person.section_functioning')}</h2>
            <p class="hint">{t('wgss.intro')}</p>
            {WG_FIELDS.map((f) => (
              <Field
                key={f.name}
                id={fieldId(f.name)}
                def={f}
                value={values[f.name]}
                error={errors[f.name]}
                disabled={busy}
                onInput={(v) => set(f.name, v)}
              />
            ))}
            <h2>{t('person.section_needs')}</h2>
            {field('specific_needs')}
            {field('notes')}
            {matches && creating && (
              <DuplicateList
                id="dups-title"
                matches={matches}
                headingRef={matchesRef}
                busy={busy}
                onNone={registerAnyway}
                action={(m) => (
                  <Link class="btn" href={'/persons/' + encodeURIComponent(m.person.id) + '?from=duplicates'}>
                    {t('duplicates.open')}
                  </Link>
                )}
              />
            )}
            <FormActions busy={busy} label={creating ? t('people.check_and_save') : t('form.save')} cancel={back}>
              {matches && creating && (
                <button type="submit" class="btn" disabled={busy}>
                  {t('duplicates.check_again')}
                </button>
              )}
            </FormActions>
          </form>
        </>
      )}
    </section>
  );
}
