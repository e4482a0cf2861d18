// Making a referral (managers, supervisors, counsellors): outgoing to a service of the directory, or
// an incoming one registered from another organisation; the person found in the programme by name
// or code; urgency, date, follow-up and the reason. An outgoing referral needs the person's consent
// for referral on its date: when the server refuses for that, the form shows its words and explains
// that consent is recorded on the person's page, with the way there.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, query, type Page } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { describe } from '../../errors';
import { setFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { Loading, Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useBusy, useForm } from '../../components/useForm';
import { useTitle } from '../../components/useTitle';
import { findPeople } from '../../components/people';
import type { FieldDef } from '../../resources';
import {
  fieldId,
  label,
  mayRefer,
  referralPath,
  SEX,
  today,
  URGENCIES,
  URGENCY,
  whoText,
  type PersonSummary,
  type Referral,
  type Service,
} from './model';

type Values = Record<string, string>;

const F: Record<string, FieldDef> = {
  direction: {
    name: 'direction',
    label: k('referral.direction'),
    kind: 'radio',
    required: true,
    options: [
      { value: 'outgoing', label: k('referral.direction_outgoing') },
      { value: 'incoming', label: k('referral.direction_incoming') },
    ],
  },
  service_id: { name: 'service_id', label: k('referral.service'), kind: 'select', required: true, hint: k('referral.service_hint') },
  from_organization: { name: 'from_organization', label: k('referral.from_organization'), kind: 'text', required: true },
  urgency: { name: 'urgency', label: k('referral.urgency'), kind: 'select', required: true },
  made_on: { name: 'made_on', label: k('referral.made_on'), kind: 'date', required: true },
  follow_up_on: { name: 'follow_up_on', label: k('referral.follow_up_on'), kind: 'date', hint: k('referral.follow_up_hint') },
  reason: { name: 'reason', label: k('referral.reason'), kind: 'textarea', required: true, hint: k('referral.reason_hint') },
};
const ORDER = ['direction', 'person_id', 'service_id', 'from_organization', 'urgency', 'made_on', 'follow_up_on', 'reason'];

// The server's refusal for want of consent names the person and says so in these words.
const NO_CONSENT = 'has not consented to referral';

function details(p: PersonSummary, t: (key: string, o?: Record<string, unknown>) => string): string {
  const named = !!(p.given_name || p.family_name);
  return [named ? p.code : '', p.sex ? label(SEX, p.sex, t) : '', typeof p.age_years === 'number' ? t('referral.age', { n: p.age_years }) : '']
    .filter(Boolean)
    .join(' · ');
}

export function ReferralForm() {
  const { t } = useT();
  const { me, programmeId } = useSession();
  const { search } = useLocation();
  const [values, setValues] = useState<Values>({ direction: 'outgoing', service_id: '', from_organization: '', urgency: 'routine', made_on: today(), follow_up_on: '', reason: '' });
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [services, setServices] = useState<Service[]>([]);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [findError, setFindError] = useState('');
  const [noConsent, setNoConsent] = useState(false);
  const finding = useBusy();
  const form = useForm(ORDER, fieldId);
  const { busy, errors } = form;
  const searchBox = useRef<HTMLInputElement>(null);
  const title = t('referrals.new');

  useTitle(title);

  const loader = useLoad(async () => {
    const { data } = await api.get<Page<Service>>('/services' + query({ active: 'true', limit: 200 }));
    setServices(data.items);
    const wanted = search.get('person');
    if (wanted) {
      const { data: p } = await api.get<PersonSummary>('/persons/' + encodeURIComponent(wanted) + query({ reason: t('referral.read_reason') }));
      setPerson(p);
    }
  });

  useEffect(() => {
    void loader.load();
  }, []);

  if (!mayRefer(me)) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back="/referrals" backText={t('form.back_to', { what: t('referrals.title') })} title={title} />
        <Notice kind="info">{t('referral.caseworkers_only')}</Notice>
      </section>
    );
  }

  const find = (e: Event) => {
    e.preventDefault();
    if (!q.trim()) return;
    setFindError('');
    void finding.run(
      async () => setFound(await findPeople(q, programmeId)),
      (err) => setFindError(describe(err, t)),
    );
  };

  const choose = (p: PersonSummary) => {
    setPerson(p);
    setFound(null);
    setQ('');
    setNoConsent(false);
    form.setErrors({ ...errors, person_id: '' });
    requestAnimationFrame(() => document.getElementById(fieldId('person_id'))?.focus());
  };

  const change = () => {
    setPerson(null);
    setNoConsent(false);
    requestAnimationFrame(() => searchBox.current?.focus());
  };

  const submit = (e: Event) => {
    e.preventDefault();
    setNoConsent(false);
    void form.send(async () => {
      const outgoing = values.direction === 'outgoing';
      const body: Record<string, string> = {
        direction: values.direction,
        programme_id: programmeId,
        urgency: values.urgency,
        reason: values.reason,
      };
      if (person) body.person_id = person.id;
      if (outgoing && values.service_id) body.service_id = values.service_id;
      if (!outgoing && values.from_organization.trim()) body.from_organization = values.from_organization.trim();
      if (values.made_on) body.made_on = values.made_on;
      if (values.follow_up_on) body.follow_up_on = values.follow_up_on;
      try {
        const { data } = await api.post<Referral>('/referrals', body);
        setFlash(k('referral.created'), { name: whoText(data.person, data.person_id, t) });
        navigate(referralPath(data.id));
      } catch (err) {
        if (err instanceof ApiError && err.errors.some((x) => x.field === 'person_id' && x.message.includes(NO_CONSENT))) setNoConsent(true);
        throw err;
      }
    });
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors,
    disabled: busy,
    choices: {
      service_id: services.map((s) => ({ value: s.id, label: s.provider ? `${s.name} — ${s.provider}` : s.name })),
      urgency: URGENCIES.map((u) => ({ value: u, label: label(URGENCY, u, t) })),
    },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  const personError = errors.person_id;
  return (
    <section aria-labelledby="page-title">
      <PageHeading back="/referrals" backText={t('form.back_to', { what: t('referrals.title') })} title={title} />
      <LoadState {...loader} />
      {!loader.loading && !loader.loadError && (
        <>
          {!programmeId && <Notice kind="info">{t('referral.no_programme')}</Notice>}
          <FormTop form={form} />
          <p class="hint">{t('form.required_note')}</p>
          {field('direction')}

          {/* The person: found by name or code, then chosen. */}
          <div class={'field rf-person' + (personError ? ' has-error' : '')}>
            <p class="rf-person-label" id="rf-person-label">
              {t('referral.person')}
              <span class="req" aria-hidden="true">
                {' '}
                *
              </span>
            </p>
            {person ? (
              <div class="rf-chosen" id={fieldId('person_id')} tabIndex={-1} role="group" aria-labelledby="rf-person-label" aria-describedby={personError ? 'rf-person-error' : undefined}>
                <p>
                  <strong>
                    <bdi>{whoText(person, person.id, t)}</bdi>
                  </strong>
                  {details(person, t) && <span class="record-secondary"> · {details(person, t)}</span>}
                </p>
                <button type="button" class="btn btn-link" disabled={busy} onClick={change}>
                  {t('referral.change_person')}
                </button>
              </div>
            ) : (
              <form class="search" role="search" onSubmit={find}>
                <label for={fieldId('person_id')} class="visually-hidden">
                  {t('referral.find_person')}
                </label>
                <input
                  id={fieldId('person_id')}
                  ref={searchBox}
                  type="search"
                  value={q}
                  autoComplete="off"
                  placeholder={t('referral.find_placeholder')}
                  aria-invalid={personError ? true : undefined}
                  aria-describedby={personError ? 'rf-person-error' : undefined}
                  onInput={(e) => setQ(e.currentTarget.value)}
                />
                <button type="submit" class="btn" disabled={finding.busy}>
                  {t('referral.find')}
                </button>
              </form>
            )}
            {personError && (
              <p class="field-error" id="rf-person-error">
                {personError}
              </p>
            )}
            {noConsent && person && (
              <div class="notice notice-info rf-consent-help" role="status">
                <p>{t('referral.consent_explain')}</p>
                <p>
                  <Link href={'/persons/' + encodeURIComponent(person.id) + '/consents/new'}>
                    {t('referral.consent_record', { name: whoText(person, person.id, t) })}
                  </Link>
                </p>
              </div>
            )}
            {findError && <Notice kind="error">{findError}</Notice>}
            {finding.busy && <Loading label={t('common.loading')} />}
            {!person && found && !finding.busy && found.length === 0 && <p class="empty">{t('referral.no_person')}</p>}
            {!person && found && found.length > 0 && (
              <ul class="records" aria-label={t('referral.people_found')}>
                {found.map((p) => {
                  const name = whoText(p, p.id, t);
                  return (
                    <li key={p.id}>
                      <span class="record-link">
                        <span class="record-primary">
                          <bdi>{name}</bdi>
                        </span>
                        {details(p, t) && <span class="record-secondary">{details(p, t)}</span>}
                      </span>
                      <button type="button" class="btn" aria-label={t('referral.choose_named', { name })} onClick={() => choose(p)}>
                        {t('referral.choose')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>

          <form class="form" id="referral-form" onSubmit={submit} noValidate aria-busy={busy}>
            {values.direction === 'outgoing' ? (
              <>
                {field('service_id')}
                {services.length === 0 && (
                  <p class="hint">
                    {t('referral.no_services')} <Link href="/services">{t('services.title')}</Link>
                  </p>
                )}
              </>
            ) : (
              field('from_organization')
            )}
            {field('urgency')}
            {field('made_on')}
            {field('follow_up_on')}
            {field('reason')}
            <div class="actions">
              <button type="submit" class="btn btn-primary" disabled={busy}>
                {busy ? t('form.saving') : values.direction === 'outgoing' ? t('referral.create') : t('referral.register')}
              </button>
              <Link class="btn" href="/referrals">
                {t('form.cancel')}
              </Link>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
