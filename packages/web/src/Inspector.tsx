import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { request } from './api.ts';
import { AREA_ORDER, AREA_TITLE, dmy } from './criteria.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { Notice, type NoticeState } from './ui.tsx';

const PLANS = graphql(`
  query InspectorPlans {
    inspectionPlans {
      id year title kind theme periodFrom periodTo selfReportDueOn noticeDays reportDays conclusionDays remediationDays
      legalDocument { number issuedOn }
      team { username displayName role title }
      targets {
        id mode visitOn visitNote
        noticeDueOn noticeSentAt reportDueOn reportReceivedAt conclusionDueOn concludedAt remediationDueOn remediationReceivedAt
        unit { id name group { code } }
      }
    }
  }
`);
const PLAN_DATA = graphql(`
  query InspectorPlanData($planId: ID!, $year: Int!) {
    inspectionItems(planId: $planId) { targetId unitName step dueOn overdue }
    inspectionFindings(planId: $planId) {
      id area kind description recommendation criterionCode topic repeated
      remediationStatus remediationDueOn remediationReport remediationReportedAt remediationReviewNote
      target { id }
    }
    reformPlans(year: $year) {
      id title unit { name } legalDocument { number issuedOn }
      tasks { id number title area product deadlineLabel status statusNote overdue completedOn lead { name } }
    }
    rounds { id year groups { group { code } } }
  }
`);
const CRITERIA = graphql(`
  query FindingCriteria($roundId: ID!, $group: String!) {
    node(id: $roundId) { ... on AssessmentRound { criteria(group: $group) { code title children { code title children { code title children { code title } } } } } }
  }
`);
const RECORD = graphql(`mutation RecordFinding($input: RecordFindingInput!) { recordInspectionFinding(input: $input) { id repeated } }`);
const STEP = graphql(`mutation RecordStep($targetId: ID!, $step: String!) { recordInspectionStep(targetId: $targetId, step: $step) { id } }`);
const REVIEW = graphql(`mutation ReviewRemediation($input: ReviewRemediationInput!) { reviewRemediation(input: $input) { id remediationStatus } }`);
const OUTLINE = graphql(`query Outline($unitId: ID!, $year: Int!) { inspectionOutline(unitId: $unitId, year: $year) { fileName mediaType contentBase64 } }`);

type Plan = ResultOf<typeof PLANS>['inspectionPlans'][number];
type Target = Plan['targets'][number];
type PlanData = ResultOf<typeof PLAN_DATA>;
type Finding = PlanData['inspectionFindings'][number];

const MODE: Record<string, string> = { DIRECT: 'Kiểm tra trực tiếp', SELF: 'Tự kiểm tra, gửi báo cáo' };
const KIND: [string, string][] = [
  ['GOOD_PRACTICE', 'Ưu điểm, cách làm hay'],
  ['SHORTCOMING', 'Tồn tại, hạn chế'],
  ['VIOLATION', 'Vi phạm'],
];
const kindLabel = (k: string) => KIND.find(([v]) => v === k)?.[1] ?? k;
const REMEDIATION: Record<string, string> = {
  NOT_REQUIRED: 'Không phải khắc phục',
  OPEN: 'Chờ đơn vị khắc phục',
  REPORTED: 'Đơn vị đã báo cáo, chờ xem xét',
  ACCEPTED: 'Đã chấp nhận kết quả khắc phục',
  REJECTED: 'Chưa đạt, phải khắc phục tiếp',
};
const STEPS: [string, string][] = [
  ['NOTICE', 'Thông báo lịch kiểm tra'],
  ['REPORT', 'Nhận báo cáo của đơn vị'],
  ['CONCLUSION', 'Ban hành kết luận'],
  ['REMEDIATION', 'Nhận báo cáo khắc phục'],
];
const stepLabel = (s: string) => STEPS.find(([k]) => k === s)?.[1] ?? s;
const TASK_STATUS: Record<string, string> = { NOT_STARTED: 'Chưa triển khai', IN_PROGRESS: 'Đang thực hiện', DONE: 'Đã hoàn thành', CANCELLED: 'Không thực hiện' };
const todayVN = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/** The derived deadlines of a target: each step's due date, done or not, overdue when past and not done. */
function stepsOf(t: Target) {
  return [
    { step: 'NOTICE', due: t.noticeDueOn, done: t.noticeSentAt },
    { step: 'REPORT', due: t.reportDueOn, done: t.reportReceivedAt },
    { step: 'CONCLUSION', due: t.conclusionDueOn, done: t.concludedAt },
    { step: 'REMEDIATION', due: t.remediationDueOn, done: t.remediationReceivedAt },
  ];
}

