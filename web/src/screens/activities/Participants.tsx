// The participants of a training, on the activity page: each with agency, role, sex, pre- and
// post-test scores and their change, attendance and completion, and the certificate of those who
// completed. Those who record the training's sessions add participants and correct scores.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { k, useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { fieldsOf, Field } from '../../components/Field';
import { LoadState, useLoad } from '../../components/useLoad';
import { FormTop, useForm } from '../../components/useForm';
import type { FieldDef } from '../../resources';
import { label, type Activity } from './model';
import { SEX, SEXES } from './attendance';
import { certificatePath, COMPLETION, inGroupWords, maySeeParticipantNames, type Participant, type Participants as List } from './groups';

type Values = Record<string, string>;

const F: Record<string, FieldDef> = {
  name: { name: 'name', label: k('participants.name'), kind: 'text', required: true, autocomplete: 'off' },
  agency: { name: 'agency', label: k('participants.agency'), kind: 'text', required: true, hint: k('participants.agency_hint') },
  role: { name: 'role', label: k('participants.role'), kind: 'text', hint: k('participants.role_hint') },
  sex: { name: 'sex', label: k('participants.sex'), kind: 'select', required: true },
  pre_score: { name: 'pre_score', label: k('participants.pre_score'), kind: 'number', step: 'any', min: 0 },
  post_score: { name: 'post_score', label: k('participants.post_score'), kind: 'number', step: 'any', min: 0 },
};
const ORDER = Object.keys(F);
const EMPTY: Values = { name: '', agency: '', role: '', sex: '', pre_score: '', post_score: '' };
const addId = (name: string) => 'pa-' + name;

