// "Receive a handover" (/handovers/receive), for the receiving organisation's admins and managers:
// the package file is checked first (POST /handovers/import?mode=verify: nothing is written) and
// what it holds is shown — who sent it and with which key (and whether that key is the one
// registered here), the terms, the counts, the open cases — with, for every counsellor and
// supervisor of the sender who has open cases, a choice of who takes them over here. "Accept"
// sends the same file with those choices (mode=accept); the result says what moved. A refused
// package (altered, cut short, addressed elsewhere…) shows the server's reason.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Page, type Rec } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { reloadProgrammes, useSession } from '../../session';
import { describe, fieldMessage } from '../../errors';
import { Notice, Loading } from '../../components/Notice';
import { PageHeading } from '../../components/PageHeading';
import { useTitle } from '../../components/useTitle';
import {
  APPROVAL_ROLE,
  PACKAGE_TYPE,
  POLICY,
  dateText,
  label,
  listPath,
  momentText,
  pagePath,
  saveReceipt,
  type ImportResult,
  type Verification,
} from './model';
import { Activities, OpenCases, Part, PeopleMoving, ReadinessList, RecordCounts, WithheldCounts } from './parts';

interface User {
  id: string;
  name: string;
  roles: string[];
}

// Every active user of the caller's organisation (the server lists only those to admins and managers).
async function ourUsers(): Promise<User[]> {
  const out: User[] = [];
  let cursor = '';
  for (let i = 0; i < 10; i++) {
    const { data } = await api.get<Page<Rec>>('/users?limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    for (const u of data.items) {
      if (u.active === false) continue;
      out.push({ id: u.id, name: String(u.display_name || u.username), roles: Array.isArray(u.roles) ? (u.roles as string[]) : [] });
    }
    if (!data.next_cursor) break;
    cursor = data.next_cursor;
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

// The sender's staff who hold open cases, with the roles they hold them in.
function handsOf(v: Verification): { id: string; name: string; roles: ('counsellor' | 'supervisor')[] }[] {
  const roles = new Map<string, Set<'counsellor' | 'supervisor'>>();
  const add = (id: string, r: 'counsellor' | 'supervisor') => id && (roles.get(id) || roles.set(id, new Set()).get(id)!).add(r);
  for (const c of v.open_cases) {
    add(c.counsellor_id, 'counsellor');
    add(c.supervisor_id, 'supervisor');
  }
  const names = new Map(v.staff.map((s) => [s.id, s.display_name]));
  return [...roles].map(([id, rs]) => ({ id, name: names.get(id) || id, roles: [...rs].sort() }));
}

export function Receive() {
  const { t } = useT();
  const { me } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Verification | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [assign, setAssign] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [fileError, setFileError] = useState('');
  const [busy, setBusy] = useState<'' | 'verify' | 'accept'>('');
  const topRef = useRef<HTMLDivElement>(null);
  const reportRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  useTitle(t('handover.receive'));

  useEffect(() => {
    ourUsers().then(setUsers, () => setUsers([]));
  }, []);

  // A refusal: the package's own (altered, cut short, addressed elsewhere…) beside the file, the
  // missing assignees beside their choices, anything else on top.
  const fail = (e: unknown) => {
    const fieldErrors: Record<string, string> = {};
    const rest: string[] = [];
    let refused = '';
    if (e instanceof ApiError) {
      for (const fe of e.errors) {
        const m = /^assignments\.(.+)$/.exec(fe.field);
        if (m) fieldErrors[m[1]] = fieldMessage(fe.message, t);
        else if (fe.field === 'package') refused ||= fe.message;
        else rest.push(fe.field + ': ' + fieldMessage(fe.message, t));
      }
    }
    setErrors(fieldErrors);
    setFileError(refused);
    const ids = Object.keys(fieldErrors);
    if (refused && !ids.length && !rest.length) setError(t('handover.refused'));
    else if (ids.length && !refused && !rest.length) setError(t('handover.assign_fix'));
    else setError([describe(e, t), ...rest].join(' '));
    requestAnimationFrame(() => {
      const first = refused ? document.getElementById('hv-file') : ids.length ? document.getElementById('hv-assign-' + ids[0]) : null;
      (first || topRef.current)?.focus();
    });
  };

  const verify = async (e: Event) => {
    e.preventDefault();
    setError('');
    setFileError('');
    setErrors({});
    setResult(null);
    if (!file) {
      setError(t('handover.no_file'));
      requestAnimationFrame(() => document.getElementById('hv-file')?.focus());
      return;
    }
    setBusy('verify');
    try {
      const { data } = await api.upload<Verification>('/handovers/import?mode=verify', file, PACKAGE_TYPE);
      setReport(data);
      setAssign({});
      requestAnimationFrame(() => reportRef.current?.focus());
    } catch (err) {
      setReport(null);
      fail(err);
    } finally {
      setBusy('');
    }
  };

  const accept = async () => {
    if (!file || !report) return;
    setError('');
    setFileError('');
    setErrors({});
    const q = new URLSearchParams({ mode: 'accept' });
    for (const [from, to] of Object.entries(assign)) if (to) q.set('assign.' + from, to);
    setBusy('accept');
    try {
      const { data } = await api.upload<ImportResult>('/handovers/import?' + q.toString(), file, PACKAGE_TYPE);
      setResult(data);
      // The programme is ours now: in view, in the header.
      await reloadProgrammes(data.programme_id);
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      fail(err);
    } finally {
      setBusy('');
    }
  };

  const hands = report ? handsOf(report) : [];
  const choicesFor = (roles: string[]) => (users || []).filter((u) => roles.every((r) => u.roles.includes(r)));
  const h = report?.handover;

  return (
    <section aria-labelledby="page-title" class="handovers hv-receive">
      <PageHeading back={listPath} backText={t('form.back_to', { what: t('handover.list_title') })} title={t('handover.receive')}>
        {me?.organization?.name && <bdi>{me.organization.name}</bdi>}
      </PageHeading>
      <p class="hint">{t('handover.receive_intro')}</p>
      <form class="form" onSubmit={verify} noValidate aria-busy={busy !== ''}>
        <div class={'field' + (fileError ? ' has-error' : '')}>
          <label for="hv-file">{t('handover.file')}</label>
          <input
            id="hv-file"
            type="file"
            accept={'.baton,' + PACKAGE_TYPE}
            aria-describedby={fileError ? 'hv-file-error hv-file-hint' : 'hv-file-hint'}
            aria-invalid={fileError ? true : undefined}
            disabled={busy !== ''}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] || null);
              setReport(null);
              setResult(null);
              setError('');
              setFileError('');
              setErrors({});
            }}
          />
          <p class="hint" id="hv-file-hint">
            {t('handover.file_hint')}
          </p>
          {fileError && (
            <p class="field-error" id="hv-file-error" data-problem="">
              {fileError}
            </p>
          )}
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={busy !== ''}>
            {busy === 'verify' ? t('handover.verifying') : t('handover.verify')}
          </button>
        </div>
      </form>
      <div ref={topRef} tabIndex={-1} class="form-top">
        {busy && <Loading label={busy === 'verify' ? t('handover.verifying') : t('handover.accepting')} />}
        {error && (
          <Notice kind="error">{error}</Notice>
        )}
      </div>

      {result && (
        <div class="notice notice-ok hv-result" role="status" data-result={result.handover_id}>
          <h2 id="hv-result-title" ref={resultRef} tabIndex={-1}>
            {t('handover.accepted_done', { programme: h?.programme_name || '' })}
          </h2>
          <p>{t('handover.result_line', { cases: result.open_cases_reassigned, people: result.deidentified_people, sets: result.history_change_sets })}</p>
          <RecordCounts counts={result.records} table="imported" />
          {(result.directory_services || 0) > 0 && <p>{t('handover.directory_arrived', { n: result.directory_services })}</p>}
          {result.receipt && (
            <p>
              <button type="button" class="btn" data-action="receipt" onClick={() => saveReceipt(result.receipt!, result.handover_id)}>
                {t('handover.receipt_download')}
              </button>{' '}
              <span class="hint">{t('handover.receipt_hint', { org: report?.sender.name || '' })}</span>
            </p>
          )}
          <p>
            <Link href={pagePath(result.handover_id)}>{t('handover.open_page')}</Link>
            {' · '}
            <Link href="/reports">{t('handover.open_reports')}</Link>
          </p>
        </div>
      )}

      {report && h && !result && (
        <div class="hv-verified" data-package={report.package_id}>
          <h2 id="hv-report-title" ref={reportRef} tabIndex={-1}>
            {t('handover.verified_title', { programme: h.programme_name })}
          </h2>
          {report.already_imported && <Notice kind="info">{t('handover.already_imported')}</Notice>}
          <Notice kind={report.sender.known ? 'ok' : 'info'}>
            {report.sender.known
              ? t('handover.sender_known', { org: report.sender.name })
              : t('handover.sender_unknown', { org: report.sender.name })}
          </Notice>
          <dl class="facts hv-facts">
            <dt>{t('handover.sender')}</dt>
            <dd data-fact="sender">
              <bdi>{report.sender.name}</bdi>
            </dd>
            <dt>{t('handover.sender_fingerprint')}</dt>
            <dd class="hv-fingerprint" dir="ltr" data-fact="fingerprint">
              {report.sender.fingerprint}
            </dd>
            <dt>{t('handover.receiver')}</dt>
            <dd>
              <bdi>{report.recipient.name}</bdi>
            </dd>
            <dt>{t('handover.programme')}</dt>
            <dd>
              <bdi>{h.programme_name}</bdi>
            </dd>
            <dt>{t('handover.effective_date')}</dt>
            <dd>{dateText(h.effective_date)}</dd>
            <dt>{t('handover.purpose')}</dt>
            <dd class="hv-text" data-fact="purpose">
              <bdi>{h.purpose}</bdi>
            </dd>
            <dt>{t('handover.agreement_reference')}</dt>
            <dd>
              <bdi>{h.agreement_reference}</bdi>
            </dd>
            <dt>{t('handover.support_until')}</dt>
            <dd>{h.support_until ? dateText(h.support_until) : t('handover.no_support')}</dd>
            <dt>{t('handover.non_consenting')}</dt>
            <dd>{label(POLICY, h.non_consenting, t)}</dd>
            <dt>{t('handover.approvals')}</dt>
            <dd>
              {(h.approvals || []).map((a, i) => (
                <span key={i} class="hv-approval">
                  {label(APPROVAL_ROLE, a.role, t)} {momentText(a.at)}
                </span>
              ))}
            </dd>
            <dt>{t('handover.consent_checked_on')}</dt>
            <dd>{dateText(h.consent_checked_on)}</dd>
            <dt>{t('handover.package_made_at')}</dt>
            <dd>{momentText(report.created_at)}</dd>
          </dl>

          <Part id="hv-v-people" title={t('handover.people_title')}>
            <PeopleMoving id="hv-v-people-chart" people={report.people} />
          </Part>
          <Part id="hv-v-records" title={t('handover.records_title')}>
            <RecordCounts counts={report.records} />
            <p>{t('handover.history_sets', { n: report.change_sets })}</p>
          </Part>
          <Part id="hv-v-withheld" title={t('handover.withheld_title')}>
            <WithheldCounts counts={report.withheld_records} />
          </Part>
          <Part id="hv-v-open" title={t('handover.open_items')}>
            <OpenCases cases={report.open_cases} />
            <p>{t('handover.pending_referrals', { n: report.pending_referrals })}</p>
            <h3>{t('handover.active_activities')}</h3>
            <Activities list={report.active_activities} />
          </Part>
          <Part id="hv-v-readiness" title={t('handover.readiness')}>
            <ReadinessList items={report.readiness} people={report.people} openCases={report.open_cases.length} />
          </Part>

          {!report.already_imported && (
            <section aria-labelledby="hv-assign-title" class="hv-section hv-assign">
              <h2 id="hv-assign-title">{t('handover.assign_title')}</h2>
              {hands.length === 0 ? (
                <p>{t('handover.assign_none')}</p>
              ) : (
                <>
                  <p class="hint">{t('handover.assign_intro', { org: report.recipient.name })}</p>
                  {users === null && <Loading label={t('common.loading')} />}
                  {hands.map((s) => {
                    const id = 'hv-assign-' + s.id;
                    const err = errors[s.id];
                    const choices = choicesFor(s.roles);
                    const roleWords = s.roles.map((r) => (r === 'counsellor' ? t('handover.counsellor') : t('handover.supervisor'))).join(', ');
                    return (
                      <div class={'field' + (err ? ' has-error' : '')} key={s.id} data-staff={s.id} data-roles={s.roles.join(' ')}>
                        <label for={id}>{t('handover.assign_label', { name: s.name, roles: roleWords })}</label>
                        <select
                          id={id}
                          value={assign[s.id] || ''}
                          disabled={busy !== ''}
                          aria-invalid={err ? true : undefined}
                          aria-describedby={err ? id + '-error' : undefined}
                          onChange={(e) => setAssign((old) => ({ ...old, [s.id]: e.currentTarget.value }))}
                        >
                          <option value="">{t('common.choose')}</option>
                          {choices.map((u) => (
                            <option key={u.id} value={u.id}>
                              {u.name}
                            </option>
                          ))}
                        </select>
                        {users !== null && choices.length === 0 && <p class="hint">{t('handover.assign_nobody', { roles: roleWords })}</p>}
                        {err && (
                          <p class="field-error" id={id + '-error'}>
                            {err}
                          </p>
                        )}
                      </div>
                    );
                  })}
                </>
              )}
              <div class="actions">
                <button type="button" class="btn btn-primary" data-action="accept" disabled={busy !== ''} onClick={accept}>
                  {busy === 'accept' ? t('handover.accepting') : t('handover.accept')}
                </button>
              </div>
              <p class="hint">{t('handover.accept_hint')}</p>
            </section>
          )}
        </div>
      )}
    </section>
  );
}
