// A handover's page (/handovers/:id): its terms and status; what blocks it, first and plainly; the
// sender's buttons (approve, download the package once a manager and an admin approved, cancel);
// the receiver's key fingerprint to compare by phone; the approvals; then the preview — the people
// who move with their identity, de-identified or not at all (a chart and its table), why the
// others stay, the records that move and stay by kind (and, for the sender, which stay and why),
// the open cases, referrals and activities, and the readiness checklist. Once packaged or
// accepted, the package's counts. A link to the printable handover report.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fetchFile, request, versionTag, ApiError, type Page, type Rec } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { takeFlash } from '../../flash';
import { describe } from '../../errors';
import { Confirm } from '../../components/Confirm';
import { PageHeading } from '../../components/PageHeading';
import { Notice } from '../../components/Notice';
import { LoadState, useLoad } from '../../components/useLoad';
import { useBusy } from '../../components/useForm';
import { useTitle } from '../../components/useTitle';
import {
  APPROVAL_ROLE,
  KIND,
  POLICY,
  STATUS,
  approvalRole,
  blocksApproval,
  dateText,
  isSender,
  label,
  listPath,
  mayCancel,
  mayComplete,
  mayPackage,
  momentText,
  problemText,
  reportPath,
  saveReceipt,
  sizeText,
  type Handover,
  type HandoverReport,
  type KeyCard,
} from './model';
import { Activities, OpenCases, Part, PeopleMoving, ReadinessList, ReasonCounts, RecordCounts, TableWrap, WithheldCounts } from './parts';

interface Saved {
  url: string;
  name: string;
  size: number;
}

