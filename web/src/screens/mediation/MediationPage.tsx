// One mediation: its dispute, parties, mediators, state and follow-up, the community events linked
// to it, and (for those who may read them) the summary and referral note; its sessions and
// agreements; closing it with an outcome and reopening it, for those who record it. A dispute type
// that is not mediated (gender-based violence) says what to do instead.
import { useEffect, useState } from 'preact/hooks';
import { api, versionTag, type Me } from '../../api';
import { k, useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { setFlash, takeFlash } from '../../flash';
import { fieldsOf } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { fetchActivity, fieldId, today, type Activity } from '../activities/model';
import { detailsText } from '../activities/attendance';
import { Fact } from '../activities/parts';
import {
  OUTCOME,
  fetchOptions,
  mayRecord,
  mediationPath,
  mediatorText,
  partyText,
  stateText,
  typeText,
  type Mediation,
  type MediationOptions,
} from './model';
import { MediationSessions } from './MediationSessions';
import { MediationAgreements } from './MediationAgreements';

// The record last fetched, so that the edit form reached from the page does not fetch it again.
let lastSeen: { mediation: Mediation; etag: string } | null = null;

export async function fetchMediation(id: string, fresh = false): Promise<{ mediation: Mediation; etag: string }> {
  if (!fresh && lastSeen && lastSeen.mediation.id === id) return lastSeen;
  const { data, etag } = await api.get<Mediation>('/mediations/' + encodeURIComponent(id));
  lastSeen = { mediation: data, etag: versionTag(etag, data) };
  return lastSeen;
}

const CLOSE: Record<string, FieldDef> = {
  outcome: { name: 'outcome', label: k('mediation.outcome'), kind: 'select', required: true },
  closed_on: { name: 'closed_on', label: k('mediation.closed_on'), kind: 'date', required: true },
  referral_note: { name: 'referral_note', label: k('mediation.referral_note'), kind: 'textarea', required: true, hint: k('mediation.referral_note_hint') },
  follow_up_on: { name: 'follow_up_on', label: k('mediation.follow_up_on'), kind: 'date', hint: k('mediation.follow_up_hint') },
};
const REOPEN: Record<string, FieldDef> = {
  reopen_reason: { name: 'reopen_reason', label: k('mediation.reopen_reason'), kind: 'text', required: true },
};

// Closing (outcome, date, referral note when referred, follow-up) or reopening (why), in place.
function Move({ me, m, etag, options, onDone }: { me: Me | undefined; m: Mediation; etag: string; options: MediationOptions | null; onDone: () => void }) {
  const { t } = useT();
  const closing = m.status !== 'closed';
  const defs = closing ? CLOSE : REOPEN;
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({ outcome: '', closed_on: today(), referral_note: '', follow_up_on: '', reopen_reason: '' });
  const order = Object.keys(defs).map((f) => 'move-' + f);
  const form = useForm(order, fieldId);
  if (!mayRecord(me, m)) return null;
  const outcomes = (options?.outcomes || Object.keys(OUTCOME)).filter((o) => m.mediated !== false || o === 'referred');

  const submit = (e: Event) => {
    e.preventDefault();
    void form.send(
      async () => {
        const body: Record<string, string> = closing ? { status: 'closed' } : { status: 'open' };
        for (const f of Object.keys(defs)) {
          if (f === 'referral_note' && values.outcome !== 'referred') continue;
          const v = f === 'referral_note' ? values[f] : values[f].trim();
          if (v.trim()) body[f] = v;
        }
        await api.patch<Mediation>('/mediations/' + encodeURIComponent(m.id), body, etag);
        setFlash(closing ? k('mediation.closed_flash') : k('mediation.reopened_flash'));
        setOpen(false);
        onDone();
      },
      (field) => (field in defs ? 'move-' + field : undefined),
    );
  };

  if (!open) {
    return (
      <button type="button" class="btn" onClick={() => setOpen(true)}>
        {closing ? t('mediation.close') : t('mediation.reopen')}
      </button>
    );
  }
  const field = fieldsOf({
    defs: Object.fromEntries(Object.entries(defs).map(([f, d]) => ['move-' + f, d])),
    idOf: fieldId,
    values: Object.fromEntries(Object.keys(defs).map((f) => ['move-' + f, values[f]])),
    errors: form.errors,
    disabled: form.busy,
    choices: { 'move-outcome': outcomes.map((o) => ({ value: o, label: OUTCOME[o] ? t(OUTCOME[o]) : o })) },
    onInput: (name, v) => setValues((old) => ({ ...old, [name.slice(5)]: v as string })),
  });
  return (
    <section class="move" aria-labelledby="move-title">
      <h2 id="move-title">{closing ? t('mediation.close') : t('mediation.reopen')}</h2>
      <FormTop form={form} />
      <form class="form" onSubmit={submit} noValidate aria-busy={form.busy}>
        {closing ? (
          <>
            {field('move-outcome')}
            {field('move-closed_on')}
            {values.outcome === 'referred' && field('move-referral_note')}
            {field('move-follow_up_on')}
          </>
        ) : (
          field('move-reopen_reason')
        )}
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={form.busy}>
            {form.busy ? t('form.saving') : closing ? t('mediation.close_save') : t('mediation.reopen_save')}
          </button>
          <button type="button" class="btn" onClick={() => setOpen(false)}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function MediationPage({ id }: { id: string }) {
  const { t } = useT();
  const { me } = useSession();
  const [m, setM] = useState<Mediation | null>(null);
  const [etag, setEtag] = useState('');
  const [events, setEvents] = useState<Activity[]>([]);
  const [options, setOptions] = useState<MediationOptions | null>(null);
  const [flash, setFlashShown] = useState(takeFlash);

  const loader = useLoad(async () => {
    const { mediation, etag: tag } = await fetchMediation(id, true);
    setM(mediation);
    setEtag(tag);
    document.title = typeText(mediation.dispute_type, mediation.dispute_type_label, t) + ' · ' + t('app.name');
    fetchOptions(mediation.programme_id || '').then(setOptions, () => {});
    Promise.all((mediation.activity_ids || []).map((a) => fetchActivity(a).then((r) => r.activity))).then(setEvents, () => {});
  });

  useEffect(() => {
    void loader.load();
  }, [id]);

  const reload = () => {
    void loader.load().then(() => setFlashShown(takeFlash()));
  };

  const back = '/mediations';
  const backText = t('form.back_to', { what: t('mediations.title') });
  if (!m) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading back={back} backText={backText} title={t('mediation.title')} />
        <LoadState {...loader} />
      </section>
    );
  }

  const parties = m.parties || [];
  return (
    <section aria-labelledby="page-title">
      <PageHeading back={back} backText={backText} title={typeText(m.dispute_type, m.dispute_type_label, t)}>
        {stateText(m, t)}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      {m.mediated === false && (
        <Notice kind="info">
          <strong>{t('mediation.not_mediated')}</strong> {m.dispute_type === 'gender_based' ? t('mediation.gbv_guidance') : m.guidance}
        </Notice>
      )}
      {mayRecord(me, m) && (
        <p class="page-actions">
          <Link class="btn" href={mediationPath(m.id) + '/edit'}>
            {t('mediation.edit')}
          </Link>
        </p>
      )}
      <dl class="facts">
        <Fact show term={t('mediation.status')}>
          {stateText(m, t)}
        </Fact>
        <Fact show={!!m.opened_on} term={t('mediation.opened_on')}>
          <span dir="ltr">{m.opened_on}</span>
        </Fact>
        <Fact show={!!m.closed_on} term={t('mediation.closed_on')}>
          <span dir="ltr">{m.closed_on}</span>
        </Fact>
        <Fact show={!!m.follow_up_on} term={t('mediation.follow_up_on')}>
          <span dir="ltr">{m.follow_up_on}</span>
          {m.follow_up_due && <span class="badge">{t('mediation.due')}</span>}
        </Fact>
        <Fact show={(m.reopened || 0) > 0} term={t('mediation.reopened')}>
          {t('mediation.reopened_n', { n: m.reopened })}
        </Fact>
        <Fact show term={t('mediation.mediators')}>
          <ul class="plain">
            {(m.mediators || []).map((x, i) => (
              <li key={i}>
                <bdi>{mediatorText(x)}</bdi>
              </li>
            ))}
          </ul>
        </Fact>
        <Fact show={(m.activity_ids || []).length > 0} term={t('mediation.linked_events')}>
          <ul class="plain">
            {(m.activity_ids || []).map((a) => (
              <li key={a}>
                <Link href={'/activities/' + encodeURIComponent(a)}>
                  <bdi>{events.find((e) => e.id === a)?.title || t('mediation.an_event')}</bdi>
                </Link>
              </li>
            ))}
          </ul>
        </Fact>
      </dl>
      <section aria-labelledby="parties-title">
        <h2 id="parties-title">{t('mediation.parties_title', { n: parties.length })}</h2>
        <ul class="records" aria-labelledby="parties-title">
          {parties.map((p, i) => {
            const details = p.kind === 'person' ? detailsText(p.person, t) : t('mediation.group_described');
            return (
              <li key={i}>
                <span class="record-link">
                  <span class="record-primary">
                    {p.kind === 'person' && p.person_id && p.person ? (
                      <Link href={'/persons/' + encodeURIComponent(p.person_id)}>
                        <bdi>{partyText(p, t)}</bdi>
                      </Link>
                    ) : (
                      <bdi>{partyText(p, t)}</bdi>
                    )}
                  </span>
                  {details && <span class="record-secondary">{details}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
      {m.text_visible ? (
        <>
          {m.summary && (
            <>
              <h2>{t('mediation.summary')}</h2>
              <p class="notes">
                <bdi>{m.summary}</bdi>
              </p>
            </>
          )}
          {m.referral_note && (
            <>
              <h2>{t('mediation.referral_note')}</h2>
              <p class="notes">
                <bdi>{m.referral_note}</bdi>
              </p>
            </>
          )}
          {m.reopen_reason && (
            <p>
              {t('mediation.reopen_reason')}: <bdi>{m.reopen_reason}</bdi>
            </p>
          )}
        </>
      ) : (
        <p class="hint">{t('mediation.text_hidden')}</p>
      )}
      <Move me={me} m={m} etag={etag} options={options} onDone={reload} />
      <MediationSessions me={me} m={m} options={options} />
      <MediationAgreements me={me} m={m} />
    </section>
  );
}
