import { useCallback, useEffect, useState } from 'react';
import { request } from './api.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { Results } from './Results.tsx';
import { Notice, type NoticeState } from './ui.tsx';

const TASKS = graphql(`query Tasks { myTasks { kind title unitName deadline daysLeft overdue dueSoon scorecardId } }`);
const CARD = graphql(`
  query ReviewCard($id: ID!) {
    node(id: $id) {
      ... on Scorecard {
        id status unit { name }
        self: entries(stage: SELF) { code value points notApplicable variables { name value } }
        first: entries(stage: APPRAISAL_1) { code version points comment }
        second: entries(stage: APPRAISAL_2) { code version points comment }
        result { criteria { code points max reason entered } }
        evidence { id title criteria documentNumber issuedOn file { fileName downloadUrl } }
        explanationRequests { code message answer dueOn }
      }
    }
  }
`);
const APPRAISE = graphql(`mutation Appraise($input: AppraiseEntryInput!) { appraiseEntry(input: $input) { code version points } }`);
const EXPLAIN = graphql(`mutation Explain($input: RequestExplanationInput!) { requestExplanation(input: $input) { id } }`);

type Card = Extract<NonNullable<ResultOf<typeof CARD>['node']>, { status: unknown }>;
const vi = (n: string | null | undefined) => (n == null ? '—' : n.replace('.', ','));
const dmy = (iso: string) => iso.split('-').reverse().join('/');

/**
 * Reviewers: their tasks (scorecards to appraise, with deadlines), and for one scorecard each
 * criterion the unit entered — its value, points and evidence side by side — to accept, adjust
 * with a reason, or ask the unit to explain. Stale versions come back as a clear conflict.
 */
export function ReviewerWorkspace() {
  const [tasks, setTasks] = useState<ResultOf<typeof TASKS>['myTasks']>([]);
  const [cardId, setCardId] = useState<string | null>(null);
  const [card, setCard] = useState<Card | null>(null);
  const [notice, setNotice] = useState<NoticeState>(null);
  const [tab, setTab] = useState<'tasks' | 'results'>('tasks');
  useEffect(() => void request(TASKS).then((d) => setTasks(d.myTasks), (e: Error) => setNotice({ kind: 'error', text: e.message })), []);
  const load = useCallback(async (id: string) => setCard(((await request(CARD, { id })).node as Card | null) ?? null), []);
  useEffect(() => void (cardId && load(cardId)), [cardId, load]);

  const stage = card && ['EXPLANATION_SUBMITTED', 'FINAL_APPRAISAL'].includes(card.status) ? 'APPRAISAL_2' : 'APPRAISAL_1';
  const appraise = async (code: string, decision: 'ACCEPT' | 'ADJUST', points?: string, reason?: string) => {
    if (!card) return;
    setNotice(null);
    const current = (stage === 'APPRAISAL_2' ? card.second : card.first).find((e) => e.code === code);
    try {
      await request(APPRAISE, { input: { scorecardId: card.id, code, stage, decision, expectedVersion: current?.version ?? 0, points: points ?? null, reason: reason ?? null } });
      setNotice({ kind: 'ok', text: `Đã ${decision === 'ACCEPT' ? 'chấp nhận' : 'điều chỉnh'} tiêu chí ${code}.` });
    } catch (e) {
      setNotice({ kind: 'error', text: `Tiêu chí ${code}: ${(e as Error).message}` });
    }
    await load(card.id);
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
        <button type="button" aria-current={tab === 'tasks' ? 'page' : undefined} onClick={() => setTab('tasks')}>
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
          {tasks.length === 0 ? (
            <p>Chưa có việc nào được giao.</p>
          ) : (
            <ul className="tasks">
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
          {card && <CardReview card={card} stage={stage} onAppraise={appraise} onExplain={explain} />}
        </section>
      )}
    </>
  );
}

function CardReview({ card, stage, onAppraise, onExplain }: { card: Card; stage: string; onAppraise: (code: string, d: 'ACCEPT' | 'ADJUST', points?: string, reason?: string) => Promise<void>; onExplain: (code: string, message: string, dueOn: string) => Promise<void> }) {
  const scores = new Map(card.result?.criteria.map((c) => [c.code, c]) ?? []);
  const appraised = new Map((stage === 'APPRAISAL_2' ? card.second : card.first).map((e) => [e.code, e]));
  return (
    <div className="area">
      <h2>
        {card.unit.name} — {stage === 'APPRAISAL_2' ? 'thẩm định lần 2' : 'thẩm định lần 1'}
      </h2>
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
          {card.self.map((e) => {
            const s = scores.get(e.code);
            const a = appraised.get(e.code);
            const files = card.evidence.filter((ev) => ev.criteria.includes(e.code));
            return (
              <tr key={e.code} data-code={e.code}>
                <th scope="row">{e.code}</th>
                <td>{e.notApplicable ? 'Không áp dụng' : (e.value ?? e.variables.map((v) => `${v.name} = ${vi(v.value)}`).join(', '))}</td>
                <td className="num">
                  {vi(s?.points)} / {vi(s?.max)}
                  {s?.reason && <div className="reason">{s.reason}</div>}
                </td>
                <td>
                  {files.length === 0 ? '—' : null}
                  {files.map((f) => (
                    <div key={f.id}>
                      {f.file ? (
                        <a href={f.file.downloadUrl}>{f.file.fileName}</a>
                      ) : (
                        <span>
                          {f.title}
                          {f.documentNumber ? ` (số ${f.documentNumber})` : ''}
                        </span>
                      )}
                    </div>
                  ))}
                </td>
                <td>
                  {a ? (
                    <p className="ok">
                      Đã thẩm định: {vi(a.points)} điểm{a.comment ? ` — ${a.comment}` : ''}
                    </p>
                  ) : null}
                  <form
                    className="appraise"
                    onSubmit={(ev) => {
                      ev.preventDefault();
                      const f = new FormData(ev.currentTarget);
                      const points = String(f.get('points') || '').replace(',', '.');
                      void onAppraise(e.code, points ? 'ADJUST' : 'ACCEPT', points || undefined, String(f.get('reason') || '') || undefined);
                    }}
                  >
                    <label>
                      Điểm điều chỉnh
                      <input name="points" inputMode="decimal" size={5} />
                    </label>
                    <label>
                      Lý do
                      <input name="reason" />
                    </label>
                    <button type="submit">Lưu</button>
                  </form>
                  <details>
                    <summary>Yêu cầu giải trình</summary>
                    <form
                      onSubmit={(ev) => {
                        ev.preventDefault();
                        const f = new FormData(ev.currentTarget);
                        void onExplain(e.code, String(f.get('message')), String(f.get('dueOn')));
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
    </div>
  );
}
