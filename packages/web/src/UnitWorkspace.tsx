import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Me } from './App.tsx';
import { ApiError, request, upload } from './api.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { ValueSelect } from './inputs.tsx';
import { labelOf, SCORECARD_STATUS, variablesOf, vi, type CriterionNode } from './criteria.ts';

const ROUNDS = graphql(`query Rounds { rounds { id year title } }`);

const CARD = graphql(`
  query Card($roundId: ID!) {
    scorecard(roundId: $roundId) {
      id status version
      group { code name }
      unit { kind }
      selfAssessmentDeadline { closesOn closesAt closed extended }
      entries { code value version notApplicable variables { name value } }
      result { total max index criteria { code points max reason missingEvidence entered excluded } }
      evidence { id title criteria documentNumber file { fileName } }
      explanationRequests { id code message dueOn answer answeredAt }
    }
  }
`);

const CRITERIA = graphql(`
  query Criteria($roundId: ID!, $group: String!) {
    node(id: $roundId) {
      ... on AssessmentRound {
        criteria(group: $group) {
          code title max depth area methodKind method guidance evidenceRequired evidenceDescription notApplicable
          children { code title max depth area methodKind method guidance evidenceRequired evidenceDescription notApplicable
            children { code title max depth area methodKind method guidance evidenceRequired evidenceDescription notApplicable
              children { code title max depth area methodKind method guidance evidenceRequired evidenceDescription notApplicable } } }
        }
      }
    }
  }
`);

const SAVE = graphql(`
  mutation Save($input: SaveSelfAssessmentEntryInput!) {
    saveSelfAssessmentEntry(input: $input) { code version }
  }
`);
/** The points a criterion would get for what is being typed (nothing is written). */
const PREVIEW = graphql(`
  query Preview($input: ScorePreviewInput!) { scorePreview(input: $input) { areas { criteria { code points reason } } } }
`);
const ADD_EVIDENCE = graphql(`mutation AddEvidence($input: AddEvidenceInput!) { addEvidence(input: $input) { id } }`);
const SUBMIT = graphql(`mutation Submit($input: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $input) { id status } }`);
const ANSWER = graphql(`mutation Answer($input: AnswerExplanationInput!) { answerExplanation(input: $input) { id answeredAt } }`);
const REPORT = graphql(`query Report($id: ID!) { scorecardReport(scorecardId: $id, format: DOCX) { fileName mediaType contentBase64 } }`);

type Card = NonNullable<ResultOf<typeof CARD>['scorecard']>;
type Node = CriterionNode;
const STATUS = SCORECARD_STATUS;

