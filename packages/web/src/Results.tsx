import { useCallback, useEffect, useRef, useState } from 'react';
import { request } from './api.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { Notice, type NoticeState } from './ui.tsx';

const ROUNDS = graphql(`query ResultRounds { rounds { id year title groups { group { code name } } } }`);
const RANKING = graphql(`
  query Ranking($roundId: ID!, $group: String!, $provisional: Boolean!) {
    ranking(roundId: $roundId, group: $group, provisional: $provisional) {
      label provisional publicationVersion
      rows { rank unitName total max index band bandLabel areas { area points max } rules { title } }
    }
  }
`);
const EXPORT = graphql(`query Export($roundId: ID!, $group: String!, $provisional: Boolean!, $format: ExportFormat!) { rankingExportUrl(roundId: $roundId, group: $group, provisional: $provisional, format: $format) }`);

const AREA_SHORT: Record<string, string> = {
  LEADERSHIP: 'Chỉ đạo',
  INSTITUTIONS: 'Thể chế',
  PROCEDURES: 'TTHC',
  ORGANIZATION: 'Bộ máy',
  CIVIL_SERVICE: 'Công vụ',
  PUBLIC_FINANCE: 'Tài chính',
  DIGITAL_GOVERNMENT: 'CQ số',
  IMPACT: 'Tác động',
  BONUS: 'Thưởng/trừ',
};
const vi = (n: string) => n.replace('.', ',');

/** Rankings by group, published or provisional, with bands, area columns, the rules that applied, and exports. */
export function Results() {
  const [rounds, setRounds] = useState<ResultOf<typeof ROUNDS>['rounds']>([]);
  const [roundId, setRoundId] = useState('');
  const [group, setGroup] = useState('');
  const [provisional, setProvisional] = useState(false);
  const [ranking, setRanking] = useState<ResultOf<typeof RANKING>['ranking'] | null>(null);
  const [notice, setNotice] = useState<NoticeState>(null);
  const latest = useRef(0);

  useEffect(() => {
    void request(ROUNDS).then((d) => {
      const sorted = [...d.rounds].sort((a, b) => b.year - a.year);
      setRounds(sorted);
      setRoundId(sorted[0]?.id ?? '');
      setGroup(sorted[0]?.groups[0]?.group.code ?? '');
    });
  }, []);
  const load = useCallback(async () => {
    if (!roundId || !group) return;
    const mine = ++latest.current; // answers to earlier selections are dropped
    setNotice(null);
    try {
      const r = (await request(RANKING, { roundId, group, provisional })).ranking;
      if (mine === latest.current) setRanking(r);
    } catch (e) {
      if (mine !== latest.current) return;
      setRanking(null);
      const unpublished = !provisional && (e as { code?: string }).code === 'NOT_FOUND';
      setNotice({ kind: 'error', text: unpublished ? 'Kết quả của nhóm này chưa được công bố. Chọn “Kết quả dự kiến” để xem kết quả tạm tính trong khi thẩm định.' : (e as Error).message });
    }
  }, [roundId, group, provisional]);
  useEffect(() => void load(), [load]);
  const round = rounds.find((r) => r.id === roundId);
  const areas = ranking?.rows[0]?.areas.map((a) => a.area) ?? [];
  const exportAs = async (format: 'XLSX' | 'DOCX' | 'CSV') => {
    const url = (await request(EXPORT, { roundId, group, provisional, format })).rankingExportUrl;
    window.location.assign(url);
  };

  return (
    <section aria-labelledby="results-title">
      <h1 id="results-title">Kết quả xếp hạng</h1>
      <div className="filters">
        <label>
          Đợt{' '}
          <select
            value={roundId}
            onChange={(e) => {
              setRoundId(e.target.value);
              setGroup(rounds.find((r) => r.id === e.target.value)?.groups[0]?.group.code ?? '');
            }}
          >
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title} ({r.year})
              </option>
            ))}
          </select>
        </label>
        <label>
          Nhóm{' '}
          <select value={group} onChange={(e) => setGroup(e.target.value)}>
            {round?.groups.map((g) => (
              <option key={g.group.code} value={g.group.code}>
                {g.group.name}
              </option>
            ))}
          </select>
        </label>
        <label className="na">
          <input type="checkbox" checked={provisional} onChange={(e) => setProvisional(e.target.checked)} /> Kết quả dự kiến (đang thẩm định)
        </label>
        <button type="button" onClick={() => void exportAs('XLSX')} disabled={!ranking}>
          Xuất Excel
        </button>
        <button type="button" onClick={() => void exportAs('DOCX')} disabled={!ranking}>
          Xuất Word
        </button>
      </div>
      <Notice state={notice} />
      {ranking && (
        <>
          <p>
            {ranking.label}
            {ranking.publicationVersion ? ` · công bố lần ${ranking.publicationVersion}` : ''}
          </p>
          <div className="scroll">
            <table className="ranking">
              <thead>
                <tr>
                  <th scope="col">Hạng</th>
                  <th scope="col">Cơ quan, đơn vị</th>
                  {areas.map((a) => (
                    <th scope="col" key={a}>
                      {AREA_SHORT[a] ?? a}
                    </th>
                  ))}
                  <th scope="col">Tổng điểm</th>
                  <th scope="col">Chỉ số</th>
                  <th scope="col">Xếp loại</th>
                  <th scope="col">Quy tắc áp dụng</th>
                </tr>
              </thead>
              <tbody>
                {ranking.rows.map((r) => (
                  <tr key={r.unitName}>
                    <td>{r.rank}</td>
                    <th scope="row">{r.unitName}</th>
                    {r.areas.map((a) => (
                      <td key={a.area} className="num">
                        {vi(a.points)}
                      </td>
                    ))}
                    <td className="num">
                      {vi(r.total)} / {vi(r.max)}
                    </td>
                    <td className="num">{vi(r.index)} %</td>
                    <td>
                      <span className={`band band-${r.band.toLowerCase()}`}>{r.bandLabel}</span>
                    </td>
                    <td>{r.rules.map((x) => x.title).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
