import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { request } from './api.ts';
import { dmy, vi } from './criteria.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { Notice, type NoticeState } from './ui.tsx';

const ROUNDS = graphql(`
  query CouncilRounds {
    rounds { id year title groups { group { code name } } phases { phase closesOn } }
  }
`);
const GROUP = graphql(`
  query CouncilGroup($roundId: ID!, $group: String!) {
    ranking(roundId: $roundId, group: $group, provisional: true) { rows { rank unitId unitName total max index band bandLabel } }
    cards: scorecards(roundId: $roundId, group: $group, first: 1) { totalCount }
    ready: scorecards(roundId: $roundId, group: $group, status: FINAL_APPRAISAL, first: 1) { totalCount }
    node(id: $roundId) {
      ... on AssessmentRound {
        councilDecision(group: $group) { appointed approvals decidedAt }
        councilVotes(group: $group) { username displayName vote at }
        publications(group: $group) { version publishedAt legalDocument { number issuedOn } }
      }
    }
  }
`);
const DOCS = graphql(`query PublicationDocs { legalDocuments(first: 100) { nodes { id number title issuedOn } } }`);
const VOTE = graphql(`mutation CastVote($input: CouncilVoteInput!) { castCouncilVote(input: $input) { vote at } }`);
const DECIDE = graphql(`mutation Decide($roundId: ID!, $group: String!) { decideCouncil(roundId: $roundId, group: $group) { approvals appointed } }`);
const PUBLISH = graphql(`mutation Publish($input: PublishResultsInput!) { publishResults(input: $input) { version publishedAt } }`);

type Rounds = ResultOf<typeof ROUNDS>['rounds'];
type Group = ResultOf<typeof GROUP>;
type Vote = 'APPROVE' | 'REJECT' | 'ABSTAIN';

const VOTES: [Vote, string][] = [
  ['APPROVE', 'Tán thành'],
  ['REJECT', 'Không tán thành'],
  ['ABSTAIN', 'Không biểu quyết'],
];
const voteLabel = (v: string) => VOTES.find(([k]) => k === v)?.[1] ?? v;
const when = (iso: string) => new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const todayVN = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/**
 * The council's decision screen for one unit group of a round: the provisional ranking, who voted
 * what (and who has not yet), this member's vote, the decision and the publications. Admins record
 * the decision and publish from here (`canDecide`).
 */
