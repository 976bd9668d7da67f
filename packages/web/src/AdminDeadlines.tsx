import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { request } from './api.ts';
import { graphql, type ResultOf } from './graphql.ts';

const ROUNDS = graphql(`
  query AdminRounds {
    rounds { id year title phases { phase title closesOn closesAt } assessedUnits { id name } }
  }
`);
const SETUP = graphql(`query RoundSetup { presets { id title province } unitGroups { code name } }`);
const CREATE_ROUND = graphql(`mutation CreateRound($input: CreateRoundInput!) { createRound(input: $input) { id } }`);
const SET_PHASE = graphql(`mutation SetPhase($input: SetPhaseDeadlineInput!) { setPhaseDeadline(input: $input) { id } }`);
const EXTEND = graphql(`mutation Extend($input: ExtendDeadlineInput!) { extendDeadline(input: $input) { phase closesOn extended } }`);

type Round = ResultOf<typeof ROUNDS>['rounds'][number];
const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** The admin's season controls: the rounds' phase deadlines and per-unit extensions (with a reason, recorded). */
export function AdminDeadlines() {
  const [rounds, setRounds] = useState<Round[]>([]);
  const [roundId, setRoundId] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [setup, setSetup] = useState<ResultOf<typeof SETUP> | null>(null);
  useEffect(() => void request(SETUP).then(setSetup, () => undefined), []);
  const load = useCallback(async () => {
    const r = [...(await request(ROUNDS)).rounds].sort((a, b) => b.year - a.year);
    setRounds(r);
    setRoundId((current) => current || r[0]?.id || '');
  }, []);
  useEffect(() => void load().catch((e: Error) => setMessage({ kind: 'error', text: e.message })), [load]);
  const round = rounds.find((r) => r.id === roundId);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setMessage(null);
    try {
      await fn();
      setMessage({ kind: 'ok', text: ok });
      await load();
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };

  const setPhase = (phase: string, closesOn: string) =>
    run(() => request(SET_PHASE, { input: { roundId, phase: phase as never, closesOn } }), `Đã đặt hạn ${dmy(closesOn)}.`);

  const extend = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const unitId = String(f.get('unitId'));
    const closesOn = String(f.get('closesOn'));
    const reason = String(f.get('reason'));
    const phase = String(f.get('phase'));
    void run(() => request(EXTEND, { input: { roundId, unitId, phase: phase as never, closesOn, reason } }), `Đã gia hạn đến ${dmy(closesOn)} cho đơn vị đã chọn.`);
  };

  const createRound = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const year = Number(f.get('year'));
    const preset = String(f.get('preset'));
    const groups = f.getAll('groups').map((g) => ({ groupCode: String(g), criteriaSet: preset }));
    void run(async () => {
      const r = await request(CREATE_ROUND, { input: { year, title: String(f.get('title')), referenceDate: `${year}-12-31`, preset, groups } });
      setRoundId(r.createRound.id);
    }, `Đã mở đợt đánh giá năm ${year}: các giai đoạn, hạn và phiếu chấm của đơn vị đã được tạo.`);
  };

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Điều hành đợt đánh giá</h1>
      {setup && (
        <details>
          <summary>Mở đợt đánh giá mới</summary>
          <form className="extend" onSubmit={createRound}>
            <label>
              Năm đánh giá
              <input name="year" type="number" min={2000} max={2100} required defaultValue={new Date().getFullYear() + 1} />
            </label>
            <label>
              Tên đợt
              <input name="title" required defaultValue={`Xác định Chỉ số cải cách hành chính năm ${new Date().getFullYear() + 1}`} />
            </label>
            <label>
              Bộ tiêu chí (preset)
              <select name="preset">
                {setup.presets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>Nhóm xếp hạng</legend>
              {setup.unitGroups.map((g) => (
                <label key={g.code} className="na">
                  <input type="checkbox" name="groups" value={g.code} defaultChecked /> {g.name}
                </label>
              ))}
            </fieldset>
            <button type="submit">Mở đợt</button>
          </form>
        </details>
      )}
      <label>
        Đợt đánh giá{' '}
        <select value={roundId} onChange={(e) => setRoundId(e.target.value)}>
          {rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title} ({r.year})
            </option>
          ))}
        </select>
      </label>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
          {message.text}
        </p>
      )}
      {round && (
        <>
          <h2>Thời hạn các giai đoạn</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Giai đoạn</th>
                <th scope="col">Hạn hiện tại</th>
                <th scope="col">Đặt hạn mới</th>
              </tr>
            </thead>
            <tbody>
              {round.phases.map((p) => (
                <tr key={p.phase}>
                  <td>{p.title}</td>
                  <td>{dmy(p.closesOn)}</td>
                  <td>
                    <input type="date" aria-label={`Hạn mới của ${p.title}`} defaultValue={p.closesOn} onBlur={(e) => e.target.value !== p.closesOn && void setPhase(p.phase, e.target.value)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Gia hạn cho một đơn vị</h2>
          <form className="extend unit-extension" onSubmit={extend}>
            <label>
              Đơn vị
              <select name="unitId" required>
                {round.assessedUnits.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Giai đoạn
              <select name="phase">
                {round.phases.map((p) => (
                  <option key={p.phase} value={p.phase}>
                    {p.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Gia hạn đến
              <input type="date" name="closesOn" required />
            </label>
            <label>
              Lý do
              <input name="reason" required placeholder="Ví dụ: đơn vị mới sáp nhập, cần thêm thời gian" />
            </label>
            <button type="submit">Gia hạn</button>
          </form>
        </>
      )}
    </section>
  );
}