function Deadline({ due, done, today }: { due: string | null | undefined; done: string | null | undefined; today: string }) {
  if (!due) return <span className="muted">—</span>;
  if (done) return <span className="ok">{dmy(due)} · đã xong {dmy(done)}</span>;
  if (due < today) return <span className="overdue">{dmy(due)} · quá hạn</span>;
  return <span>{dmy(due)}</span>;
}

/**
 * The inspection team's workspace: the plans the inspector takes part in, with targets, derived
 * deadlines (overdue highlighted) and the team; findings per target and their remediation; the
 * report outline (DOCX); the province's annual reform plan tasks and their status.
 */
export function Inspector() {
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [planId, setPlanId] = useState('');
  // The data of the plan it was read for: choosing another plan (or the same one again) never shows
  // another plan's data, and never leaves the screen without data for the chosen plan.
  const [loaded, setLoaded] = useState<{ planId: string; data: PlanData } | null>(null);
  const data = loaded && loaded.planId === planId ? loaded.data : null;
  const [targetId, setTargetId] = useState('');
  const [notice, setNotice] = useState<NoticeState>(null);

  const loadPlans = useCallback(async () => {
    const d = await request(PLANS);
    setPlans(d.inspectionPlans);
    setPlanId((p) => p || [...d.inspectionPlans].sort((a, b) => b.year - a.year)[0]?.id || '');
  }, []);
  useEffect(() => void loadPlans().catch((e: Error) => setNotice({ kind: 'error', text: e.message })), [loadPlans]);
  const plan = plans?.find((p) => p.id === planId);
  const latest = useRef(0);
  const loadData = useCallback(async () => {
    if (!plan) return;
    const mine = ++latest.current; // an answer for a plan chosen earlier arrives late: dropped
    const d = await request(PLAN_DATA, { planId: plan.id, year: plan.year });
    if (mine === latest.current) setLoaded({ planId: plan.id, data: d });
  }, [plan?.id, plan?.year]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => void loadData().catch((e: Error) => setNotice({ kind: 'error', text: e.message })), [loadData]);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setNotice(null);
    try {
      await fn();
      setNotice({ kind: 'ok', text: ok });
      await Promise.all([loadPlans(), loadData()]);
      return true;
    } catch (e) {
      setNotice({ kind: 'error', text: (e as Error).message });
      return false;
    }
  };

  if (!plans) return <Notice state={notice} />;
  if (plans.length === 0)
    return (
      <section>
        <h1>Kiểm tra công tác cải cách hành chính</h1>
        <Notice state={notice} />
        <p>Bạn chưa là thành viên đoàn kiểm tra của kế hoạch nào.</p>
      </section>
    );
  const today = todayVN();
  const target = plan?.targets.find((t) => t.id === targetId);
  const findingsOf = (id: string) => data?.inspectionFindings.filter((f) => f.target.id === id) ?? [];

  return (
    <section aria-labelledby="inspection-title" className="inspector">
      <h1 id="inspection-title">Kiểm tra công tác cải cách hành chính</h1>
      <div className="filters">
        <label>
          Kế hoạch kiểm tra{' '}
          <select
            value={planId}
            onChange={(e) => {
              if (e.target.value === planId) return; // the same plan chosen again: keep the open target
              setPlanId(e.target.value);
              setTargetId('');
            }}
          >
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.year} — {p.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Notice state={notice} />
      {plan && (
        <>
          <div className="plan-head">
            <h2>{plan.title}</h2>
            <p>
              {plan.kind === 'COMPREHENSIVE' ? 'Kiểm tra toàn diện' : 'Kiểm tra chuyên đề'}
              {plan.theme ? ` (${plan.theme})` : ''} · từ {dmy(plan.periodFrom)} đến {dmy(plan.periodTo)}
              {plan.legalDocument ? ` · văn bản số ${plan.legalDocument.number} ngày ${dmy(plan.legalDocument.issuedOn)}` : ''}
              {plan.selfReportDueOn ? ` · hạn báo cáo tự kiểm tra ${dmy(plan.selfReportDueOn)}` : ''}
            </p>
            <p className="guidance">
              Hạn tính theo ngày làm việc của tỉnh: thông báo lịch {plan.noticeDays} ngày và đơn vị gửi báo cáo {plan.reportDays} ngày trước ngày kiểm tra; kết luận trong {plan.conclusionDays} ngày, báo cáo khắc
              phục trong {plan.remediationDays} ngày sau kết luận.
            </p>
            <h3>Thành phần đoàn kiểm tra</h3>
            <ul className="team">
              {plan.team.map((m) => (
                <li key={m.username}>
                  {m.displayName} — {m.role === 'LEAD' ? 'Trưởng đoàn' : 'Thành viên'}
                  {m.title ? ` (${m.title})` : ''}
                </li>
              ))}
            </ul>
          </div>

          {!data ? (
            <p>Đang tải kết quả kiểm tra và nhiệm vụ…</p>
          ) : (
            data.inspectionItems.length > 0 && (
              <details className="open-items-box">
                <summary>
                  Việc còn mở của đoàn: {data.inspectionItems.length} ({data.inspectionItems.filter((i) => i.overdue).length} quá hạn)
                </summary>
                <ul className="open-items">
                  {data.inspectionItems.map((i) => (
                    <li key={`${i.targetId}/${i.step}`} className={i.overdue ? 'overdue' : undefined}>
                      {dmy(i.dueOn)} · {i.unitName}: {stepLabel(i.step)}
                      {i.overdue ? ' — quá hạn' : ''}
                    </li>
                  ))}
                </ul>
              </details>
            )
          )}

          <h2 id="targets-title">Đơn vị được kiểm tra</h2>
          <div className="scroll">
            <table className="targets" aria-labelledby="targets-title">
              <thead>
                <tr>
                  <th scope="col">Đơn vị</th>
                  <th scope="col">Hình thức</th>
                  <th scope="col">Ngày kiểm tra</th>
                  <th scope="col">Thông báo lịch</th>
                  <th scope="col">Báo cáo của đơn vị</th>
                  <th scope="col">Kết luận</th>
                  <th scope="col">Báo cáo khắc phục</th>
                  <th scope="col">Kết quả kiểm tra</th>
                </tr>
              </thead>
              <tbody>
                {plan.targets.map((t) => {
                  const s = stepsOf(t);
                  // No count until the plan's findings are in: "(0)" while loading would say there are none.
                  const n = data ? findingsOf(t.id).length : null;
                  const count = n === null ? '' : ` (${n})`;
                  return (
                    <tr key={t.id} data-target={t.unit.name} aria-current={t.id === targetId ? 'true' : undefined}>
                      <th scope="row">{t.unit.name}</th>
                      <td>{MODE[t.mode] ?? t.mode}</td>
                      <td>
                        {t.visitOn ? dmy(t.visitOn) : t.mode === 'DIRECT' ? 'Chưa đặt' : '—'}
                        {t.visitNote ? <div className="guidance">{t.visitNote}</div> : null}
                      </td>
                      {s.map((x) => (
                        <td key={x.step}>
                          <Deadline due={x.due} done={x.done} today={today} />
                        </td>
                      ))}
                      <td>
                        <button type="button" onClick={() => setTargetId(t.id)} aria-label={`Xem, ghi kết quả kiểm tra của ${t.unit.name}${count}`}>
                          Xem, ghi{count}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          {target && data && (
            <TargetPanel
              key={target.id}
              plan={plan}
              target={target}
              findings={findingsOf(target.id)}
              rounds={data.rounds}
              today={today}
              run={run}
              onClose={() => setTargetId('')}
            />
          )}

          {data && <PlanTasks plans={data.reformPlans} year={plan.year} />}
        </>
      )}
    </section>
  );
}

type Run = (fn: () => Promise<unknown>, ok: string) => Promise<boolean>;

function TargetPanel(props: { plan: Plan; target: Target; findings: Finding[]; rounds: PlanData['rounds']; today: string; run: Run; onClose: () => void }) {
  const { plan, target, findings, run } = props;
  const [outline, setOutline] = useState<{ url: string; fileName: string; mediaType: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [outlineError, setOutlineError] = useState<NoticeState>(null);
  useEffect(
    () => () => {
      if (outline) URL.revokeObjectURL(outline.url);
    },
    [outline],
  );

  const download = async () => {
    setBusy(true);
    setOutlineError(null);
    try {
      const r = (await request(OUTLINE, { unitId: target.unit.id, year: plan.year })).inspectionOutline;
      const bytes = Uint8Array.from(atob(r.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: r.mediaType }));
      setOutline({ url, fileName: r.fileName, mediaType: r.mediaType });
      const a = document.createElement('a');
      a.href = url;
      a.download = r.fileName;
      a.click();
    } catch (e) {
      setOutlineError({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const steps = stepsOf(target).filter((s) => s.due && !s.done);

  return (
    <section className="target-panel" aria-labelledby="target-title">
      <div className="leaf-head">
        <h2 id="target-title">Kết quả kiểm tra — {target.unit.name}</h2>
        <button type="button" onClick={props.onClose}>
          Đóng
        </button>
      </div>
      <p>
        {MODE[target.mode]} · năm {plan.year}
      </p>
      <div className="actions">
        <button type="button" onClick={download} disabled={busy}>
          {busy ? 'Đang lập đề cương…' : 'Tải đề cương báo cáo (DOCX)'}
        </button>
        {outline && (
          <a href={outline.url} download={outline.fileName} type={outline.mediaType} className="outline-link">
            Tải lại {outline.fileName}
          </a>
        )}
        {steps.map((s) => (
          <button
            key={s.step}
            type="button"
            className="secondary"
            onClick={() => void run(() => request(STEP, { targetId: target.id, step: s.step }), `Đã ghi nhận: ${stepLabel(s.step).toLocaleLowerCase('vi')} — ${target.unit.name}.`)}
          >
            Ghi nhận đã xong: {stepLabel(s.step).toLocaleLowerCase('vi')}
          </button>
        ))}
      </div>
      <Notice state={outlineError} />

      <h3 id="findings-title">Kết quả đã ghi ({findings.length})</h3>
      {findings.length === 0 ? (
        <p>Chưa có kết quả kiểm tra nào của đơn vị này.</p>
      ) : (
        <ul className="findings" aria-labelledby="findings-title">
          {findings.map((f) => (
            <FindingItem key={f.id} f={f} run={run} />
          ))}
        </ul>
      )}
      <FindingForm target={target} plan={plan} rounds={props.rounds} run={run} />
    </section>
  );
}

function FindingItem({ f, run }: { f: Finding; run: Run }) {
  const [note, setNote] = useState('');
  return (
    <li className={`finding finding-${f.kind.toLowerCase()}`} data-finding={f.id}>
      <p>
        <strong>{kindLabel(f.kind)}</strong> · {AREA_TITLE[f.area] ?? f.area}
        {f.criterionCode ? ` · tiêu chí ${f.criterionCode}` : ''}
        {f.repeated ? <span className="badge closed"> Lặp lại năm trước</span> : null}
      </p>
      <p className="description">{f.description}</p>
      {f.recommendation && <p className="reason">Kiến nghị: {f.recommendation}</p>}
      <p className="remediation">
        Khắc phục: <span className={`rem rem-${f.remediationStatus.toLowerCase()}`}>{REMEDIATION[f.remediationStatus] ?? f.remediationStatus}</span>
        {f.remediationDueOn && f.remediationStatus !== 'NOT_REQUIRED' ? ` · hạn ${dmy(f.remediationDueOn)}` : ''}
        {f.remediationReportedAt ? ` · đơn vị báo cáo ngày ${dmy(f.remediationReportedAt)}` : ''}
      </p>
      {f.remediationReport && <p className="guidance">Báo cáo khắc phục: {f.remediationReport}</p>}
      {f.remediationReviewNote && <p className="guidance">Ý kiến của đoàn: {f.remediationReviewNote}</p>}
      {f.remediationStatus === 'REPORTED' && (
        <div className="appraise">
          <label>
            Ý kiến (bắt buộc khi chưa chấp nhận)
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" onClick={() => void run(() => request(REVIEW, { input: { findingId: f.id, accept: true, note: note || null } }), 'Đã chấp nhận kết quả khắc phục.')}>
            Chấp nhận khắc phục
          </button>
          <button type="button" onClick={() => void run(() => request(REVIEW, { input: { findingId: f.id, accept: false, note: note || null } }), 'Đã yêu cầu đơn vị khắc phục tiếp.')}>
            Yêu cầu khắc phục tiếp
          </button>
        </div>
      )}
    </li>
  );
}

type Leaf = { code: string; title: string; depth: number };

function FindingForm({ target, plan, rounds, run }: { target: Target; plan: Plan; rounds: PlanData['rounds']; run: Run }) {
  const [kind, setKind] = useState('SHORTCOMING');
  const [criteria, setCriteria] = useState<Leaf[]>([]);
  const round = rounds.find((r) => r.year === plan.year);
  const group = target.unit.group?.code;
  useEffect(() => {
    if (!round || !group || !round.groups.some((g) => g.group.code === group)) return;
    request(CRITERIA, { roundId: round.id, group })
      .then((d) => {
        type N = { code: string; title: string; children?: readonly N[] };
        const out: Leaf[] = [];
        const walk = (n: N, depth: number) => {
          out.push({ code: n.code, title: n.title, depth });
          n.children?.forEach((c) => walk(c, depth + 1));
        };
        const tree = d.node && 'criteria' in d.node ? (d.node.criteria as readonly N[]) : [];
        tree.forEach((n) => walk(n, 0));
        setCriteria(out);
      })
      .catch(() => setCriteria([]));
  }, [round?.id, group]); // eslint-disable-line react-hooks/exhaustive-deps
  const codes = useMemo(() => criteria.filter((c) => c.depth > 0), [criteria]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim() || null;
    const ok = await run(
      () =>
        request(RECORD, {
          input: {
            targetId: target.id,
            area: String(f.get('area')) as 'LEADERSHIP',
            kind: kind as 'SHORTCOMING',
            description: String(f.get('description') ?? ''),
            recommendation: text('recommendation'),
            criterionCode: text('criterionCode'),
            topic: text('topic'),
          },
        }),
      `Đã ghi kết quả kiểm tra của ${target.unit.name}.`,
    );
    if (ok) form.reset();
  };
  const needsRecommendation = kind !== 'GOOD_PRACTICE';
  return (
    <form className="finding-form" onSubmit={submit} aria-labelledby="finding-form-title">
      <h3 id="finding-form-title">Ghi kết quả kiểm tra</h3>
      <div className="extend">
        <label>
          Lĩnh vực
          <select name="area" required defaultValue="PROCEDURES">
            {AREA_ORDER.map((a, i) => (
              <option key={a} value={a}>
                {i + 1}. {AREA_TITLE[a]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Loại kết quả
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {KIND.map(([k, t]) => (
              <option key={k} value={k}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tiêu chí liên quan (không bắt buộc)
          <select name="criterionCode" defaultValue="">
            <option value="">Không gắn tiêu chí</option>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>
                {'\u00a0'.repeat((c.depth - 1) * 2)}
                {c.code} {c.title.length > 70 ? `${c.title.slice(0, 70)}…` : c.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Chủ đề ngắn (để nhận ra tồn tại lặp lại)
          <input name="topic" placeholder="ví dụ niêm yết thủ tục hành chính" />
        </label>
      </div>
      <label className="block">
        Nội dung
        <textarea name="description" required rows={3} />
      </label>
      <label className="block">
        Kiến nghị{needsRecommendation ? ' (bắt buộc với tồn tại, vi phạm)' : ' (không bắt buộc)'}
        <textarea name="recommendation" rows={2} required={needsRecommendation} />
      </label>
      <button type="submit">Ghi kết quả</button>
    </form>
  );
}

function PlanTasks({ plans, year }: { plans: PlanData['reformPlans']; year: number }) {
  const [status, setStatus] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const province = plans.filter((p) => !p.unit);
  const shown = province.length ? province : plans;
  return (
    <section aria-labelledby="plan-tasks-title" className="plan-tasks">
      <h2 id="plan-tasks-title">Nhiệm vụ kế hoạch CCHC năm {year}</h2>
      {shown.length === 0 ? (
        <p>Chưa có kế hoạch cải cách hành chính năm {year} trên hệ thống.</p>
      ) : (
        <>
          <div className="filters">
            <label>
              Tình trạng{' '}
              <select value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">Mọi tình trạng</option>
                {Object.entries(TASK_STATUS).map(([k, t]) => (
                  <option key={k} value={k}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> Chỉ nhiệm vụ quá hạn
            </label>
          </div>
          {shown.map((p) => {
            const tasks = p.tasks.filter((t) => (!status || t.status === status) && (!overdueOnly || t.overdue));
            const count = (s: string) => p.tasks.filter((t) => t.status === s).length;
            return (
              <div key={p.id}>
                <h3>
                  {p.title}
                  {p.unit ? ` — ${p.unit.name}` : ''}
                  {p.legalDocument ? ` (${p.legalDocument.number})` : ''}
                </h3>
                <p>
                  {p.tasks.length} nhiệm vụ: {count('DONE')} đã hoàn thành, {count('IN_PROGRESS')} đang thực hiện, {count('NOT_STARTED')} chưa triển khai, {p.tasks.filter((t) => t.overdue).length} quá hạn.
                </p>
                <div className="scroll">
                  <table className="tasks-table">
                    <caption className="sr-only">Nhiệm vụ của {p.title}</caption>
                    <thead>
                      <tr>
                        <th scope="col">STT</th>
                        <th scope="col">Nhiệm vụ</th>
                        <th scope="col">Cơ quan chủ trì</th>
                        <th scope="col">Thời hạn</th>
                        <th scope="col">Tình trạng</th>
                      </tr>
                    </thead>
                    <tbody>
                      {tasks.map((t) => (
                        <tr key={t.id} className={t.overdue ? 'overdue-row' : undefined}>
                          <td>{t.number}</td>
                          <td>
                            {t.title}
                            {t.product.trim() ? <div className="guidance">Sản phẩm: {t.product}</div> : null}
                          </td>
                          <td>{t.lead.name}</td>
                          <td>{t.deadlineLabel}</td>
                          <td>
                            <span className={`task-status status-${t.status.toLowerCase()}`}>{TASK_STATUS[t.status] ?? t.status}</span>
                            {t.completedOn ? ` (${dmy(t.completedOn)})` : ''}
                            {t.overdue ? <span className="overdue"> · quá hạn</span> : null}
                            {t.statusNote ? <div className="guidance">{t.statusNote}</div> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            );
          })}
        </>
      )}
    </section>
  );
}
