// Named attendance: the people of the session and its roster, each a row to tap (not marked →
// present → absent → present), "mark all present", a search to add another registered person of
// the programme, a newcomer registered on the spot (QuickAdd), and the running count. Saving sends the marked people only, after saying how many
// are left out.
import { useEffect, useRef, useState } from 'preact/hooks';
import { k, useT } from '../../i18n';
import { navigate } from '../../router';
import { describe } from '../../errors';
import { setFlash } from '../../flash';
import { Confirm } from '../../components/Confirm';
import { Loading, Notice } from '../../components/Notice';
import { useBusy, useForm } from '../../components/useForm';
import { countsOf, detailsText, inAttendanceWords, putAttendance, rowsOf, whoText, type Marks, type PersonSummary, type Row } from './attendance';
import { AttendanceTop, SaveBar, type ModeProps } from './AttendanceParts';
import { QuickAdd } from './QuickAdd';
import { findPeople } from '../../components/people';

const rowId = (personId: string) => 'att-' + personId;

const STATE: Record<string, string> = {
  present: k('attendance.present'),
  absent: k('attendance.absent'),
  unmarked: k('attendance.unmarked'),
};

export function NamedAttendance({ view, etag, editable, back, reload, programmeId, siteId }: ModeProps & { programmeId: string; siteId: string }) {
  const { t } = useT();
  const [marks, setMarks] = useState<Marks>({});
  const [added, setAdded] = useState<PersonSummary[]>([]);
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const rows = rowsOf(view, marks, added);
  const form = useForm(
    rows.map((r) => r.id),
    rowId,
  );
  const { busy, errors } = form;
  const counts = countsOf(rows);

  // A fresh state from the server (a reload after a conflict): the old messages go, the marks stay.
  useEffect(() => form.clear(), [view.version]);

  const mark = (id: string, present: boolean | null) => {
    setAsking(false);
    setMarks((old) => ({ ...old, [id]: present }));
  };
  const markAll = () => {
    setAsking(false);
    setMarks((old) => ({ ...old, ...Object.fromEntries(rows.map((r) => [r.id, true])) }));
  };
  const leaveOut = (id: string) => {
    mark(id, null);
    form.setErrors((old) => Object.fromEntries(Object.entries(old).filter(([key]) => key !== id)));
  };
  // Someone already on the list (found again, or chosen among likely duplicates) is marked present.
  const add = (p: PersonSummary) => {
    setAdded((old) => (old.some((x) => x.id === p.id) ? old : [...old, p]));
    mark(p.id, true);
  };

  const send = () => {
    setAsking(false);
    const sent = rows.filter((r) => r.present !== null).map((r) => ({ person_id: r.id, present: r.present === true }));
    // attendance[i] is the i-th entry sent: its message goes under that person.
    const entryOf = (field: string) => {
      const m = /^attendance\[(\d+)\]/.exec(field);
      return m ? sent[Number(m[1])]?.person_id : undefined;
    };
    void form.send(async () => {
      try {
        await putAttendance(view.session_id, { attendance: sent }, etag);
        setFlash(k('attendance.saved_named'), { date: view.date, present: counts.present, absent: counts.absent });
        navigate(back);
      } catch (err) {
        throw inAttendanceWords(err, t);
      }
    }, entryOf);
  };
  const save = () => {
    if (counts.unmarked === 0) return send();
    setAsking(true);
    requestAnimationFrame(() => confirmRef.current?.focus());
  };

  const countText =
    counts.unmarked > 0
      ? t('attendance.counts_unmarked', { present: counts.present, absent: counts.absent, unmarked: counts.unmarked })
      : t('attendance.counts', { present: counts.present, absent: counts.absent });

  return (
    <>
      <AttendanceTop form={form} reload={reload} />
      {editable && rows.length > 0 && (
        <div class="att-tools">
          <p class="hint">{t('attendance.how')}</p>
          <button type="button" class="btn" disabled={busy} onClick={markAll}>
            {t('attendance.mark_all')}
          </button>
        </div>
      )}
      {rows.length === 0 ? (
        <p class="empty">{editable ? t('attendance.empty') : t('attendance.none')}</p>
      ) : (
        <ul class="att-list" aria-label={t('attendance.list_label')}>
          {rows.map((r) => (
            <PersonRow
              key={r.id}
              row={r}
              error={errors[r.id]}
              editable={editable}
              busy={busy}
              onToggle={() => mark(r.id, r.present !== true)}
              onLeaveOut={() => leaveOut(r.id)}
            />
          ))}
        </ul>
      )}
      {editable && <AddPerson programmeId={programmeId} listed={new Set(rows.map((r) => r.id))} onAdd={add} />}
      {editable && <QuickAdd programmeId={programmeId} siteId={siteId} onAdd={add} />}
      {editable ? (
        <SaveBar count={countText} live busy={busy} back={back} onSave={save}>
          {asking && (
            <Confirm
              id="att-confirm"
              class="confirm"
              questionRef={confirmRef}
              question={t('attendance.unmarked_confirm', { count: counts.unmarked })}
              yes={t('attendance.save_anyway')}
              busy={busy}
              onYes={send}
              onCancel={() => setAsking(false)}
            />
          )}
        </SaveBar>
      ) : (
        <p class="att-count">{countText}</p>
      )}
    </>
  );
}