function Countdown({ closesAt, closed }: { closesAt: string; closed: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (closed) return <span className="badge closed">Đã hết hạn</span>;
  const ms = new Date(closesAt).getTime() - now;
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor((ms % 86_400_000) / 3_600_000);
  return <span className={`badge ${days < 3 ? 'soon' : ''}`}>Còn {days} ngày {hours} giờ</span>;
}

export function UnitWorkspace({ me }: { me: Me }) {
  const [roundId, setRoundId] = useState<string | null>(null);
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [card, setCard] = useState<Card | null>(null);
  const [tree, setTree] = useState<Node[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string; items?: string[] } | null>(null);

  const loadCard = useCallback(async (id: string) => {
    const c = (await request(CARD, { roundId: id })).scorecard;
    setCard(c ?? null);
    return c;
  }, []);

  useEffect(() => {
    void (async () => {
      try {
        const rounds = (await request(ROUNDS)).rounds;
        // The newest round in which this unit has a scorecard.
        for (const r of [...rounds].sort((a, b) => b.year - a.year)) {
          const c = await loadCard(r.id);
          if (c) {
            setRoundId(r.id);
            setYear(r.year);
            const crit = await request(CRITERIA, { roundId: r.id, group: c.group.code });
            const node = crit.node as { criteria?: Node[] } | null;
            setTree(node?.criteria ?? []);
            return;
          }
        }
        setMessage({ kind: 'error', text: 'Đơn vị chưa có phiếu chấm trong đợt đánh giá nào.' });
      } catch (e) {
        setMessage({ kind: 'error', text: (e as Error).message });
      }
    })();
  }, [loadCard]);

  const entries = useMemo(() => new Map((card?.entries ?? []).map((e) => [e.code, e])), [card]);
  const scores = useMemo(() => new Map((card?.result?.criteria ?? []).map((c) => [c.code, c])), [card]);
  const readOnly = !card || card.selfAssessmentDeadline?.closed === true || !['DRAFT', 'RETURNED'].includes(card.status);

  const save = async (code: string, input: { value?: string | null; variables?: { name: string; value: string }[]; notApplicable?: boolean }) => {
    if (!card || !roundId) return;
    setMessage(null);
    try {
      await request(SAVE, { input: { scorecardId: card.id, code, expectedVersion: entries.get(code)?.version ?? 0, ...input } });
    } catch (e) {
      setMessage({ kind: 'error', text: `Tiêu chí ${code}: ${(e as Error).message}` });
    }
    await loadCard(roundId);
  };

  const preview = async (code: string, variables: { name: string; value: string }[]): Promise<{ points: string; reason: string } | null> => {
    if (!card || !roundId) return null;
    const evidenceCount = card.evidence.filter((e) => e.criteria.includes(code)).length;
    const r = await request(PREVIEW, { input: { roundId, group: card.group.code, unitKind: card.unit.kind, entries: [{ code, variables, evidenceCount }] } }).catch(() => null);
    const c = r?.scorePreview.areas.flatMap((a) => a.criteria).find((x) => x.code === code);
    return c ? { points: c.points, reason: c.reason } : null;
  };

  const answer = async (requestId: string, text: string) => {
    if (!roundId) return;
    setMessage(null);
    try {
      await request(ANSWER, { input: { requestId, answer: text } });
      setMessage({ kind: 'ok', text: 'Đã gửi giải trình.' });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
    await loadCard(roundId);
  };

  const attach = async (code: string, file: File, onProgress: (p: number) => void, doc: DocFields) => {
    if (!card || !roundId) return;
    setMessage(null);
    try {
      const fileId = await upload(file, onProgress);
      const today = new Date().toISOString().slice(0, 10);
      const effectiveOn = today.startsWith(String(year)) ? today : `${year}-12-31`;
      await request(ADD_EVIDENCE, {
        input: { scorecardId: card.id, code, title: doc.title || file.name, effectiveOn: doc.issuedOn || effectiveOn, fileId, documentNumber: doc.documentNumber || null, issuedOn: doc.issuedOn || null, issuer: doc.issuer || null },
      });
      setMessage({ kind: 'ok', text: `Đã gắn tài liệu "${file.name}" cho tiêu chí ${code}.` });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
    await loadCard(roundId);
  };

  const submit = async () => {
    if (!card || !roundId) return;
    setMessage(null);
    try {
      await request(SUBMIT, { input: { scorecardId: card.id, expectedVersion: card.version } });
      setMessage({ kind: 'ok', text: 'Đã nộp phiếu tự chấm.' });
    } catch (e) {
      const items = e instanceof ApiError ? e.problems.map((p) => p.message) : [];
      setMessage({ kind: 'error', text: (e as Error).message, items });
    }
    await loadCard(roundId);
  };

  const download = async () => {
    if (!card) return;
    const r = (await request(REPORT, { id: card.id })).scorecardReport;
    const bytes = Uint8Array.from(atob(r.contentBase64), (c) => c.charCodeAt(0));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes], { type: r.mediaType }));
    a.download = r.fileName;
    a.click();
  };

  if (!card) return <section>{message ? <p role="alert" className="error">{message.text}</p> : <p>Đang tải phiếu chấm…</p>}</section>;
  const deadline = card.selfAssessmentDeadline;
  return (
    <section aria-labelledby="card-title">
      <div className="card-head">
        <h1 id="card-title">
          Phiếu tự chấm năm {year} — {me.unit?.name}
        </h1>
        <p>
          Trạng thái: <strong data-testid="status">{STATUS[card.status] ?? card.status}</strong>
          {deadline && (
            <>
              {' · '}Hạn tự chấm {deadline.closesOn.split('-').reverse().join('/')}
              {deadline.extended ? ' (đã gia hạn)' : ''} <Countdown closesAt={deadline.closesAt} closed={deadline.closed} />
            </>
          )}
        </p>
        {card.result && (
          <p className="total">
            Tổng điểm tự chấm: <strong data-testid="total">{vi(card.result.total)}</strong> / {vi(card.result.max)} ({vi(card.result.index)} %)
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={submit} disabled={readOnly}>
            Nộp phiếu tự chấm
          </button>
          <button type="button" onClick={download}>
            Tải báo cáo (DOCX)
          </button>
        </div>
        {message && (
          <div role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
            <p>{message.text}</p>
            {message.items && message.items.length > 0 && (
              <ul>
                {message.items.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {card.explanationRequests.length > 0 && (
        <div className="area" aria-labelledby="explain-title">
          <h2 id="explain-title">Yêu cầu giải trình</h2>
          {card.explanationRequests.map((r) => (
            <form
              key={r.id}
              className="leaf"
              onSubmit={(e) => {
                e.preventDefault();
                void answer(r.id, String(new FormData(e.currentTarget).get('answer')));
              }}
            >
              <p>
                <strong>Tiêu chí {r.code}</strong> (hạn {r.dueOn.split('-').reverse().join('/')}): {r.message}
              </p>
              {r.answer ? (
                <p className="ok">Đã giải trình: {r.answer}</p>
              ) : (
                <>
                  <label>
                    Nội dung giải trình
                    <textarea name="answer" required rows={3} />
                  </label>
                  <button type="submit">Gửi giải trình</button>
                </>
              )}
            </form>
          ))}
        </div>
      )}
      {tree.map((area) => (
        <AreaBlock key={area.code} node={area} entries={entries} scores={scores} evidence={card.evidence} readOnly={readOnly} onSave={save} onAttach={attach} onPreview={preview} />
      ))}
    </section>
  );
}

interface DocFields {
  title: string;
  documentNumber: string;
  issuedOn: string;
  issuer: string;
}
type Entries = Map<string, Card['entries'][number]>;
type Scores = Map<string, NonNullable<Card['result']>['criteria'][number]>;
interface BlockProps {
  node: Node;
  entries: Entries;
  scores: Scores;
  evidence: Card['evidence'];
  readOnly: boolean;
  onSave: (code: string, input: { value?: string | null; variables?: { name: string; value: string }[]; notApplicable?: boolean }) => Promise<void>;
  onAttach: (code: string, file: File, onProgress: (p: number) => void, doc: DocFields) => Promise<void>;
  onPreview: (code: string, variables: { name: string; value: string }[]) => Promise<{ points: string; reason: string } | null>;
}

function AreaBlock(props: BlockProps) {
  const { node, scores } = props;
  const s = scores.get(node.code);
  return (
    <details open className="area">
      <summary>
        <span>
          {node.code}. {node.title}
        </span>
        <span className="points">
          {s ? vi(s.points) : '0'} / {vi(node.max)} điểm
        </span>
      </summary>
      {(node.children ?? []).map((c) => (c.children?.length ? <AreaBlock key={c.code} {...props} node={c} /> : <Leaf key={c.code} {...props} node={c} />))}
    </details>
  );
}

function Leaf({ node, entries, scores, evidence, readOnly, onSave, onAttach, onPreview }: BlockProps) {
  const entry = entries.get(node.code);
  const score = scores.get(node.code);
  const vars = variablesOf(node);
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries((entry?.variables ?? []).map((v) => [v.name, v.value])));
  // As the unit types, the plugin's points and reason for the values being typed (not yet saved).
  const [typed, setTyped] = useState<{ points: string; reason: string } | null>(null);
  useEffect(() => {
    const complete = vars.length > 0 && vars.every((v) => draft[v] !== undefined && draft[v] !== '');
    if (!complete || unchanged()) return setTyped(null);
    let live = true;
    const t = setTimeout(() => void onPreview(node.code, vars.map((v) => ({ name: v, value: draft[v]!.replace(',', '.') }))).then((r) => live && setTyped(r)), 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [draft, entry]);
  const [progress, setProgress] = useState<number | null>(null);
  const [doc, setDoc] = useState<DocFields>({ title: '', documentNumber: '', issuedOn: '', issuer: '' });
  const kind = node.methodKind ?? '';
  const byCouncil = kind === 'manual' || kind === 'survey' || kind === 'bonusPenalty';
  const fromIndicator = !!(node.method?.source && 'indicator' in (node.method.source as object));
  const id = `c-${node.code.replace(/\./g, '-')}`;
  const files = evidence.filter((e) => e.criteria.includes(node.code));
  const unchanged = () => vars.every((v) => (entry?.variables.find((x) => x.name === v)?.value ?? '') === (draft[v] ?? '').replace(',', '.'));
  // Saved on leaving a field, when complete and different from what is stored (no needless new version).
  const saveVars = () => {
    if (vars.every((v) => draft[v] !== undefined && draft[v] !== '') && !unchanged()) void onSave(node.code, { variables: vars.map((v) => ({ name: v, value: draft[v]!.replace(',', '.') })) });
  };
  return (
    <div className="leaf" data-code={node.code}>
      <div className="leaf-head">
        <label htmlFor={id}>
          <strong>{node.code}</strong> {node.title}
        </label>
        <span className="points" aria-live="polite">
          {score?.entered ? vi(score.points) : '—'} / {vi(node.max)}
        </span>
      </div>
      {node.guidance && <p className="guidance">{node.guidance}</p>}
      <div className="inputs">
        {byCouncil ? (
          <em>Hội đồng thẩm định chấm tiêu chí này.</em>
        ) : fromIndicator ? (
          <em>Điểm tính từ chỉ số {(node.method!.source as { indicator: string }).indicator} do hệ thống của tỉnh cung cấp.</em>
        ) : kind === 'yesNo' || kind === 'levels' ? (
          <ValueSelect node={node} id={id} disabled={readOnly} value={entry?.value ?? ''} onChange={(value) => void onSave(node.code, { value })} />
        ) : (
          vars.map((v, i) => (
            <label key={v} className="var">
              {labelOf(node, v)}
              <input
                id={i === 0 ? id : undefined}
                inputMode="decimal"
                disabled={readOnly}
                value={draft[v] ?? ''}
                onChange={(e) => setDraft({ ...draft, [v]: e.target.value })}
                onBlur={saveVars}
              />
            </label>
          ))
        )}
        {node.notApplicable && !readOnly && (
          <label className="na">
            <input type="checkbox" checked={entry?.notApplicable ?? false} onChange={(e) => void onSave(node.code, { notApplicable: e.target.checked })} /> Không áp dụng
          </label>
        )}
      </div>
      {typed ? (
        <p className="reason typed" aria-live="polite">
          Tạm tính (chưa lưu): {vi(typed.points)} điểm — {typed.reason}
        </p>
      ) : (
        score && <p className={`reason ${score.missingEvidence ? 'warn' : ''}`}>{score.reason}</p>
      )}
      {(node.evidenceRequired || files.length > 0) && (
        <div className="evidence">
          <span>Tài liệu kiểm chứng{node.evidenceDescription ? `: ${node.evidenceDescription}` : ''}</span>
          <ul>
            {files.map((f) => (
              <li key={f.id}>
                {f.file?.fileName ?? f.title}
                {f.documentNumber ? ` — số ${f.documentNumber}` : ''}
              </li>
            ))}
          </ul>
          {!readOnly && (
            <details className="docfields">
              <summary>Thông tin văn bản (không bắt buộc)</summary>
              <label>
                Tên tài liệu
                <input value={doc.title} onChange={(e) => setDoc({ ...doc, title: e.target.value })} />
              </label>
              <label>
                Số, ký hiệu
                <input value={doc.documentNumber} onChange={(e) => setDoc({ ...doc, documentNumber: e.target.value })} />
              </label>
              <label>
                Ngày ban hành
                <input type="date" value={doc.issuedOn} onChange={(e) => setDoc({ ...doc, issuedOn: e.target.value })} />
              </label>
              <label>
                Cơ quan ban hành
                <input value={doc.issuer} onChange={(e) => setDoc({ ...doc, issuer: e.target.value })} />
              </label>
            </details>
          )}
          {!readOnly && (
            <label className="upload">
              Tải lên tài liệu
              <input
                type="file"
                accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setProgress(0);
                  await onAttach(node.code, file, setProgress, doc);
                  setProgress(null);
                  e.target.value = '';
                }}
              />
            </label>
          )}
          {progress !== null && <progress max={1} value={progress} aria-label="Tiến độ tải lên" />}
        </div>
      )}
    </div>
  );
}
