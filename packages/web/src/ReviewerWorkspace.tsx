import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, request } from './api.ts';
import { AREA_TITLE, byCode, dmy, labelOf, levelsOf, SCORECARD_STATUS, variablesOf, vi, type CriterionNode } from './criteria.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { Results } from './Results.tsx';
import { ValueSelect } from './inputs.tsx';
import { Notice, type NoticeState } from './ui.tsx';
import './review.css';

const TASKS = graphql(`query Tasks { myTasks { kind title unitName deadline daysLeft overdue dueSoon scorecardId } }`);
const ROUNDS = graphql(`query ReviewRounds { rounds { id year title } }`);
const QUEUE = graphql(`
  query ReviewQueue($roundId: ID!, $status: ScorecardStatus, $after: String) {
    scorecards(roundId: $roundId, status: $status, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id status submittedAt unit { name } group { name } result { total max } }
    }
  }
`);
const CARD = graphql(`
  query ReviewCard($id: ID!) {
    node(id: $id) {
      ... on Scorecard {
        id status version unit { name } round { id } group { code name }
        self: entries(stage: SELF) { code value points notApplicable variables { name value } }
        first: entries(stage: APPRAISAL_1) { code version value points notApplicable comment variables { name value } }
        second: entries(stage: APPRAISAL_2) { code version value points notApplicable comment variables { name value } }
        result { total max criteria { code points max reason entered } }
        final: result(stage: FINAL) { total max index band criteria { code points reason } }
        evidence { id title criteria documentNumber issuedOn file { fileName mediaType downloadUrl } }
        explanationRequests { code message answer dueOn }
        inspectionFindings { id criterionCode kind description repeated }
      }
    }
  }
`);
const CRITERIA = graphql(`
  query ReviewCriteria($roundId: ID!, $group: String!) {
    node(id: $roundId) {
      ... on AssessmentRound {
        criteria(group: $group) {
          code title max depth area methodKind method guidance evidenceRequired notApplicable
          children { code title max depth area methodKind method guidance evidenceRequired notApplicable
            children { code title max depth area methodKind method guidance evidenceRequired notApplicable
              children { code title max depth area methodKind method guidance evidenceRequired notApplicable } } }
        }
      }
    }
  }
`);
const APPRAISE = graphql(`mutation Appraise($input: AppraiseEntryInput!) { appraiseEntry(input: $input) { code version points } }`);
const EXPLAIN = graphql(`mutation Explain($input: RequestExplanationInput!) { requestExplanation(input: $input) { id } }`);

type Card = Extract<NonNullable<ResultOf<typeof CARD>['node']>, { status: unknown }>;
type Entry = Card['self'][number] & { comment?: string | null; version?: number };
type Queue = ResultOf<typeof QUEUE>['scorecards'];
export type Adjustment = { value?: string; variables?: { name: string; value: string }[]; points?: string; notApplicable?: boolean };

const FINDING_KIND: Record<string, string> = { GOOD_PRACTICE: 'Cách làm hay', SHORTCOMING: 'Tồn tại, hạn chế', VIOLATION: 'Vi phạm' };
const QUEUE_STATES = ['SUBMITTED', 'IN_APPRAISAL', 'EXPLANATION_REQUESTED', 'EXPLANATION_SUBMITTED', 'FINAL_APPRAISAL'] as const;

/** A value as the unit or reviewer gave it, in words. */
function shown(node: CriterionNode | undefined, e: Entry | undefined): string {
  if (!e) return 'Chưa khai';
  if (e.notApplicable) return 'Không áp dụng';
  if (e.value != null) {
    if (node?.methodKind === 'yesNo') return e.value === 'yes' ? 'Có / Đạt' : 'Không / Chưa đạt';
    return levelsOf(node ?? ({ method: null } as CriterionNode)).find((l) => l.value === e.value)?.label ?? e.value;
  }
  if (e.variables.length) return e.variables.map((v) => `${labelOf(node, v.name)}: ${vi(v.value)}`).join('; ');
  if (e.points != null) return `${vi(e.points)} điểm`;
  return '—';
}

/**
 * Reviewers: the queue of a round's scorecards by state, their tasks with deadlines, and for one
 * scorecard each criterion side by side — the unit's value, its points and reason, its evidence
 * (PDF and images previewed in the page), inspection findings linked to it — to accept, adjust
 * with a reason (inputs of the criterion's own method), or ask the unit to explain. When someone
 * else changed an entry meanwhile, the conflict is shown with what they saved.
 */