export function Council({ username, canDecide }: { username: string; canDecide: boolean }) {
  const [rounds, setRounds] = useState<Rounds | null>(null);
  const [roundId, setRoundId] = useState('');
  const [group, setGroup] = useState('');
  const [data, setData] = useState<Group | null>(null);
  const [notice, setNotice] = useState<NoticeState>(null);

  useEffect(() => {
    request(ROUNDS)
      .then((d) => {
        setRounds(d.rounds);
        const latest = [...d.rounds].sort((a, b) => b.year - a.year)[0];
        if (latest) {
          setRoundId(latest.id);
          setGroup(latest.groups[0]?.group.code ?? '');
        }
      })
      .catch((e: Error) => setNotice({ kind: 'error', text: e.message }));
  }, []);
  const latest = useRef(0);
  const load = useCallback(async () => {
    if (!roundId || !group) return;
    const mine = ++latest.current; // an answer for an earlier round or group arrives late: dropped
    const d = await request(GROUP, { roundId, group });
    if (mine === latest.current) setData(d);
  }, [roundId, group]);
  useEffect(() => {
    setData(null);
    void load().catch((e: Error) => setNotice({ kind: 'error', text: e.message }));
  }, [load]);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setNotice(null);
    try {
      await fn();
      setNotice({ kind: 'ok', text: ok });
    } catch (e) {
      setNotice({ kind: 'error', text: (e as Error).message });
    }
    await load().catch(() => undefined);
  };

  if (!rounds) return <Notice state={notice} />;
  const round = rounds.find((r) => r.id === roundId);
  const groupName = round?.groups.find((g) => g.group.code === group)?.group.name ?? '';
  const phase = round?.phases.find((p) => p.phase === 'COUNCIL');
  const phaseClosed = !!phase && phase.closesOn < todayVN();
  const r = data?.node && 'councilVotes' in data.node ? data.node : null;

  return (
    <section aria-labelledby="council-title" className="council">
      <h1 id="council-title">Hội đồng thẩm định — biểu quyết và công bố kết quả</h1>
      <div className="filters">
        <label>
          Đợt đánh giá{' '}
          <select
            value={roundId}
            onChange={(e) => {
              const next = rounds.find((x) => x.id === e.target.value);
              setRoundId(e.target.value);
              setGroup(next?.groups[0]?.group.code ?? '');
            }}
          >
            {rounds.map((x) => (
              <option key={x.id} value={x.id}>
                {x.title} ({x.year})
              </option>
            ))}
          </select>
        </label>
        <label>
          Nhóm xếp hạng{' '}
          <select value={group} onChange={(e) => setGroup(e.target.value)}>
            {round?.groups.map((g) => (
              <option key={g.group.code} value={g.group.code}>
                {g.group.name}
              </option>
            ))}
          </select>
        </label>
        {phase && (
          <span className={`badge${phaseClosed ? ' closed' : ''}`}>
            Hạn biểu quyết: {dmy(phase.closesOn)}
            {phaseClosed ? ' (đã hết hạn)' : ''}
          </span>
        )}
      </div>
      <Notice state={notice} />
      {!data || !r ? (
        <p>Đang tải…</p>
      ) : (
        <div className="council-grid">
          <div>
            <h2 id="council-ranking">Xếp hạng dự kiến — {groupName}</h2>
            {data.ranking.rows.length === 0 ? (
              <p>Nhóm này chưa có phiếu chấm nào có kết quả.</p>
            ) : (
              <div className="scroll">
                <table className="ranking" aria-labelledby="council-ranking">
                  <thead>
                    <tr>
                      <th scope="col">Hạng</th>
                      <th scope="col">Đơn vị</th>
                      <th scope="col">Tổng điểm</th>
                      <th scope="col">Chỉ số (%)</th>
                      <th scope="col">Xếp loại</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.ranking.rows.map((row) => (
                      <tr key={row.unitId} data-unit={row.unitName}>
                        <td className="num">{row.rank}</td>
                        <th scope="row">{row.unitName}</th>
                        <td className="num">
                          {vi(row.total)} / {vi(row.max)}
                        </td>
                        <td className="num">{vi(row.index)}</td>
                        <td>
                          <span className={`band band-${row.band.toLowerCase()}`}>{row.bandLabel}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
          <div>
            <Votes votes={r.councilVotes} decision={r.councilDecision} me={username} />
            {!canDecide && (
              <CastVote
                key={`${roundId}/${group}`}
                current={r.councilVotes.find((v) => v.username === username)?.vote ?? null}
                appointed={r.councilVotes.some((v) => v.username === username)}
                decided={!!r.councilDecision}
                closed={phaseClosed}
                onVote={(vote) => run(() => request(VOTE, { input: { roundId, group, vote } }), `Đã ghi nhận biểu quyết "${voteLabel(vote)}" cho nhóm ${groupName}.`)}
              />
            )}
            <h2>Quyết định và công bố</h2>
            {!r.councilDecision && data && (
              <p data-testid="ready">
                Phiếu đã thẩm định xong lần 2: {data.ready.totalCount}/{data.cards.totalCount}
                {data.ready.totalCount < data.cards.totalCount ? ' — Hội đồng ghi quyết định được khi mọi phiếu của nhóm đã thẩm định xong lần 2.' : ' — đủ điều kiện ghi quyết định.'}
              </p>
            )}
            {r.councilDecision ? (
              <p className="ok" data-testid="decision">
                Hội đồng đã thông qua ngày {when(r.councilDecision.decidedAt)} ({r.councilDecision.approvals}/{r.councilDecision.appointed} thành viên tán thành).
              </p>
            ) : (
              <p data-testid="decision">Hội đồng chưa quyết định kết quả của nhóm này.</p>
            )}
            {r.publications.length === 0 ? (
              <p>Chưa công bố.</p>
            ) : (
              <ul>
                {r.publications.map((p) => (
                  <li key={p.version}>
                    Đã công bố lần {p.version} ngày {when(p.publishedAt)} theo văn bản số {p.legalDocument.number} ({dmy(p.legalDocument.issuedOn)}).
                  </li>
                ))}
              </ul>
            )}
            {canDecide && (
              <DecisionActions
                decided={!!r.councilDecision}
                published={r.publications.length > 0}
                onDecide={() => run(() => request(DECIDE, { roundId, group }), `Đã ghi nhận quyết định của Hội đồng cho nhóm ${groupName}.`)}
                onPublish={(legalDocumentId) => run(() => request(PUBLISH, { input: { roundId, group, legalDocumentId } }), `Đã công bố kết quả nhóm ${groupName} (bản ghi không sửa được).`)}
              />
            )}
          </div>
        </div>
      )}
    </section>
  );
}

type VoteRow = { username: string; displayName: string; vote: Vote | null; at: string | null };

function Votes({ votes, decision, me }: { votes: readonly VoteRow[]; decision: { appointed: number; approvals: number } | null; me: string }) {
  const approvals = votes.filter((v) => v.vote === 'APPROVE').length;
  const needed = Math.floor(votes.length / 2) + 1;
  const pending = votes.filter((v) => !v.vote).length;
  return (
    <>
      <h2 id="council-votes">Biểu quyết của thành viên</h2>
      {votes.length === 0 ? (
        <p>Đợt đánh giá chưa có thành viên Hội đồng được cử.</p>
      ) : (
        <>
          <p data-testid="tally">
            Tán thành {approvals}/{votes.length} thành viên được cử; cần ít nhất {needed} (hơn 50 %).{' '}
            {pending > 0 ? `${pending} thành viên chưa biểu quyết.` : 'Mọi thành viên đã biểu quyết.'}
            {!decision && approvals >= needed ? ' Đã đủ đa số; quyết định ghi được khi mọi phiếu của nhóm đã thẩm định xong lần 2.' : ''}
          </p>
          <table className="votes" aria-labelledby="council-votes">
            <thead>
              <tr>
                <th scope="col">Thành viên</th>
                <th scope="col">Biểu quyết</th>
                <th scope="col">Thời điểm</th>
              </tr>
            </thead>
            <tbody>
              {votes.map((v) => (
                <tr key={v.username} data-member={v.username}>
                  <th scope="row">
                    {v.displayName}
                    {v.username === me ? ' (bạn)' : ''}
                  </th>
                  <td className="vote">{v.vote ? <span className={`vote-${v.vote.toLowerCase()}`}>{voteLabel(v.vote)}</span> : <span className="badge soon">Chưa biểu quyết</span>}</td>
                  <td>{v.at ? when(v.at) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function CastVote(props: { current: Vote | null; appointed: boolean; decided: boolean; closed: boolean; onVote: (v: Vote) => Promise<void> }) {
  const [choice, setChoice] = useState<Vote>(props.current ?? 'APPROVE');
  const [busy, setBusy] = useState(false);
  if (!props.appointed) return <p className="reason warn">Bạn chưa được cử vào Hội đồng của đợt đánh giá này nên chưa biểu quyết được.</p>;
  const blocked = props.decided ? 'Hội đồng đã quyết định; không biểu quyết lại được.' : props.closed ? 'Đã hết hạn biểu quyết.' : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await props.onVote(choice);
    setBusy(false);
  };
  return (
    <form className="cast-vote" onSubmit={submit}>
      <fieldset disabled={!!blocked || busy}>
        <legend>Biểu quyết của bạn{props.current ? ` (hiện tại: ${voteLabel(props.current)})` : ''}</legend>
        {VOTES.map(([k, t]) => (
          <label key={k}>
            <input type="radio" name="vote" value={k} checked={choice === k} onChange={() => setChoice(k)} /> {t}
          </label>
        ))}
        <button type="submit">{props.current ? 'Biểu quyết lại' : 'Gửi biểu quyết'}</button>
      </fieldset>
      {blocked && <p className="reason warn">{blocked}</p>}
      <p className="guidance">Biểu quyết sau thay biểu quyết trước cho đến khi Hội đồng ghi quyết định. Hệ thống không nhận ý kiến kèm theo: ý kiến khác ghi vào biên bản họp.</p>
    </form>
  );
}

/** The admin's part: record the council's decision (majority), then publish with the province's decision. */
export function DecisionActions(props: { decided: boolean; published: boolean; onDecide: () => Promise<void>; onPublish: (legalDocumentId: string) => Promise<void> }) {
  const [docs, setDocs] = useState<ResultOf<typeof DOCS>['legalDocuments']['nodes'] | null>(null);
  const [doc, setDoc] = useState('');
  const [error, setError] = useState<NoticeState>(null);
  useEffect(() => {
    request(DOCS)
      .then((d) => {
        setDocs(d.legalDocuments.nodes);
        setDoc(d.legalDocuments.nodes[0]?.id ?? '');
      })
      .catch((e: Error) => {
        setDocs([]);
        setError({ kind: 'error', text: `Không tải được danh sách văn bản: ${e.message}` });
      });
  }, []);
  return (
    <div className="decision-actions">
      <p>
        <button type="button" disabled={props.decided} onClick={() => void props.onDecide()}>
          Ghi quyết định của Hội đồng (đa số)
        </button>
      </p>
      <form
        className="extend"
        onSubmit={(e) => {
          e.preventDefault();
          void props.onPublish(doc);
        }}
      >
        <label>
          Văn bản công bố (quyết định của tỉnh)
          <select value={doc} onChange={(e) => setDoc(e.target.value)} required>
            {docs?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.number} ({dmy(d.issuedOn)}) — {d.title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!props.decided || props.published || !doc}>
          Công bố kết quả
        </button>
      </form>
      <Notice state={error} />
      {!props.decided && <p className="guidance">Công bố được sau khi Hội đồng đã thông qua. Thêm văn bản công bố ở thẻ “Thẩm định, hội đồng, lịch”.</p>}
    </div>
  );
}
