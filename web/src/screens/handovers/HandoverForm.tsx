// "Plan a handover" (/handovers/new): the programme in view goes to another organisation on a
// date, for a stated purpose, under a written agreement, with the former owner's support until a
// day, and a policy for the people who did not consent to share their data with the receiver.
// The server checks it all (422 beside the fields it names, 409 when the programme already has a
// live handover) and answers with the preview, shown on the handover's page.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page, type Rec } from '../../api';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { setFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { Notice } from '../../components/Notice';
import { FormActions, FormTop, useForm } from '../../components/useForm';
import { useTitle } from '../../components/useTitle';
import type { FieldDef } from '../../resources';
import { listPath, mayPlan, pagePath, type Handover } from './model';

const F: Record<string, FieldDef> = {
  receiver_organization_id: { name: 'receiver_organization_id', label: k('handover.receiver'), kind: 'select', required: true, hint: k('handover.receiver_hint') },
  effective_date: { name: 'effective_date', label: k('handover.effective_date'), kind: 'date', required: true, hint: k('handover.effective_date_hint') },
  purpose: { name: 'purpose', label: k('handover.purpose'), kind: 'textarea', required: true, hint: k('handover.purpose_hint') },
  agreement_reference: { name: 'agreement_reference', label: k('handover.agreement_reference'), kind: 'text', required: true, hint: k('handover.agreement_hint') },
  support_until: { name: 'support_until', label: k('handover.support_until'), kind: 'date', hint: k('handover.support_until_hint') },
  non_consenting: {
    name: 'non_consenting',
    label: k('handover.non_consenting'),
    kind: 'radio',
    hint: k('handover.non_consenting_hint'),
    options: [
      { value: 'deidentified', label: k('handover.policy_explained.deidentified') },
      { value: 'withhold', label: k('handover.policy_explained.withhold') },
    ],
  },
  notes: { name: 'notes', label: k('handover.notes'), kind: 'textarea' },
};
const ORDER = ['receiver_organization_id', 'effective_date', 'purpose', 'agreement_reference', 'support_until', 'non_consenting', 'notes'];
const fieldId = (name: string) => 'hv-' + name;

export function HandoverForm() {
  const { t } = useT();
  const { me, programmes, programmeId } = useSession();
  const programme = programmes.find((p) => p.id === programmeId) || programmes[0];
  const [values, setValues] = useState<Record<string, string>>({ non_consenting: 'deidentified' });
  const [orgs, setOrgs] = useState<{ value: string; label: string }[] | undefined>(undefined);
  const form = useForm(ORDER, fieldId);
  useTitle(t('handover.plan'));

  useEffect(() => {
    api.get<Page<Rec>>('/organizations?limit=200').then(
      ({ data }) =>
        setOrgs(
          data.items
            .filter((o) => o.id !== me?.organization?.id && o.active !== false)
            .map((o) => ({ value: o.id, label: String(o.name) }))
            .sort((a, b) => a.label.localeCompare(b.label)),
        ),
      () => setOrgs([]),
    );
  }, []);

  const heading = (
    <PageHeading back={listPath} backText={t('form.back_to', { what: t('handover.list_title') })} title={t('handover.plan')}>
      {programme && <bdi>{String(programme.name)}</bdi>}
    </PageHeading>
  );
  if (!programme || !mayPlan(me, programme.organization_id as string | undefined)) {
    return (
      <section aria-labelledby="page-title">
        {heading}
        <Notice kind="info">{t('handover.planners_only')}</Notice>
      </section>
    );
  }

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(async () => {
      const body: Record<string, unknown> = { programme_id: programme.id };
      for (const f of ORDER) {
        const v = (values[f] || '').trim();
        if (v) body[f] = v;
      }
      const { data } = await api.post<Handover>('/handovers', body);
      setFlash(k('handover.planned_flash'));
      navigate(pagePath(data.id));
    });
  };

  const field = fieldsOf({
    defs: F,
    idOf: fieldId,
    values,
    errors: form.errors,
    disabled: form.busy,
    choices: { receiver_organization_id: orgs },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="page-title" class="handovers">
      {heading}
      <p class="hint">{t('handover.plan_intro')}</p>
      <FormTop form={form} />
      <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
        <p class="hint">{t('form.required_note')}</p>
        {ORDER.map((f) => field(f))}
        <FormActions busy={form.busy} label={t('handover.plan_submit')} cancel={listPath} />
      </form>
    </section>
  );
}
