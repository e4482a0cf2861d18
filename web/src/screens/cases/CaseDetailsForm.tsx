// A case's details: how the person came, the next follow-up, why they came (for those who may read
// it) and, for the supervisor's side, who counsels and supervises it. Only what changed is sent,
// with If-Match; a conflict offers the latest version.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash } from '../../flash';
import { describe } from '../../errors';
import { fieldsOf } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import {
  apiCase,
  casePath,
  choicesOf,
  fetchCase,
  fieldId,
  inWords,
  loadStaff,
  REFERRAL_SOURCE,
  remember,
  supervises,
  type Case,
  type Staff,
} from './model';
import { CaseFormFrame } from './CaseFormFrame';

const F: Record<string, FieldDef> = {
  counsellor_id: { name: 'counsellor_id', label: k('case.counsellor'), kind: 'select', required: true },
  supervisor_id: { name: 'supervisor_id', label: k('case.supervisor'), kind: 'select', required: true },
  referral_source: { name: 'referral_source', label: k('case.referral_source'), kind: 'select' },
  next_follow_up: { name: 'next_follow_up', label: k('case.next_follow_up'), kind: 'date', hint: k('case.next_follow_up_hint') },
  summary: { name: 'summary', label: k('case.summary'), kind: 'textarea', hint: k('case.summary_hint') },
};
const ORDER = Object.keys(F);

export function CaseDetailsForm({ id }: { id: string }) {
  const { t } = useT();
  const { me } = useSession();
  return (
    <CaseFormFrame id={id} title={t('case.edit_title')}>
      {(c, etag) => <DetailsFields c={c} etag={etag} assigns={supervises(me, c)} />}
    </CaseFormFrame>
  );
}

function valuesOf(c: Case): Record<string, string> {
  const v: Record<string, string> = {};
  for (const f of ORDER) v[f] = typeof c[f as keyof Case] === 'string' ? (c[f as keyof Case] as string) : '';
  return v;
}

function DetailsFields({ c: first, etag: firstTag, assigns }: { c: Case; etag: string; assigns: boolean }) {
  const { t } = useT();
  const form = useForm(ORDER, fieldId);
  const [c, setCase] = useState(first);
  const [etag, setEtag] = useState(firstTag);
  const [values, setValues] = useState(() => valuesOf(first));
  const [staff, setStaff] = useState<Staff | null>(null);
  const [staffError, setStaffError] = useState('');
  // The fields this viewer may change here.
  const shown = ORDER.filter((f) => (f === 'counsellor_id' || f === 'supervisor_id' ? assigns : f === 'summary' ? c.notes_visible : true));

  const fetchStaff = () => {
    setStaffError('');
    loadStaff().then(setStaff, (e) => setStaffError(describe(e, t)));
  };
  useEffect(() => {
    if (assigns) fetchStaff();
  }, []);

  const reload = async () => {
    const got = await fetchCase(c.id, true);
    setCase(got.c);
    setEtag(got.etag);
    setValues(valuesOf(got.c));
    form.clear();
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const before = valuesOf(c);
    const body: Record<string, string | null> = {};
    for (const f of shown) {
      const now = f === 'summary' ? values[f] : values[f].trim();
      if (now !== before[f]) body[f] = now === '' ? null : now;
    }
    void form.send(async () => {
      if (Object.keys(body).length === 0) {
        form.setSaved(t('form.nothing_changed'));
        return;
      }
      try {
        const { data, etag: next } = await api.patch<Case>(apiCase(c.id), body, etag);
        remember(data, next);
      } catch (err) {
        throw inWords(err, t);
      }
      setFlash(k('case.details_saved'));
      navigate(casePath(c.id));
    });
  };

  // Whoever is assigned stays offered, even if no longer listed (deactivated, role taken away).
  const people = (list: { id: string; display_name: string }[] | undefined, id: string | undefined, name: string | undefined) => {
    const out = (list || []).map((u) => ({ value: u.id, label: u.display_name }));
    if (id && !out.some((o) => o.value === id)) out.unshift({ value: id, label: name || id });
    return out;
  };
  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: {
      counsellor_id: people(staff?.counsellors, c.counsellor_id, c.counsellor_name),
      supervisor_id: people(staff?.supervisors, c.supervisor_id, c.supervisor_name),
      referral_source: choicesOf(Object.keys(REFERRAL_SOURCE), REFERRAL_SOURCE, t),
    },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <>
      <FormTop form={form} reload={() => void reload()} />
      {staffError && (
        <ErrorNotice action={t('common.retry')} onAction={fetchStaff}>
          {staffError}
        </ErrorNotice>
      )}
      <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
        {shown.map((f) => field(f))}
        <FormActions busy={form.busy} label={t('form.save')} cancel={casePath(c.id)} />
      </form>
    </>
  );
}