// "7.5" → 7.5; a score that is not a number is sent as it is, for the server to name.
function score(text: string): number | string {
  const s = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

const signed = (n: number) => (n > 0 ? '+' + n : String(n));

export function Participants({ activity, recorder }: { activity: Activity; recorder: boolean }) {
  const { t } = useT();
  const { me } = useSession();
  const [list, setList] = useState<List | null>(null);
  const [adding, setAdding] = useState(false);
  const [values, setValues] = useState<Values>(EMPTY);
  const [said, setSaid] = useState('');
  const form = useForm(ORDER, addId);
  const { busy, errors } = form;
  const names = maySeeParticipantNames(me, activity);
  const path = '/activities/' + encodeURIComponent(activity.id) + '/participants';
  const opener = useRef<HTMLButtonElement>(null);

  const loader = useLoad(async () => {
    const { data } = await api.get<List>(path);
    setList(data);
  });
  useEffect(() => {
    void loader.load();
  }, [activity.id]);

  const submit = (e: Event) => {
    e.preventDefault();
    setSaid('');
    void form.send(async () => {
      const body: Record<string, unknown> = {};
      for (const f of ORDER) {
        const v = values[f].trim();
        if (v === '') continue;
        body[f] = f === 'pre_score' || f === 'post_score' ? score(v) : v;
      }
      try {
        await api.post<Participant>(path, body);
      } catch (err) {
        throw inGroupWords(err, t);
      }
      setSaid(t('participants.added', { name: values.name.trim() }));
      setValues(EMPTY);
      setAdding(false);
      await loader.load();
      opener.current?.focus();
    });
  };

  const field = fieldsOf({
    defs: F,
    idOf: addId,
    values,
    errors,
    disabled: busy,
    choices: { sex: SEXES.map((s) => ({ value: s, label: t(SEX[s]) })) },
    onInput: (name, v) => setValues((old) => ({ ...old, [name]: v as string })),
  });

  return (
    <section aria-labelledby="participants-title">
      <h2 id="participants-title">{t('participants.title')}</h2>
      <LoadState {...loader} />
      {list && (
        <p class="hint">
          {t('participants.rules', { max: list.test_max_score, percent: list.completion_rule_percent, held: list.sessions_held })}
        </p>
      )}
      {list && list.items.length === 0 && <p class="empty">{t('participants.none')}</p>}
      {list && list.items.length > 0 && (
        <ul class="cards" aria-label={t('participants.list_label')}>
          {list.items.map((p, i) => (
            <ParticipantCard
              key={p.id}
              p={p}
              n={i + 1}
              list={list}
              activity={activity}
              names={names}
              recorder={recorder}
              onSaved={(updated) => setList((old) => old && { ...old, items: old.items.map((x) => (x.id === updated.id ? { ...x, ...updated } : x)) })}
              reload={loader.load}
            />
          ))}
        </ul>
      )}
      <p class="att-said" role="status">
        {said}
      </p>
      {recorder && names && !adding && (
        <p>
          <button type="button" class="btn btn-primary" ref={opener} onClick={() => setAdding(true)}>
            {t('participants.add')}
          </button>
        </p>
      )}
      {recorder && names && adding && (
        <form class="form participant-add" onSubmit={submit} noValidate aria-busy={busy} aria-labelledby="participant-add-title">
          <h3 id="participant-add-title">{t('participants.add')}</h3>
          <FormTop form={form} />
          <p class="hint">{t('form.required_note')}</p>
          {field('name')}
          {field('agency')}
          {field('role')}
          {field('sex')}
          <div class="filter-grid">
            {field('pre_score')}
            {field('post_score')}
          </div>
          {list && <p class="hint">{t('participants.scores_hint', { max: list.test_max_score })}</p>}
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? t('form.saving') : t('participants.add_submit')}
            </button>
            <button type="button" class="btn" disabled={busy} onClick={() => setAdding(false)}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

interface CardProps {
  p: Participant;
  n: number;
  list: List;
  activity: Activity;
  names: boolean;
  recorder: boolean;
  onSaved: (p: Participant) => void;
  reload: () => Promise<void>;
}

// One participant as a card: who, scores, attendance, completion; editing the scores in place.
function ParticipantCard({ p, n, list, activity, names, recorder, onSaved, reload }: CardProps) {
  const { t } = useT();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Values>({});
  const id = 'pc-' + p.id;
  const idOf = (f: string) => id + '-' + f;
  const form = useForm(['pre_score', 'post_score'], idOf);
  const who = names && p.name ? p.name : t('participants.numbered', { n });
  const completion = p.completion?.status || 'in_progress';
  const scoreText = (v: number | undefined) => (typeof v === 'number' ? String(v) : '—');

  const edit = () => {
    setValues({ pre_score: p.pre_score === undefined ? '' : String(p.pre_score), post_score: p.post_score === undefined ? '' : String(p.post_score) });
    form.clear();
    setEditing(true);
  };
  const save = (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const f of ['pre_score', 'post_score'] as const) {
      const before = p[f] === undefined ? '' : String(p[f]);
      const now = values[f].trim();
      if (now !== before) body[f] = now === '' ? null : score(now);
    }
    if (Object.keys(body).length === 0) {
      setEditing(false);
      return;
    }
    void form.send(async () => {
      try {
        const { data } = await api.patch<Participant>('/participants/' + encodeURIComponent(p.id), body, p.version !== undefined ? `"${p.version}"` : '');
        onSaved(data);
        setEditing(false);
        // The change of score is worked out by the list.
        await reload();
      } catch (err) {
        throw inGroupWords(err, t);
      }
    });
  };

  return (
    <li class="card">
      <h3 class="card-title">
        <bdi>{who}</bdi>
        <span class={'badge' + (completion === 'completed' ? ' badge-ok' : '')}>{label(COMPLETION, completion, t)}</span>
      </h3>
      <p class="record-secondary">
        {[p.agency, p.role, p.sex && SEX[p.sex] ? t(SEX[p.sex]) : ''].filter(Boolean).map((x, i) => (
          <span key={i}>
            {i > 0 && ' · '}
            <bdi>{x}</bdi>
          </span>
        ))}
      </p>
      <dl class="facts">
        <dt>{t('participants.scores')}</dt>
        <dd>
          {t('participants.pre_post', { pre: scoreText(p.pre_score), post: scoreText(p.post_score), max: list.test_max_score })}
        </dd>
        {p.score_change && (
          <>
            <dt>{t('participants.change')}</dt>
            <dd>
              <span dir="ltr">{signed(p.score_change.change)}</span>
              {list.test_max_score !== 100 && (
                <>
                  {' '}
                  {t('participants.change_points', { points: signed(p.score_change.change_points_percent) })}
                </>
              )}
            </dd>
          </>
        )}
        <dt>{t('participants.attendance')}</dt>
        <dd>{t('participants.attended', { attended: p.attended ?? 0, held: list.sessions_held, percent: p.completion?.percent ?? 0 })}</dd>
      </dl>
      <div class="actions">
        {completion === 'completed' && names && (
          <Link class="btn" href={certificatePath(p.id, activity.id)} aria-label={t('participants.certificate_named', { name: who })}>
            {t('participants.certificate')}
          </Link>
        )}
        {recorder && !editing && (
          <button type="button" class="btn" aria-label={t('participants.edit_scores_named', { name: who })} onClick={edit}>
            {t('participants.edit_scores')}
          </button>
        )}
      </div>
      {editing && (
        <form class="form" onSubmit={save} noValidate aria-busy={form.busy} aria-label={t('participants.edit_scores_form', { name: who })}>
          <FormTop form={form} reload={reload} />
          <div class="filter-grid">
            <Field
              id={idOf('pre_score')}
              def={F.pre_score}
              value={values.pre_score}
              error={form.errors.pre_score}
              disabled={form.busy}
              onInput={(v) => setValues((old) => ({ ...old, pre_score: String(v) }))}
            />
            <Field
              id={idOf('post_score')}
              def={F.post_score}
              value={values.post_score}
              error={form.errors.post_score}
              disabled={form.busy}
              onInput={(v) => setValues((old) => ({ ...old, post_score: String(v) }))}
            />
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={form.busy}>
              {form.busy ? t('form.saving') : t('form.save')}
            </button>
            <button type="button" class="btn" disabled={form.busy} onClick={() => setEditing(false)}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
