// Opening a case: the person (found by name or code, or given by the person page), the programme,
// who counsels (a counsellor: themselves; a supervisor or manager chooses) and supervises, the
// date, how the person came and why. The server's messages beside the fields; a person who has an
// open case already is pointed to it.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { k, useT } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { hasRole, useSession } from '../../session';
import { setFlash } from '../../flash';
import { describe } from '../../errors';
import { findPeople, type PersonSummary } from '../../components/people';
import { fieldsOf } from '../../components/Field';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import type { FieldDef } from '../../resources';
import {
  casePath,
  choicesOf,
  fieldId,
  inWords,
  loadStaff,
  mayAssign,
  openCaseIn,
  personName,
  REFERRAL_SOURCE,
  today,
  type Case,
  type Staff,
} from './model';

type Values = Record<string, string>;
// A person as listed or opened: with their programme.
type Found = PersonSummary & { programme_id?: string };

const F: Record<string, FieldDef> = {
  programme_id: { name: 'programme_id', label: k('case.programme'), kind: 'select', required: true },
  counsellor_id: { name: 'counsellor_id', label: k('case.counsellor'), kind: 'select', required: true },
  supervisor_id: { name: 'supervisor_id', label: k('case.supervisor'), kind: 'select', required: true },
  opened_on: { name: 'opened_on', label: k('case.opened_on'), kind: 'date', required: true },
  referral_source: { name: 'referral_source', label: k('case.referral_source'), kind: 'select' },
  summary: { name: 'summary', label: k('case.summary'), kind: 'textarea', hint: k('case.summary_hint') },
};
const ORDER = ['person_id', ...Object.keys(F)];
// The person chooser's focusable element: the search box, or "choose someone else".
const idOf = (name: string) => (name === 'person_id' ? 'f-person' : fieldId(name));

export function OpenCase() {
  const { t } = useT();
  const { me, programmes, programmeId } = useSession();
  const { search } = useLocation();
  const given = search.get('person_id') || '';
  const assigns = mayAssign(me);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [personError, setPersonError] = useState('');
  const [staff, setStaff] = useState<Staff | null>(null);
  const [staffError, setStaffError] = useState('');
  const [existing, setExisting] = useState('');
  const [values, setValues] = useState<Values>(() => ({
    programme_id: programmeId,
    counsellor_id: !assigns && me ? me.id : '',
    supervisor_id: '',
    opened_on: today(),
    referral_source: '',
    summary: '',
  }));
  const form = useForm(ORDER, idOf);
  const title = t('cases.open_title');
  useTitle(title);

  const set = (name: string, v: string) => setValues((old) => ({ ...old, [name]: v }));

  const fetchStaff = () => {
    setStaffError('');
    loadStaff().then(
      (s) => {
        setStaff(s);
        // Oneself, or the only one there is, is chosen to start with.
        const only = (list: { id: string }[]) => (list.length === 1 ? list[0].id : '');
        setValues((old) => ({
          ...old,
          counsellor_id: old.counsellor_id || (me && hasRole(me, 'counsellor') ? me.id : only(s.counsellors)),
          supervisor_id: old.supervisor_id || (me && hasRole(me, 'supervisor') ? me.id : only(s.supervisors)),
        }));
      },
      (e) => setStaffError(describe(e, t)),
    );
  };

  // A case is opened in the person's programme, when it is one of the caller's.
  const inPersonsProgramme = (p: Found | null) => {
    const theirs = p?.programme_id;
    if (theirs && programmes.some((x) => x.id === theirs)) set('programme_id', theirs);
  };

  useEffect(() => {
    fetchStaff();
    if (!given) return;
    api.get<PersonSummary>('/persons/' + encodeURIComponent(given)).then(
      ({ data }) => {
        setPerson(data);
        inPersonsProgramme(data);
      },
      (e) => setPersonError(describe(e, t)),
    );
  }, [given]);

  // The programme in view arrives after the first render on a fresh load.
  useEffect(() => {
    if (!values.programme_id && programmeId) set('programme_id', programmeId);
  }, [programmeId]);

  const submit = (e: Event) => {
    e.preventDefault();
    setExisting('');
    const body: Record<string, string> = { opened_on: values.opened_on };
    if (person) body.person_id = person.id;
    for (const f of ['programme_id', 'counsellor_id', 'supervisor_id', 'referral_source']) if (values[f]) body[f] = values[f];
    if (values.summary.trim()) body.summary = values.summary;
    void form.send(async () => {
      try {
        const { data } = await api.post<Case>('/cases', body);
        setFlash(k('case.opened'), { name: personName(person || data.person, t) });
        navigate(casePath(data.id));
      } catch (err) {
        if (err instanceof ApiError) setExisting(err.errors.map((fe) => openCaseIn(fe.message)).find(Boolean) || '');
        throw inWords(err, t);
      }
    });
  };

  const names = (list: { id: string; display_name: string }[] | undefined) => (list || []).map((u) => ({ value: u.id, label: u.display_name }));
  const field = fieldsOf({
    defs: F,
    idOf,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: {
      programme_id: programmes.map((p) => ({ value: p.id, label: String(p.name) })),
      counsellor_id: names(staff?.counsellors),
      supervisor_id: names(staff?.supervisors),
      referral_source: choicesOf(Object.keys(REFERRAL_SOURCE), REFERRAL_SOURCE, t),
    },
    onInput: (name, v) => set(name, v as string),
  });

  return (
    <section aria-labelledby="page-title">
      <PageHeading back={hasRole(me, 'counsellor') ? '/cases/mine' : '/cases'} backText={t('cases.back')} title={title} />
      <FormTop form={form} />
      {existing && (
        <Notice kind="info">
          <Link href={casePath(existing)}>{t('cases.open_existing')}</Link>
        </Notice>
      )}
      <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
        <p class="hint">{t('form.required_note')}</p>
        <PersonChooser
          programmeId={values.programme_id}
          person={person}
          error={form.errors.person_id || personError}
          disabled={form.busy}
          onChoose={(p) => {
            setPerson(p);
            setPersonError('');
            inPersonsProgramme(p);
          }}
        />
        {programmes.length > 1 && field('programme_id')}
        {staffError && (
          <ErrorNotice action={t('common.retry')} onAction={fetchStaff}>
            {staffError}
          </ErrorNotice>
        )}
        {assigns ? (
          field('counsellor_id')
        ) : (
          <div class="field">
            <p class="cs-label">{t('case.counsellor')}</p>
            <p>
              <bdi>{me?.display_name || me?.username}</bdi>
            </p>
            {form.errors.counsellor_id && <p class="field-error">{form.errors.counsellor_id}</p>}
          </div>
        )}
        {field('supervisor_id')}
        {field('opened_on')}
        {field('referral_source')}
        {field('summary')}
        <FormActions busy={form.busy} label={t('cases.open_save')} cancel={hasRole(me, 'counsellor') ? '/cases/mine' : '/cases'} />
      </form>
    </section>
  );
}