export function HandoverPage({ id }: { id: string }) {
  const { t } = useT();
  const { me } = useSession();
  const [h, setH] = useState<Handover | null>(null);
  const [etag, setEtag] = useState('');
  const [report, setReport] = useState<HandoverReport | null>(null);
  const [key, setKey] = useState<KeyCard | null | undefined>(undefined);
  const [names, setNames] = useState<Record<string, string>>({});
  const [flash] = useState(takeFlash);
  const [done, setDone] = useState('');
  const [error, setError] = useState('');
  const [saved, setSaved] = useState<Saved | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { busy, run } = useBusy();
  const messageRef = useRef<HTMLDivElement>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);

  const receiverName = report?.handover.receiver?.name || '';
  useTitle(receiverName ? t('handover.title_to', { org: receiverName }) : t('handover.title'));

  const loader = useLoad(async () => {
    const [{ data, etag: tag }, rep] = await Promise.all([api.get<Handover>('/handovers/' + id), api.get<HandoverReport>('/handovers/' + id + '/report')]);
    setH(data);
    setEtag(versionTag(tag, data));
    setReport(rep.data);
    api.get<KeyCard>(`/organizations/${data.accepted_by_organization_id || data.receiver_organization_id}/public-key`).then(
      ({ data: card }) => setKey(card),
      () => setKey(null),
    );
    if (isSender(me, data) && (data.preview?.open_cases.length || 0) > 0) {
      api.get<Page<Rec>>('/users?limit=200').then(
        ({ data: users }) => setNames(Object.fromEntries(users.items.map((u) => [u.id, String(u.display_name || u.username)]))),
        () => setNames({}),
      );
    }
  });
  useEffect(() => {
    void loader.load();
  }, [id]);
  // The package's object URL lives as long as the page.
  useEffect(() => () => saved && URL.revokeObjectURL(saved.url), [saved]);

  const say = (ok: string, err: string) => {
    setDone(ok);
    setError(err);
    requestAnimationFrame(() => messageRef.current?.focus());
  };
  const act = (work: () => Promise<string>) =>
    run(
      async () => {
        say('', '');
        const ok = await work();
        await loader.load();
        say(ok, '');
      },
      (e) => {
        say('', describe(e, t));
        if (e instanceof ApiError && (e.status === 409 || e.status === 412)) void loader.load();
      },
    );

  const approve = () =>
    act(async () => {
      await request('/handovers/' + id + '/approve', { method: 'POST', ifMatch: etag });
      return t('handover.approved_flash');
    });
  const cancel = () =>
    act(async () => {
      await request('/handovers/' + id + '/cancel', { method: 'POST', ifMatch: etag });
      setConfirming(false);
      return t('handover.cancelled_flash');
    });
  const download = () =>
    act(async () => {
      const file = await fetchFile('/handovers/' + id + '/package');
      const url = URL.createObjectURL(file.blob);
      setSaved({ url, name: file.name, size: file.blob.size });
      // Offered at once as a download; the link below keeps it at hand.
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      return t('handover.package_made', { size: sizeText(file.blob.size) });
    });

  // The receiver's receipt, chosen as a file, completes a handover accepted on another server.
  const complete = async (file: File) => {
    let receipt: unknown;
    try {
      receipt = JSON.parse(await file.text());
    } catch {
      return say('', t('handover.complete_not_json', { org: receiverName }));
    }
    await act(async () => {
      await request('/handovers/' + id + '/complete', { method: 'POST', body: receipt });
      return t('handover.completed_flash', { org: receiverName });
    });
  };

  const p = h?.preview;
  const problems = p?.problems || [];
  const blocking = problems.filter(blocksApproval);
  const role = h ? approvalRole(me, h) : null;
  const sender = h ? isSender(me, h) : false;
  const pkg = h?.package;
  const people = p?.people || pkg?.people;
  const approvalsByRole = (r: string) => report?.approvals.find((a) => a.role === r);

  return (
    <section aria-labelledby="page-title" class="handovers hv-page" data-status={h?.status}>
      <PageHeading
        back={listPath}
        backText={t('form.back_to', { what: t('handover.list_title') })}
        title={receiverName ? t('handover.title_to', { org: receiverName }) : t('handover.title')}
      >
        {report?.handover.programme?.name && <bdi>{report.handover.programme.name}</bdi>}
      </PageHeading>
      {flash && <Notice kind="ok">{t(flash.key, flash.values)}</Notice>}
      <LoadState {...loader} />
      {h && report && (
        <>
          <p class="hv-status-line">
            {t('handover.status_is')} <strong class={'hv-status hv-status-' + h.status}>{label(STATUS, h.status, t)}</strong>
          </p>

          {problems.length > 0 && (
            <div class="hv-problems" role="group" aria-labelledby="hv-problems-title">
              <h2 id="hv-problems-title">{blocking.length > 0 ? t('handover.problems_title') : t('handover.problems_package_title')}</h2>
              <ul>
                {problems.map((x, i) => (
                  <li key={i} data-code={x.code}>
                    {problemText(x, t)}
                    {x.case_id && (
                      <>
                        {' '}
                        <Link href={'/cases/' + x.case_id}>{t('handover.open_the_case')}</Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}

          <div ref={messageRef} tabIndex={-1} class="form-top">
            {done && <Notice kind="ok">{done}</Notice>}
            {error && <Notice kind="error">{error}</Notice>}
          </div>

          <div class="hv-actions no-print">
            {role && (
              <button type="button" class="btn btn-primary" data-action="approve" disabled={busy || blocking.length > 0} onClick={approve}>
                {role === 'manager' ? t('handover.approve_as_manager') : t('handover.approve_as_admin')}
              </button>
            )}
            {mayPackage(me, h) && (
              <button type="button" class="btn btn-primary" data-action="package" disabled={busy} onClick={download}>
                {pkg ? t('handover.download_again') : t('handover.download')}
              </button>
            )}
            <Link class="btn" href={reportPath(h.id)}>
              {t('handover.report_link')}
            </Link>
            {mayCancel(me, h) && !confirming && (
              <button type="button" class="btn btn-danger-outline" disabled={busy} onClick={() => {
                setConfirming(true);
                requestAnimationFrame(() => questionRef.current?.focus());
              }}>
                {t('handover.cancel')}
              </button>
            )}
          </div>
          {role && blocking.length > 0 && <p class="hint">{t('handover.approve_blocked')}</p>}
          {sender && h.status === 'planned' && !role && <p class="hint">{t('handover.waiting_other_approval')}</p>}
          {confirming && (
            <Confirm
              id="hv-cancel-question"
              class="confirm hv-confirm"
              questionRef={questionRef}
              question={t('handover.cancel_question')}
              yes={t('handover.cancel_yes')}
              busy={busy}
              onYes={cancel}
              onCancel={() => setConfirming(false)}
            />
          )}
          {saved && (
            <p class="hv-saved">
              <a href={saved.url} download={saved.name} data-file={saved.name}>
                {t('handover.save_again', { name: saved.name })}
              </a>{' '}
              <span class="hint">({sizeText(saved.size)})</span>
            </p>
          )}
          {pkg && (
            <p class="hv-package-line" data-bytes={pkg.bytes}>
              {t('handover.package_line', { size: sizeText(pkg.bytes) })} {momentText(pkg.created_at)}
            </p>
          )}
          {sender && pkg && h.status === 'packaged' && <p class="hint">{t('handover.carry_hint', { org: receiverName })}</p>}
          {mayComplete(me, h) && (
            <Part id="hv-complete" title={t('handover.complete_title')}>
              <p class="hint" id="hv-complete-hint">{t('handover.complete_hint', { org: receiverName })}</p>
              <label class="field">
                <span>{t('handover.complete_choose', { org: receiverName })}</span>
                <input
                  type="file"
                  name="receipt"
                  accept=".json,application/json"
                  aria-describedby="hv-complete-hint"
                  disabled={busy}
                  onChange={(e) => {
                    const input = e.currentTarget;
                    const file = input.files?.[0];
                    if (file) void complete(file).finally(() => (input.value = ''));
                  }}
                />
              </label>
            </Part>
          )}

          <Part id="hv-terms" title={t('handover.terms')}>
            <dl class="facts hv-facts">
              <dt>{t('handover.programme')}</dt>
              <dd>
                <bdi>{report.handover.programme?.name || '—'}</bdi>
              </dd>
              <dt>{t('handover.sender')}</dt>
              <dd>
                <bdi>{report.handover.sender?.name || '—'}</bdi>
              </dd>
              <dt>{t('handover.receiver')}</dt>
              <dd data-fact="receiver">
                <bdi>{receiverName || '—'}</bdi>
              </dd>
              <dt>{t('handover.effective_date')}</dt>
              <dd data-fact="effective">{dateText(h.effective_date)}</dd>
              <dt>{t('handover.purpose')}</dt>
              <dd class="hv-text" data-fact="purpose">
                <bdi>{h.purpose}</bdi>
              </dd>
              <dt>{t('handover.agreement_reference')}</dt>
              <dd>
                <bdi>{h.agreement_reference}</bdi>
              </dd>
              <dt>{t('handover.support_until')}</dt>
              <dd data-fact="support">{h.support_until ? dateText(h.support_until) : t('handover.no_support')}</dd>
              <dt>{t('handover.non_consenting')}</dt>
              <dd>{label(POLICY, h.non_consenting, t)}</dd>
              {h.notes && (
                <>
                  <dt>{t('handover.notes')}</dt>
                  <dd class="hv-text">
                    <bdi>{h.notes}</bdi>
                  </dd>
                </>
              )}
            </dl>
          </Part>

          <Part id="hv-key" title={t('handover.receiver_key')}>
            {key === undefined ? null : key ? (
              <>
                <p class="hv-fingerprint" dir="ltr" data-fingerprint={key.fingerprint}>
                  {key.fingerprint}
                </p>
                <p class="hint">{t('handover.fingerprint_hint', { org: receiverName })}</p>
              </>
            ) : (
              <p>{t('handover.key_missing')}</p>
            )}
          </Part>

          <Part id="hv-approvals" title={t('handover.approvals')}>
            <ul class="hv-approvals">
              {(['manager', 'admin'] as const).map((r) => {
                const a = approvalsByRole(r);
                return (
                  <li key={r} data-role={r} data-approved={a ? 'yes' : 'no'}>
                    <strong>{label(APPROVAL_ROLE, r, t)}</strong>{' '}
                    {a ? (
                      <>
                        <bdi>{a.name || '—'}</bdi>, {momentText(a.at)}
                      </>
                    ) : (
                      <span class="hint">{t('handover.not_yet')}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          </Part>

          {h.accepted && (
            <Part id="hv-accepted" title={t('handover.accepted_title')}>
              <p>{t('handover.accepted_line', { org: receiverName })} {momentText(h.accepted.at)}</p>
              <RecordCounts counts={h.accepted.records} table="accepted-records" />
              <p>{t('handover.deidentified_arrived', { n: h.accepted.deidentified_people })}</p>
              {(h.accepted.made_after_package || 0) > 0 && (
                <p>{t('handover.made_after_package', { n: h.accepted.made_after_package })}</p>
              )}
              {h.accepted.receipt && !sender && (
                <p>
                  <button type="button" class="btn" data-action="receipt" onClick={() => saveReceipt(h.accepted!.receipt!, h.id)}>
                    {t('handover.receipt_download')}
                  </button>{' '}
                  <span class="hint">{t('handover.receipt_hint', { org: report.handover.sender?.name || '' })}</span>
                </p>
              )}
            </Part>
          )}

          {people && (
            <Part id="hv-people" title={t('handover.people_title')}>
              <PeopleMoving id="hv-people-chart" people={people} />
              <h3>{t('handover.why_stay')}</h3>
              <ReasonCounts reasons={people.reasons} />
            </Part>
          )}

          {(p || pkg) && (
            <Part id="hv-records" title={t('handover.records_title')}>
              <RecordCounts counts={p ? p.records : pkg!.records} />
              {p && p.site_moves && <p>{t('handover.site_moves')}</p>}
            </Part>
          )}

          {(p || pkg) && (
            <Part id="hv-withheld" title={t('handover.withheld_title')}>
              <p class="hint">{t('handover.withheld_intro')}</p>
              <WithheldCounts counts={p ? p.withheld_records : pkg!.withheld_records} />
              {p?.withheld && p.withheld.length > 0 && (
                <details class="hv-withheld-list">
                  <summary>{t('handover.withheld_list', { n: p.withheld.length })}</summary>
                  <TableWrap label={t('handover.withheld_list_caption')}>
                    <table class="rp-table hv-table" data-table="withheld">
                      <caption>{t('handover.withheld_list_caption')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('handover.record')}</th>
                          <th scope="col">{t('handover.person')}</th>
                          <th scope="col">{t('handover.reason_col')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.withheld.map((w) => (
                          <tr key={w.kind + w.id}>
                            <th scope="row">{label(KIND, w.kind, t)}</th>
                            <td dir="ltr">{w.person_code || '—'}</td>
                            <td>{w.reason}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrap>
                </details>
              )}
            </Part>
          )}

          {p && (
            <Part id="hv-open" title={t('handover.open_items')}>
              <OpenCases cases={p.open_cases} names={names} />
              <p data-fact="pending-referrals">{t('handover.pending_referrals', { n: p.pending_referrals })}</p>
              <h3>{t('handover.active_activities')}</h3>
              <Activities list={p.active_activities} />
            </Part>
          )}
          {!p && pkg && (
            <Part id="hv-open" title={t('handover.open_items')}>
              <ul>
                <li>{t('handover.open_cases_n', { n: pkg.open_cases })}</li>
                <li>{t('handover.pending_referrals', { n: pkg.pending_referrals })}</li>
                <li>{t('handover.active_activities_n', { n: pkg.active_activities })}</li>
              </ul>
            </Part>
          )}

          {p && (
            <Part id="hv-readiness" title={t('handover.readiness')}>
              <ReadinessList items={p.readiness} people={p.people} openCases={p.open_cases.length} />
            </Part>
          )}
        </>
      )}
    </section>
  );
}
