// One referral: who, where to (or from where), urgency, status and its dates, follow-up, and the
// reason and feedback for those who may read them. Caseworkers move it on (accepted, completed,
// declined, cancelled, on a date that defaults to today), record the feedback and the follow-up
// date, and open the printable slip. Every change is sent with If-Match; a 412 offers the latest.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { api, versionTag } from '../../api';
import { k, useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import {
  CATEGORY,
  DIRECTION,
  fetchReferral,
  fieldId,
  label,
  mayRefer,
  referralPath,
  servicePath,
  STATUS,
  STATUS_ACTION,
  today,
  URGENCY,
  whoText,
  type Referral,
} from './model';

const STEP: Record<string, FieldDef> = {
  on: { name: 'on', label: k('referral.step_on'), kind: 'date', required: true, hint: k('referral.step_on_hint') },
};
const FOLLOW: Record<string, FieldDef> = {
  feedback: { name: 'feedback', label: k('referral.feedback'), kind: 'textarea', hint: k('referral.feedback_hint') },
  feedback_on: { name: 'feedback_on', label: k('referral.feedback_on'), kind: 'date' },
  follow_up_on: { name: 'follow_up_on', label: k('referral.follow_up_on'), kind: 'date', hint: k('referral.follow_up_hint') },
};
const FOLLOW_FIELDS = Object.keys(FOLLOW);

function Fact({ show, term, children }: { show: boolean; term: string; children: ComponentChildren }) {
  if (!show) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

const date = (d: string | undefined) => <span dir="ltr">{d}</span>;

export function ReferralPage({ id }: { id: string }) {
  const { t } = useT();
  const { me, programmes } = useSession();
  const [referral, setReferral] = useState<Referral | null>(null);
  const [etag, setEtag] = useState('');
  const [on, setOn] = useState(today());
  const [follow, setFollow] = useState<Record<string, string>>({ feedback: '', feedback_on: '', follow_up_on: '' });
  const [said, setSaid] = useState('');
  const [flash] = useState(takeFlash);
  const step = useForm(['on'], fieldId);
  const followForm = useForm(FOLLOW_FIELDS, fieldId);

  const show = (r: Referral, tag: string) => {
    setReferral(r);
    setEtag(tag);
    setFollow({ feedback: r.feedback || '', feedback_on: r.feedback_on || '', follow_up_on: r.follow_up_on || '' });
    document.title = t('referral.title') + ' · ' + t('app.name');
  };

  const loader = useLoad(async () => {
    const { referral: r, etag: tag } = await fetchReferral(id);
    show(r, tag);
    step.clear();
    followForm.clear();
  });

  useEffect(() => {
    void loader.load();
  }, [id]);

  const back = '/referrals';
  const backText = t('form.back_to', { what: t('referrals.title') });
  if (!referral) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={back} backText={backText} title={t('referral.title')} />
        <LoadState {...loader} />
      </section>
    );
  }

  const r = referral;
  const caseworker = mayRefer(me);
  const who = whoText(r.person, r.person_id, t);
  const programme = programmes.find((p) => p.id === r.programme_id);
  const closed = ['completed', 'declined', 'cancelled'].includes(r.status);

  const patch = async (body: Record<string, unknown>) => {
    const { data, etag: tag } = await api.patch<Referral>(referralPath(id), body, etag);
    show(data, versionTag(tag, data));
  };

  const move = (to: string) => {
    setSaid('');
    void step.send(async () => {
      const body: Record<string, string> = { status: to };
      if (to === 'accepted') body.accepted_on = on;
      else body.closed_on = on;
      await patch(body);
      setSaid(t('referral.moved', { status: label(STATUS, to, t) }));
    }, (field) => (field === 'accepted_on' || field === 'closed_on' || field === 'on' ? 'on' : undefined));
  };

  const saveFollow = (e: Event) => {
    e.preventDefault();
    setSaid('');
    void followForm.send(async () => {
      const body: Record<string, string | null> = {};
      const before: Record<string, string> = { feedback: r.feedback || '', feedback_on: r.feedback_on || '', follow_up_on: r.follow_up_on || '' };
      for (const f of FOLLOW_FIELDS) {
        const v = f === 'feedback' ? follow[f] : follow[f].trim();
        if (v !== before[f]) body[f] = v.trim() === '' ? null : v;
      }
      if (Object.keys(body).length === 0) {
        followForm.setSaved(t('form.nothing_changed'));
        return;
      }
      await patch(body);
      followForm.setSaved(t('referral.follow_saved'));
    });
  };

  const stepField = fieldsOf({
    defs: STEP,
    idOf: fieldId,
    values: { on },
    errors: step.errors,
    disabled: step.busy,
    onInput: (_, v) => setOn(v as string),
  });
  const followField = fieldsOf({
    defs: FOLLOW,
    idOf: fieldId,
    values: follow,
    errors: followForm.errors,
    disabled: followForm.busy,
    onInput: (name, v) => setFollow((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={backText} title={t('referral.title')}>
        <bdi>{who}</bdi> · {label(STATUS, r.status, t)}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      {caseworker && r.direction === 'outgoing' && (
        <p class="page-actions">
          <Link class="btn" href={referralPath(r.id) + '/slip'}>
            {t('referral.open_slip')}
          </Link>
        </p>
      )}
      <dl class="facts">
        <Fact show term={t('referral.person')}>
          {caseworker ? (
            <Link href={'/persons/' + encodeURIComponent(r.person_id)}>
              <bdi>{who}</bdi>
            </Link>
          ) : (
            <bdi>{who}</bdi>
          )}
          {r.person?.code && (r.person.given_name || r.person.family_name) && <span class="record-secondary"> · {r.person.code}</span>}
        </Fact>
        <Fact show term={t('referral.direction')}>
          {label(DIRECTION, r.direction, t)}
        </Fact>
        <Fact show={r.direction === 'outgoing'} term={t('referral.service')}>
          {r.service ? (
            <>
              <Link href={servicePath(r.service.id)}>
                <bdi>{r.service.name}</bdi>
              </Link>
              <span class="record-secondary">
                {' · '}
                <bdi>{[r.service.provider, label(CATEGORY, r.service.category, t), r.service.location].filter(Boolean).join(' · ')}</bdi>
              </span>
            </>
          ) : (
            t('referral.a_service')
          )}
        </Fact>
        <Fact show={r.direction === 'incoming'} term={t('referral.from_organization')}>
          <bdi>{r.from_organization}</bdi>
        </Fact>
        <Fact show term={t('referral.urgency')}>
          {label(URGENCY, r.urgency, t)}
        </Fact>
        <Fact show term={t('referral.status')}>
          <strong>{label(STATUS, r.status, t)}</strong>
        </Fact>
        <Fact show term={t('referral.made_on')}>
          {date(r.made_on)}
        </Fact>
        <Fact show={!!r.accepted_on} term={t('referral.accepted_on')}>
          {date(r.accepted_on)}
        </Fact>
        <Fact show={!!r.closed_on} term={t('referral.closed_on')}>
          {date(r.closed_on)}
        </Fact>
        <Fact show={!!r.follow_up_on} term={t('referral.follow_up_on')}>
          {date(r.follow_up_on)}
        </Fact>
        <Fact show={!!programme} term={t('referral.programme')}>
          {String(programme?.name || '')}
        </Fact>
        <Fact show={!!r.activity_code} term={t('referral.activity_code')}>
          <span dir="ltr">{r.activity_code}</span>
        </Fact>
      </dl>

      {caseworker ? (
        <>
          <h2>{t('referral.reason')}</h2>
          <p class="notes">
            <bdi>{r.reason}</bdi>
          </p>
          {r.feedback && (
            <>
              <h2>{t('referral.feedback')}</h2>
              <p class="notes">
                <bdi>{r.feedback}</bdi>
              </p>
              {r.feedback_on && <p class="hint">{t('referral.feedback_received', { date: r.feedback_on })}</p>}
            </>
          )}
        </>
      ) : (
        <Notice kind="info">{t('referral.notes_hidden')}</Notice>
      )}

      <p class="rf-said" role="status">
        {said}
      </p>

      {caseworker && !closed && (r.next_statuses || []).length > 0 && (
        <section class="rf-step" aria-labelledby="rf-step-title">
          <h2 id="rf-step-title">{t('referral.step_title')}</h2>
          <FormTop form={step} reload={loader.load} />
          {stepField('on')}
          <div class="actions">
            {(r.next_statuses || []).map((s) => (
              <button key={s} type="button" class={'btn' + (s === 'accepted' || s === 'completed' ? ' btn-primary' : '')} disabled={step.busy} onClick={() => move(s)}>
                {label(STATUS_ACTION, s, t)}
              </button>
            ))}
          </div>
        </section>
      )}
      {caseworker && closed && <p class="hint">{t('referral.closed_note')}</p>}

      {caseworker && (
        <section class="rf-follow" aria-labelledby="rf-follow-title">
          <h2 id="rf-follow-title">{t('referral.follow_title')}</h2>
          <FormTop form={followForm} reload={loader.load} />
          <form class="form" onSubmit={saveFollow} noValidate aria-busy={followForm.busy}>
            {followField('feedback')}
            {followField('feedback_on')}
            {followField('follow_up_on')}
            <div class="actions">
              <button type="submit" class="btn btn-primary" disabled={followForm.busy}>
                {followForm.busy ? t('form.saving') : t('referral.follow_save')}
              </button>
            </div>
          </form>
        </section>
      )}
    </section>
  );
}
