import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { request } from './api.ts';
import { dmy } from './criteria.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { Notice, type NoticeState } from './ui.tsx';

const DATA = graphql(`
  query SeasonData($year: Int!) {
    rounds { id year title assessedUnits { id name } }
    users(first: 100) { nodes { id displayName role } }
    calendar(year: $year) { date working name override }
  }
`);
const ASSIGN = graphql(`mutation Assign($input: AssignReviewerInput!) { assignReviewer(input: $input) { id } }`);
const APPOINT = graphql(`mutation Appoint($roundId: ID!, $userId: ID!) { appointCouncilMember(roundId: $roundId, userId: $userId) }`);
const NEW_DOC = graphql(`mutation NewDoc($input: CreateLegalDocumentInput!) { createLegalDocument(input: $input) { id } }`);
const SET_DAY = graphql(`mutation SetDay($input: SetCalendarDayInput!) { setCalendarDay(input: $input) { date working } }`);

const AREAS: [string, string][] = [
  ['', 'Mọi lĩnh vực'],
  ['LEADERSHIP', '1. Chỉ đạo, điều hành'],
  ['INSTITUTIONS', '2. Thể chế'],
  ['PROCEDURES', '3. Thủ tục hành chính'],
  ['ORGANIZATION', '4. Tổ chức bộ máy'],
  ['CIVIL_SERVICE', '5. Chế độ công vụ'],
  ['PUBLIC_FINANCE', '6. Tài chính công'],
  ['DIGITAL_GOVERNMENT', '7. Chính quyền số'],
];
type Data = ResultOf<typeof DATA>;

/** Reviewer assignments, the council and publication, and the province's working-day calendar. */
export function AdminSeason() {
  const [year, setYear] = useState(new Date().getFullYear());
  const [data, setData] = useState<Data | null>(null);
  const [roundId, setRoundId] = useState('');
  const [notice, setNotice] = useState<NoticeState>(null);
  const load = useCallback(async () => {
    const d = await request(DATA, { year });
    setData(d);
    setRoundId((r) => r || [...d.rounds].sort((a, b) => b.year - a.year)[0]?.id || '');
  }, [year]);
  useEffect(() => void load().catch((e: Error) => setNotice({ kind: 'error', text: e.message })), [load]);
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setNotice(null);
    try {
      await fn();
      setNotice({ kind: 'ok', text: ok });
      await load();
    } catch (e) {
      setNotice({ kind: 'error', text: (e as Error).message });
    }
  };
  if (!data) return <Notice state={notice} />;
  const round = data.rounds.find((r) => r.id === roundId);
  const people = (role: string) => data.users.nodes.filter((u) => u.role === role);
  const form = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    return new FormData(e.currentTarget);
  };

  return (
    <section aria-labelledby="season-title">
      <h1 id="season-title">Thẩm định, hội đồng, công bố và lịch làm việc</h1>
      <label>
        Đợt đánh giá{' '}
        <select value={roundId} onChange={(e) => setRoundId(e.target.value)}>
          {data.rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title} ({r.year})
            </option>
          ))}
        </select>
      </label>
      <Notice state={notice} />
      {round && (
        <>
          <h2>Phân công thẩm định</h2>
          <form
            className="extend"
            onSubmit={(e) => {
              const f = form(e);
              void run(
                () => request(ASSIGN, { input: { roundId, userId: String(f.get('userId')), area: String(f.get('area')) || null, unitId: String(f.get('unitId')) || null } }),
                'Đã phân công thẩm định.',
              );
            }}
          >
            <label>
              Thẩm định viên
              <select name="userId" required>
                {people('REVIEWER').map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Lĩnh vực
              <select name="area">
                {AREAS.map(([k, t]) => (
                  <option key={k} value={k}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Đơn vị (bỏ trống: mọi đơn vị)
              <select name="unitId">
                <option value="">Mọi đơn vị</option>
                {round.assessedUnits.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Phân công</button>
          </form>

          <h2>Hội đồng thẩm định và công bố</h2>
          <form
            className="extend"
            onSubmit={(e) => {
              const f = form(e);
              void run(() => request(APPOINT, { roundId, userId: String(f.get('userId')) }), 'Đã bổ nhiệm thành viên hội đồng.');
            }}
          >
            <label>
              Thành viên hội đồng
              <select name="userId" required>
                {people('COUNCIL_MEMBER').map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Bổ nhiệm</button>
          </form>
          <p className="guidance">Biểu quyết của từng thành viên, quyết định của Hội đồng và công bố kết quả theo từng nhóm: thẻ “Hội đồng, công bố”.</p>
          <details>
            <summary>Thêm văn bản (quyết định công bố)</summary>
            <form
              className="extend"
              onSubmit={(e) => {
                const f = form(e);
                void run(() => request(NEW_DOC, { input: { number: String(f.get('number')), issuedOn: String(f.get('issuedOn')), issuer: String(f.get('issuer')), title: String(f.get('title')) } }), 'Đã thêm văn bản.');
              }}
            >
              <label>
                Số, ký hiệu
                <input name="number" required placeholder="ví dụ 123/QĐ-UBND" />
              </label>
              <label>
                Ngày ban hành
                <input name="issuedOn" type="date" required />
              </label>
              <label>
                Cơ quan ban hành
                <input name="issuer" required />
              </label>
              <label>
                Trích yếu
                <input name="title" required />
              </label>
              <button type="submit">Thêm</button>
            </form>
          </details>
        </>
      )}

      <h2>Lịch làm việc năm {year}</h2>
      <p>
        <button type="button" onClick={() => setYear(year - 1)}>
          ← {year - 1}
        </button>{' '}
        <button type="button" onClick={() => setYear(year + 1)}>
          {year + 1} →
        </button>
      </p>
      <form
        className="extend"
        onSubmit={(e) => {
          const f = form(e);
          void run(() => request(SET_DAY, { input: { date: String(f.get('date')), working: f.get('working') === 'yes', note: String(f.get('note') || '') || null } }), 'Đã cập nhật lịch làm việc.');
        }}
      >
        <label>
          Ngày
          <input name="date" type="date" required />
        </label>
        <label>
          Là
          <select name="working">
            <option value="no">Ngày nghỉ</option>
            <option value="yes">Ngày làm việc (làm bù)</option>
          </select>
        </label>
        <label>
          Ghi chú
          <input name="note" />
        </label>
        <button type="submit">Cập nhật</button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">Ngày</th>
            <th scope="col">Loại</th>
            <th scope="col">Tên</th>
          </tr>
        </thead>
        <tbody>
          {data.calendar.map((d) => (
            <tr key={d.date}>
              <td>{dmy(d.date)}</td>
              <td>{d.working ? 'Làm việc' : 'Nghỉ'}</td>
              <td>
                {d.name ?? ''}
                {d.override ? ' (tỉnh sửa)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