interface RowProps {
  row: Row;
  error?: string;
  editable: boolean;
  busy: boolean;
  onToggle: () => void;
  onLeaveOut: () => void;
}

// One person: the whole row is the toggle (a checkbox: checked present, unchecked absent, mixed not
// marked), with the state in words too; the server's message about the entry under it.
function PersonRow({ row, error, editable, busy, onToggle, onLeaveOut }: RowProps) {
  const { t } = useT();
  const id = rowId(row.id);
  const state = row.present === true ? 'present' : row.present === false ? 'absent' : 'unmarked';
  const details = detailsText(row.person, t);
  const inner = (
    <>
      <span class="att-mark" aria-hidden="true">
        {row.present === true ? '✓' : row.present === false ? '✗' : ''}
      </span>
      <span class="att-who">
        <span class="att-name" id={id + '-name'}>
          <bdi>{whoText(row, t)}</bdi>
        </span>
        {details && (
          <span class="record-secondary" id={id + '-details'}>
            {details}
          </span>
        )}
      </span>
      <span class="att-state" id={id + '-state'}>
        {t(STATE[state])}
      </span>
    </>
  );
  return (
    <li class={'att-' + state + (error ? ' has-error' : '')}>
      {editable ? (
        <button
          type="button"
          id={id}
          class="att-row"
          role="checkbox"
          aria-checked={row.present === null ? 'mixed' : row.present}
          aria-labelledby={id + '-name'}
          aria-describedby={[error ? id + '-error' : '', id + '-state', details ? id + '-details' : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          disabled={busy}
          onClick={onToggle}
        >
          {inner}
        </button>
      ) : (
        <div class="att-row">{inner}</div>
      )}
      {error && (
        <div class="att-error">
          <p class="field-error" id={id + '-error'}>
            {error}
          </p>
          {editable && row.present !== null && (
            <button type="button" class="btn btn-link" onClick={onLeaveOut}>
              {t('attendance.leave_out', { name: whoText(row, t) })}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

// Finds another registered person of the programme by words of the name or the code, and adds them
// to the list, marked present.
function AddPerson({ programmeId, listed, onAdd }: { programmeId: string; listed: Set<string>; onAdd: (p: PersonSummary) => void }) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState('');
  const [said, setSaid] = useState('');
  const { busy, run } = useBusy();
  const input = useRef<HTMLInputElement>(null);

  const search = (e: Event) => {
    e.preventDefault();
    if (!q.trim()) return;
    setError('');
    setSaid('');
    void run(
      async () => {
        setFound(await findPeople(q, programmeId));
      },
      (err) => setError(describe(err, t)),
    );
  };

  const add = (p: PersonSummary) => {
    onAdd(p);
    setSaid(t('attendance.added', { name: whoText({ id: p.id, person: p }, t) }));
    setFound(null);
    setQ('');
    input.current?.focus();
  };

  return (
    <section class="att-add" aria-labelledby="att-add-title">
      <h2 id="att-add-title">{t('attendance.add_title')}</h2>
      <form class="search" role="search" onSubmit={search}>
        <label for="att-q" class="visually-hidden">
          {t('attendance.add_label')}
        </label>
        <input
          id="att-q"
          ref={input}
          type="search"
          value={q}
          autoComplete="off"
          placeholder={t('attendance.add_placeholder')}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit" class="btn" disabled={busy}>
          {t('list.search')}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      <p class="att-said" role="status">
        {said}
      </p>
      {busy && <Loading label={t('common.loading')} />}
      {found && !busy && found.length === 0 && <p class="empty">{t('attendance.no_match')}</p>}
      {found && found.length > 0 && (
        <ul class="records" aria-label={t('attendance.results')}>
          {found.map((p) => {
            const details = detailsText(p, t);
            return (
              <li key={p.id}>
                <span class="record-link">
                  <span class="record-primary">
                    <bdi>{whoText({ id: p.id, person: p }, t)}</bdi>
                  </span>
                  {details && <span class="record-secondary">{details}</span>}
                </span>
                {listed.has(p.id) ? (
                  <span class="badge">{t('attendance.listed')}</span>
                ) : (
                  <button type="button" class="btn" aria-label={t('attendance.add_named', { name: whoText({ id: p.id, person: p }, t) })} onClick={() => add(p)}>
                    {t('attendance.add')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