interface ChooserProps {
  programmeId: string;
  person: PersonSummary | null;
  error?: string;
  disabled: boolean;
  onChoose: (p: PersonSummary | null) => void;
}

// The person the case is about: found by words of the name or the code among the programme's people.
function PersonChooser({ programmeId, person, error, disabled, onChoose }: ChooserProps) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState('');
  const errId = error ? 'f-person-error' : undefined;

  const find = async () => {
    if (!q.trim()) return;
    setSearching(true);
    setSearchError('');
    try {
      setFound(await findPeople(q, programmeId));
    } catch (e) {
      setSearchError(describe(e, t));
    } finally {
      setSearching(false);
    }
  };

  const choose = (p: PersonSummary | null) => {
    onChoose(p);
    setFound(null);
    requestAnimationFrame(() => document.getElementById('f-person')?.focus());
  };

  return (
    <fieldset class={'field cs-person' + (error ? ' has-error' : '')} disabled={disabled}>
      <legend>
        {t('case.person')}
        <span class="req" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      {person ? (
        <div class="cs-chosen">
          <p>
            <strong>
              <bdi>{personName(person, t)}</bdi>
            </strong>
            {person.code && personName(person, t) !== person.code && (
              <>
                {' · '}
                <bdi dir="ltr">{person.code}</bdi>
              </>
            )}
          </p>
          <button type="button" id="f-person" class="btn btn-small" aria-describedby={errId} onClick={() => choose(null)}>
            {t('cases.person_change')}
          </button>
        </div>
      ) : (
        <>
          <label for="f-person">{t('cases.person_find')}</label>
          <div class="search">
            <input
              id="f-person"
              type="search"
              value={q}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={errId}
              onInput={(e) => setQ(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void find();
                }
              }}
            />
            <button type="button" class="btn" onClick={() => void find()}>
              {t('list.search')}
            </button>
          </div>
        </>
      )}
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
      {searchError && <Notice kind="error">{searchError}</Notice>}
      {searching && <Loading label={t('common.loading')} />}
      {!person && found && !searching && found.length === 0 && <p class="empty">{t('cases.person_none')}</p>}
      {!person && found && found.length > 0 && (
        <ul class="records" aria-label={t('cases.person_results')}>
          {found.map((p) => (
            <li key={p.id}>
              <span class="record-link">
                <span class="record-primary">
                  <bdi>{personName(p, t)}</bdi>
                </span>
                {p.code && (
                  <span class="record-secondary">
                    <bdi dir="ltr">{p.code}</bdi>
                  </span>
                )}
              </span>
              <button type="button" class="btn" aria-label={t('cases.person_choose_named', { name: personName(p, t) })} onClick={() => choose(p)}>
                {t('cases.person_choose')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
