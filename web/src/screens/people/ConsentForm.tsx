// Recording one statement of consent. A child's consent is given through a parent or guardian,
// whose name is then required; the form says so before the server has to.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { setFlash } from '../../flash';
import { Field, type Value } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import {
  ageOn,
  choicesOf,
  CONSENT_STATUS,
  fetchPerson,
  fieldId,
  forget,
  loadOptions,
  loadOrganizations,
  METHOD,
  PURPOSE,
  today,
  type Person,
} from './model';
import { PersonHeading } from './usePerson';

const ADULT_AGE = 18;

const F: Record<string, FieldDef> = {
  purpose: { name: 'purpose', label: k('consent.purpose'), kind: 'select', required: true },
  partner_org_id: { name: 'partner_org_id', label: k('consent.partner'), kind: 'select', required: true, hint: k('consent.partner_hint') },
  status: { name: 'status', label: k('consent.status'), kind: 'radio', required: true },
  method: { name: 'method', label: k('consent.method'), kind: 'radio', required: true },
  guardian_name: { name: 'guardian_name', label: k('consent.guardian_name'), kind: 'text', autocomplete: 'off' },
  date: { name: 'date', label: k('consent.date'), kind: 'date', required: true },
  text_version: { name: 'text_version', label: k('consent.text_version'), kind: 'text', required: true, autocomplete: 'off', hint: k('consent.text_version_hint') },
  expires_on: { name: 'expires_on', label: k('consent.expires_on'), kind: 'date', hint: k('consent.expires_hint') },
  notes: { name: 'notes', label: k('consent.notes'), kind: 'textarea' },
};
const ORDER = Object.keys(F);

export function ConsentForm({ id }: { id: string }) {
  const { t } = useT();
  const [person, setPerson] = useState<Person | null>(null);
  const [purposes, setPurposes] = useState<string[]>(Object.keys(PURPOSE));
  const [orgs, setOrgs] = useState<{ value: string; label: string }[]>([]);
  const [values, setValues] = useState<Record<string, string>>({
    purpose: '',
    partner_org_id: '',
    status: 'given',
    method: '',
    guardian_name: '',
    date: today(),
    text_version: '',
    expires_on: '',
    notes: '',
  });
  const form = useForm(ORDER, fieldId);
  const { busy, errors } = form;

  const loader = useLoad(async () => {
    const { person } = await fetchPerson(id, t('reason.consent'));
    setPerson(person);
    const age = ageOn(person, today());
    setValues((old) => ({ ...old, method: old.method || (age !== null && age < ADULT_AGE ? 'guardian' : 'verbal') }));
  });

  useEffect(() => {
    document.title = t('consent.new_title') + ' · ' + t('app.name');
    void loader.load();
    loadOptions().then((o) => o.consent_purposes?.length && setPurposes(o.consent_purposes), () => {});
    loadOrganizations().then(setOrgs, () => setOrgs([]));
  }, [id]);

  const age = person ? ageOn(person, values.date || today()) : null;
  const child = age !== null && age < ADULT_AGE;
  const needsGuardian = child || values.method === 'guardian';
  const visible = (name: string) =>
    (name !== 'partner_org_id' || values.purpose === 'share_partner') && (name !== 'guardian_name' || needsGuardian);

  const check = (): Record<string, string> => {
    const errs: Record<string, string> = {};
    for (const name of ORDER) {
      if (visible(name) && F[name].required && !values[name].trim()) errs[name] = t('field_error.required');
    }
    if (child && values.method && values.method !== 'guardian') errs.method = t('consent.child_needs_guardian');
    if (needsGuardian && !values.guardian_name.trim()) errs.guardian_name = t('consent.guardian_required');
    return errs;
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (!person) return;
    const errs = check();
    if (Object.keys(errs).length > 0) {
      form.show(errs, t('form.fix_fields'));
      return;
    }
    const body: Record<string, unknown> = {};
    for (const name of ORDER) if (visible(name) && values[name].trim()) body[name] = name === 'notes' ? values[name] : values[name].trim();
    // Left at today, the server's own today is used: the device's clock or time zone may differ.
    if (body.date === today()) delete body.date;
    void form.send(async () => {
      await api.post('/persons/' + encodeURIComponent(person.id) + '/consents', body);
      forget();
      setFlash(k('consent.recorded'), { purpose: t(PURPOSE[values.purpose] || values.purpose) });
      navigate('/persons/' + encodeURIComponent(person.id));
    });
  };

  const choices: Record<string, { value: string; label: string }[] | undefined> = {
    purpose: choicesOf(purposes, PURPOSE, t),
    partner_org_id: orgs.filter((o) => o.value !== person?.organization_id),
    status: choicesOf(Object.keys(CONSENT_STATUS), CONSENT_STATUS, t),
    method: choicesOf(Object.keys(METHOD), METHOD, t),
  };
  return (
    <section aria-labelledby="page-title">
      <PersonHeading id={id} title={t('consent.new_title')} person={person} />
      <LoadState {...loader} />
      {person && (
        <>
          {child && <Notice kind="info">{t('consent.child_note', { age })}</Notice>}
          <FormTop form={form} />
          <form class="form" onSubmit={submit} noValidate aria-busy={busy}>
            <p class="hint">{t('form.required_note')}</p>
            {ORDER.filter(visible).map((name) => (
              <Field
                key={name}
                id={fieldId(name)}
                def={name === 'guardian_name' ? { ...F[name], required: needsGuardian } : F[name]}
                value={values[name]}
                error={errors[name]}
                disabled={busy}
                choices={choices[name]}
                onInput={(v: Value) => setValues((old) => ({ ...old, [name]: typeof v === 'string' ? v : '' }))}
              />
            ))}
            <FormActions busy={busy} label={t('consent.save')} cancel={'/persons/' + encodeURIComponent(id)} />
          </form>
        </>
      )}
    </section>
  );
}