export function ReviewerWorkspace() {
  const [tab, setTab] = useState<'queue' | 'results'>('queue');
  const [tasks, setTasks] = useState<ResultOf<typeof TASKS>['myTasks']>([]);
  const [rounds, setRounds] = useState<ResultOf<typeof ROUNDS>['rounds']>([]);
  const [roundId, setRoundId] = useState('');
  const [status, setStatus] = useState<string>('');
  const [queue, setQueue] = useState<Queue | null>(null);
  const [cardId, setCardId] = useState<string | null>(null);
  const [card, setCard] = useState<Card | null>(null);
  const [tree, setTree] = useState<CriterionNode[]>([]);
  const [notice, setNotice] = useState<NoticeState>(null);
  const latest = useRef(0);

  useEffect(() => {
    void request(TASKS).then((d) => setTasks(d.myTasks), (e: Error) => setNotice({ kind: 'error', text: e.message }));
    void request(ROUNDS).then((d) => {
      const sorted = [...d.rounds].sort((a, b) => b.year - a.year);
      setRounds(sorted);
      setRoundId(sorted[0]?.id ?? '');
    });
  }, []);
  const loadQueue = useCallback(
    async (after?: string) => {
      if (!roundId) return;
      const mine = ++latest.current;
      try {
        const q = (await request(QUEUE, { roundId, status: (status || null) as never, after: after ?? null })).scorecards;
        if (mine !== latest.current) return;
        setQueue((prev) => (after && prev ? { ...q, nodes: [...prev.nodes, ...q.nodes] } : q));
      } catch (e) {
        if (mine === latest.current) setNotice({ kind: 'error', text: (e as Error).message });
      }
    },
    [roundId, status],
  );
  useEffect(() => void loadQueue(), [loadQueue]);
  const load = useCallback(async (id: string) => {
    const c = ((await request(CARD, { id })).node as Card | null) ?? null;
    setCard(c);
    return c;
  }, []);
  useEffect(() => {
    if (!cardId) return;
    void load(cardId).then(async (c) => {
      if (!c) return;
      const n = (await request(CRITERIA, { roundId: c.round.id, group: c.group.code })).node;
      setTree(n && 'criteria' in n ? (n.criteria as CriterionNode[]) : []);
    }, (e: Error) => setNotice({ kind: 'error', text: e.message }));
  }, [cardId, load]);

  const stage = card && ['EXPLANATION_SUBMITTED', 'FINAL_APPRAISAL'].includes(card.status) ? 'APPRAISAL_2' : 'APPRAISAL_1';
  const appraise = async (code: string, decision: 'ACCEPT' | 'ADJUST', adjustment: Adjustment = {}, reason?: string) => {
    if (!card) return false;
    setNotice(null);
    const current = (stage === 'APPRAISAL_2' ? card.second : card.first).find((e) => e.code === code);
    try {
      await request(APPRAISE, { input: { scorecardId: card.id, code, stage, decision, expectedVersion: current?.version ?? 0, ...adjustment, reason: reason ?? null } as never });
      setNotice({ kind: 'ok', text: `Đã ${decision === 'ACCEPT' ? 'chấp nhận' : 'điều chỉnh'} tiêu chí ${code}.` });
      await load(card.id);
      void loadQueue();
      return true;
    } catch (e) {
      const fresh = await load(card.id);
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        const now = fresh && (stage === 'APPRAISAL_2' ? fresh.second : fresh.first).find((x) => x.code === code);
        setNotice({
          kind: 'error',
          text: `Tiêu chí ${code} vừa được người khác thẩm định${now ? `: ${now.points == null ? shown(undefined, now) : `${vi(now.points)} điểm`}${now.comment ? ` — “${now.comment}”` : ''}` : ''}. Trang đã hiện bản mới nhất; xem lại rồi lưu lại nếu vẫn cần điều chỉnh.`,
        });
      } else setNotice({ kind: 'error', text: `Tiêu chí ${code}: ${(e as Error).message}` });
      return false;
    }
  };
  const explain = async (code: string, message: string, dueOn: string) => {
    if (!card) return;
    setNotice(null);
    try {
      await request(EXPLAIN, { input: { scorecardId: card.id, code, message, dueOn } });
      setNotice({ kind: 'ok', text: `Đã yêu cầu giải trình tiêu chí ${code}.` });
    } catch (e) {
      setNotice({ kind: 'error', text: (e as Error).message });
    }
    await load(card.id);
  };

  return (
    <>
      <nav className="tabs" aria-label="Chức năng thẩm định">
        <button type="button" aria-current={tab === 'queue' ? 'page' : undefined} onClick={() => setTab('queue')}>
          Việc cần làm
        </button>
        <button type="button" aria-current={tab === 'results' ? 'page' : undefined} onClick={() => setTab('results')}>
          Kết quả xếp hạng
        </button>
      </nav>
      {tab === 'results' ? (
        <Results />
      ) : (
        <section aria-labelledby="review-title">
          <h1 id="review-title">Thẩm định phiếu chấm</h1>
          <Notice state={notice} />
          {tasks.length > 0 && (
            <ul className="tasks" aria-label="Việc được giao">
              {tasks.map((t, i) => (
                <li key={`${t.kind}-${t.scorecardId ?? i}`}>
                  <button type="button" disabled={!t.scorecardId} onClick={() => setCardId(t.scorecardId ?? null)} aria-pressed={cardId === t.scorecardId}>
                    {t.unitName ?? t.title}
                  </button>{' '}
                  {t.title}
                  {t.deadline && (
                    <span className={`badge ${t.overdue ? 'closed' : t.dueSoon ? 'soon' : ''}`}>
                      hạn {dmy(t.deadline)}
                      {t.daysLeft != null && !t.overdue ? ` · còn ${t.daysLeft} ngày` : t.overdue ? ' · quá hạn' : ''}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div className="filters">
            <label>
              Đợt{' '}
              <select value={roundId} onChange={(e) => setRoundId(e.target.value)}>
                {rounds.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title} ({r.year})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Trạng thái{' '}
              <select value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">Tất cả</option>
                {QUEUE_STATES.map((s) => (
                  <option key={s} value={s}>
                    {SCORECARD_STATUS[s]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {queue && (
            <table className="queue" aria-label="Hàng chờ thẩm định">
              <caption>{queue.totalCount} phiếu</caption>
              <thead>
                <tr>
                  <th scope="col">Cơ quan, đơn vị</th>
                  <th scope="col">Nhóm</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Điểm tự chấm</th>
                  <th scope="col">Ngày nộp</th>
                  <th scope="col">
                    <span className="sr-only">Mở</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {queue.nodes
                  .filter((c) => status || c.status !== 'DRAFT')
                  .map((c) => (
                    <tr key={c.id} aria-selected={cardId === c.id}>
                      <th scope="row">{c.unit.name}</th>
                      <td>{c.group.name}</td>
                      <td>{SCORECARD_STATUS[c.status] ?? c.status}</td>
                      <td className="num">{c.result ? `${vi(c.result.total)} / ${vi(c.result.max)}` : '—'}</td>
                      <td>{c.submittedAt ? dmy(c.submittedAt) : '—'}</td>
                      <td>
                        <button type="button" onClick={() => setCardId(c.id)} aria-label={`Thẩm định phiếu của ${c.unit.name}`}>
                          Thẩm định
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
          {queue?.pageInfo.hasNextPage && (
            <button type="button" onClick={() => void loadQueue(queue.pageInfo.endCursor ?? undefined)}>
              Xem thêm
            </button>
          )}
          {card && <CardReview key={card.id} card={card} tree={tree} stage={stage} onAppraise={appraise} onExplain={explain} />}
        </section>
      )}
    </>
  );
}

function CardReview({
  card,
  tree,
  stage,
  onAppraise,
  onExplain,
}: {
  card: Card;
  tree: CriterionNode[];
  stage: string;
  onAppraise: (code: string, d: 'ACCEPT' | 'ADJUST', adjustment?: Adjustment, reason?: string) => Promise<boolean>;
  onExplain: (code: string, message: string, dueOn: string) => Promise<void>;
}) {
  const [area, setArea] = useState('');
  const [preview, setPreview] = useState<{ name: string; url: string; kind: 'pdf' | 'image' } | null>(null);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview.url)), [preview]);
  const nodes = useMemo(() => byCode(tree), [tree]);
  const scores = new Map(card.result?.criteria.map((c) => [c.code, c]) ?? []);
  const finals = new Map(card.final?.criteria.map((c) => [c.code, c]) ?? []);
  const self = new Map(card.self.map((e) => [e.code, e as Entry]));
  const appraised = new Map<string, Entry>((stage === 'APPRAISAL_2' ? card.second : card.first).map((e) => [e.code, e]));
  // Every leaf of the tree (in the tree's order), else the entries when the tree is not loaded yet.
  const leaves = tree.length ? [...nodes.values()].filter((n) => !n.children?.length) : card.self.map((e) => ({ code: e.code, title: '', area: '', max: '0', depth: 0, evidenceRequired: false }) as CriterionNode);
  const shownLeaves = leaves.filter((l) => !area || l.area === area);
  const areas = tree.map((a) => a.area);

  const openPreview = async (file: { fileName: string; mediaType: string; downloadUrl: string }) => {
    const kind = file.mediaType === 'application/pdf' ? 'pdf' : file.mediaType.startsWith('image/') ? 'image' : null;
    if (!kind) return;
    // Fetched and shown from a blob: the file route itself stays download-only (sandboxed, not framable).
    const blob = await (await fetch(file.downloadUrl)).blob();
    setPreview({ name: file.fileName, kind, url: URL.createObjectURL(new Blob([blob], { type: file.mediaType })) });
  };

  return (
    <div className="area review-card">
      <h2>
        {card.unit.name} — {stage === 'APPRAISAL_2' ? 'thẩm định lần 2' : 'thẩm định lần 1'}{' '}
        <span className="badge">{SCORECARD_STATUS[card.status] ?? card.status}</span>
      </h2>
      <p>
        Tự chấm: <strong>{vi(card.result?.total)}</strong> / {vi(card.result?.max)} điểm
        {card.final && (
          <>
            {' '}
            · Sau thẩm định: <strong data-testid="final-total">{vi(card.final.total)}</strong> / {vi(card.final.max)} điểm (chỉ số {vi(card.final.index)} %)
          </>
        )}
      </p>
      <label>
        Lĩnh vực{' '}
        <select value={area} onChange={(e) => setArea(e.target.value)}>
          <option value="">Tất cả lĩnh vực</option>
          {areas.map((a) => (
            <option key={a} value={a}>
              {AREA_TITLE[a] ?? a}
            </option>
          ))}
        </select>
      </label>
      <div className="review-layout">
        <table className="review">
          <thead>
            <tr>
              <th scope="col">Tiêu chí</th>
              <th scope="col">Đơn vị khai</th>
              <th scope="col">Điểm tự chấm</th>
              <th scope="col">Tài liệu kiểm chứng</th>
              <th scope="col">Thẩm định</th>
            </tr>
          </thead>
          <tbody>
            {shownLeaves.map((node) => {
              const s = scores.get(node.code);
              const a = appraised.get(node.code);
              const f = finals.get(node.code);
              const files = card.evidence.filter((ev) => ev.criteria.includes(node.code));
              const findings = card.inspectionFindings.filter((x) => x.criterionCode === node.code);
              const asked = card.explanationRequests.filter((x) => x.code === node.code);
              return (
                <tr key={node.code} data-code={node.code}>
                  <th scope="row">
                    {node.code}
                    {node.title && <div className="title">{node.title}</div>}
                  </th>
                  <td>
                    {shown(node, self.get(node.code))}
                    {asked.map((x) => (
                      <div key={x.message} className="reason">
                        Yêu cầu giải trình (hạn {dmy(x.dueOn)}): {x.message}
                        <br />
                        {x.answer ? `Đơn vị giải trình: ${x.answer}` : 'Chưa giải trình.'}
                      </div>
                    ))}
                  </td>
                  <td className="num">
                    {vi(s?.points)} / {vi(s?.max ?? node.max)}
                    {s?.reason && <div className="reason">{s.reason}</div>}
                  </td>
                  <td>
                    {files.length === 0 ? '—' : null}
                    {files.map((ev) => (
                      <div key={ev.id}>
                        {ev.file ? (
                          <>
                            <a href={ev.file.downloadUrl}>{ev.file.fileName}</a>
                            {(ev.file.mediaType === 'application/pdf' || ev.file.mediaType.startsWith('image/')) && (
                              <>
                                {' '}
                                <button type="button" className="link" onClick={() => void openPreview(ev.file!)} aria-label={`Xem trước ${ev.file.fileName}`}>
                                  Xem
                                </button>
                              </>
                            )}
                          </>
                        ) : (
                          <span>{ev.title}</span>
                        )}
                        {ev.documentNumber ? ` (số ${ev.documentNumber}${ev.issuedOn ? `, ${dmy(ev.issuedOn)}` : ''})` : ''}
                      </div>
                    ))}
                    {findings.map((x) => (
                      <div key={x.id} className={`finding ${x.kind.toLowerCase()}`}>
                        Kiểm tra: {FINDING_KIND[x.kind] ?? x.kind}
                        {x.repeated ? ' (lặp lại)' : ''} — {x.description}
                      </div>
                    ))}
                  </td>
                  <td>
                    {a && (
                      <p className="ok">
                        Đã thẩm định: {shown(node, a)}
                        {f ? ` → ${vi(f.points)} điểm` : ''}
                        {a.comment ? ` — ${a.comment}` : ''}
                      </p>
                    )}
                    <AppraiseForm node={node} current={a ?? self.get(node.code)} onAppraise={onAppraise} />
                    <details>
                      <summary>Yêu cầu giải trình</summary>
                      <form
                        onSubmit={(ev) => {
                          ev.preventDefault();
                          const fd = new FormData(ev.currentTarget);
                          void onExplain(node.code, String(fd.get('message')), String(fd.get('dueOn')));
                        }}
                      >
                        <label>
                          Nội dung
                          <input name="message" required />
                        </label>
                        <label>
                          Hạn trả lời
                          <input name="dueOn" type="date" required />
                        </label>
                        <button type="submit">Gửi</button>
                      </form>
                    </details>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {preview && (
          <aside className="preview" aria-label={`Xem trước ${preview.name}`}>
            <div className="preview-head">
              <strong>{preview.name}</strong>
              <button type="button" onClick={() => setPreview(null)}>
                Đóng
              </button>
            </div>
            {preview.kind === 'image' ? <img src={preview.url} alt={preview.name} /> : <iframe src={preview.url} title={preview.name} />}
          </aside>
        )}
      </div>
    </div>
  );
}

/** Accept, or adjust with the inputs of the criterion's own method and a reason. */
function AppraiseForm({ node, current, onAppraise }: { node: CriterionNode; current?: Entry; onAppraise: (code: string, d: 'ACCEPT' | 'ADJUST', adjustment?: Adjustment, reason?: string) => Promise<boolean> }) {
  const kind = node.methodKind ?? '';
  const vars = variablesOf(node);
  const [value, setValue] = useState(current?.value ?? '');
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries((current?.variables ?? []).map((v) => [v.name, v.value])));
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const id = `adj-${node.code.replace(/\./g, '-')}`;
  const adjustment = (): Adjustment =>
    kind === 'yesNo' || kind === 'levels'
      ? { value }
      : vars.length && kind !== 'manual' && kind !== 'survey' && kind !== 'bonusPenalty'
        ? { variables: vars.map((v) => ({ name: v, value: (draft[v] ?? '').replace(',', '.') })) }
        : { points: points.replace(',', '.') };
  return (
    <form
      className="appraise"
      onSubmit={(ev) => {
        ev.preventDefault();
        void onAppraise(node.code, 'ADJUST', adjustment(), reason).then((ok) => ok && setReason(''));
      }}
    >
      <button type="button" onClick={() => void onAppraise(node.code, 'ACCEPT')}>
        Chấp nhận
      </button>
      <fieldset>
        <legend>Điều chỉnh</legend>
        {kind === 'yesNo' || kind === 'levels' ? (
          <label htmlFor={id}>
            {kind === 'yesNo' ? 'Giá trị' : 'Mức'}
            <ValueSelect node={node} id={id} value={value} onChange={setValue} required />
          </label>
        ) : 'points' in adjustment() ? (
          <label htmlFor={id}>
            Điểm (0–{vi(node.max)})
            <input id={id} inputMode="decimal" size={5} value={points} onChange={(e) => setPoints(e.target.value)} required />
          </label>
        ) : (
          vars.map((v) => (
            <label key={v}>
              {labelOf(node, v)}
              <input inputMode="decimal" size={6} value={draft[v] ?? ''} onChange={(e) => setDraft({ ...draft, [v]: e.target.value })} required />
            </label>
          ))
        )}
        <label>
          Lý do điều chỉnh
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
        </label>
        <button type="submit">Lưu điều chỉnh</button>
      </fieldset>
    </form>
  );
}
