import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { request } from './api.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { AREA_SHORT, AREA_TITLE, byCode, vi, type CriterionNode } from './criteria.ts';
import { Notice, type NoticeState } from './ui.tsx';
import './review.css';

const ROUNDS = graphql(`query ResultRounds { rounds { id year title groups { group { code name } } } }`);
const RANKING = graphql(`
  query Ranking($roundId: ID!, $group: String!, $provisional: Boolean!) {
    ranking(roundId: $roundId, group: $group, provisional: $provisional) {
      label provisional publicationVersion
      rows { rank unitId unitName total max index band bandLabel areas { area points max } rules { title } }
    }
  }
`);
const UNIT_CARD = graphql(`
  query UnitCard($roundId: ID!, $unitId: ID!) {
    scorecard(roundId: $roundId, unitId: $unitId) {
      id status group { code }
      self: result(stage: SELF) { criteria { code points max reason } }
      final: result(stage: FINAL) { criteria { code points max reason } }
    }
  }
`);
const TREE = graphql(`
  query ResultCriteria($roundId: ID!, $group: String!) {
    node(id: $roundId) {
      ... on AssessmentRound {
        criteria(group: $group) { code title max depth area evidenceRequired
          children { code title max depth area evidenceRequired
            children { code title max depth area evidenceRequired
              children { code title max depth area evidenceRequired } } } }
      }
    }
  }
`);
const HISTORY = graphql(`
  query UnitHistory($unitId: ID!) {
    unitYearOverYear(unitId: $unitId, includeProvisional: true) { years { year unitName index band bandLabel rank groupSize provisional via } }
  }
`);
const EXPORT = graphql(`query Export($roundId: ID!, $group: String!, $provisional: Boolean!, $format: ExportFormat!) { rankingExportUrl(roundId: $roundId, group: $group, provisional: $provisional, format: $format) }`);

type Row = NonNullable<ResultOf<typeof RANKING>['ranking']>['rows'][number];
type SortKey = 'rank' | 'name' | 'total' | 'index' | `area:${string}`;
const BANDS = [
  ['EXCELLENT', 'Xuất sắc'],
  ['GOOD', 'Tốt'],
  ['FAIR', 'Khá'],
  ['AVERAGE', 'Trung bình'],
  ['WEAK', 'Yếu'],
] as const;
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
const areaRank = (a: string) => {
  const i = Object.keys(AREA_SHORT).indexOf(a);
  return i < 0 ? 99 : i;
};
const share = (p: string, m: string) => (Number(m) > 0 ? (Number(p) / Number(m)) * 100 : 0);

/**
 * Rankings by group, published or provisional, with bands, area columns and the rules that applied;
 * filter by name and band, sort by any column; a unit's breakdown (why each point) with its area
 * profile against the group average; exports one click away.
 */
export function Results() {
  const [rounds, setRounds] = useState<ResultOf<typeof ROUNDS>['rounds']>([]);
  const [roundId, setRoundId] = useState('');
  const [group, setGroup] = useState('');
  const [provisional, setProvisional] = useState(false);
  const [ranking, setRanking] = useState<ResultOf<typeof RANKING>['ranking'] | null>(null);
  const [notice, setNotice] = useState<NoticeState>(null);
  const [query, setQuery] = useState('');
  const [band, setBand] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const [selected, setSelected] = useState<Row | null>(null);
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
      const answer = (await request(RANKING, { roundId, group, provisional })).ranking;
      // Areas in the official order (1 … 7, then impact and bonus), whatever order the record keeps.
      const r = { ...answer, rows: answer.rows.map((x) => ({ ...x, areas: [...x.areas].sort((a, b) => areaRank(a.area) - areaRank(b.area)) })) };
      if (mine !== latest.current) return;
      setRanking(r);
      setSelected((s) => (s ? (r.rows.find((x) => x.unitId === s.unitId) ?? null) : null));
    } catch (e) {
      if (mine !== latest.current) return;
      setRanking(null);
      setSelected(null);
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
  const rows = useMemo(() => {
    const q = query.trim().toLocaleLowerCase('vi');
    const value = (r: Row): number | string =>
      sort.key === 'rank' ? r.rank : sort.key === 'name' ? r.unitName : sort.key === 'total' ? Number(r.total) : sort.key === 'index' ? Number(r.index) : Number(r.areas.find((a) => `area:${a.area}` === sort.key)?.points ?? 0);
    return (ranking?.rows ?? [])
      .filter((r) => (!q || r.unitName.toLocaleLowerCase('vi').includes(q)) && (!band || r.band === band))
      .sort((a, b) => {
        const x = value(a);
        const y = value(b);
        const c = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
        return (sort.desc ? -c : c) || a.rank - b.rank;
      });
  }, [ranking, query, band, sort]);
  const header = (key: SortKey, title: string, defaultDesc = true) => (
    <th scope="col" key={key} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : defaultDesc }))}>
        {title}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

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
              setSelected(null);
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
          <select
            value={group}
            onChange={(e) => {
              setGroup(e.target.value);
              setSelected(null);
            }}
          >
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
        <label>
          Tìm đơn vị <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <label>
          Xếp loại{' '}
          <select value={band} onChange={(e) => setBand(e.target.value)}>
            <option value="">Tất cả</option>
            {BANDS.map(([k, t]) => (
              <option key={k} value={k}>
                {t}
              </option>
            ))}
          </select>
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
            {ranking.publicationVersion ? ` · công bố lần ${ranking.publicationVersion}` : ''} · {rows.length}/{ranking.rows.length} đơn vị
          </p>
          <div className="results-layout">
            <div className="scroll">
              <table className="ranking">
                <thead>
                  <tr>
                    {header('rank', 'Hạng', false)}
                    {header('name', 'Cơ quan, đơn vị', false)}
                    {areas.map((a) => header(`area:${a}`, AREA_SHORT[a] ?? a))}
                    {header('total', 'Tổng điểm')}
                    {header('index', 'Chỉ số')}
                    <th scope="col">Xếp loại</th>
                    <th scope="col">Quy tắc áp dụng</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.unitId} className={selected?.unitId === r.unitId ? 'selected' : undefined} data-unit={r.unitName}>
                      <td>{r.rank}</td>
                      <th scope="row">
                        <button type="button" className="link" onClick={() => setSelected(r)} aria-label={`Chi tiết điểm của ${r.unitName}`}>
                          {r.unitName}
                        </button>
                      </th>
                      {r.areas.map((a) => (
                        <td key={a.area} className="num">
                          {vi(a.points)}
                        </td>
                      ))}
                      <td className="num total">
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
            {selected && <Breakdown roundId={roundId} group={group} row={selected} all={ranking.rows} onClose={() => setSelected(null)} />}
          </div>
        </>
      )}
    </section>
  );
}

/** A unit's area profile against the group average (share of each area's maximum), as bars. */
function AreaProfile({ row, all }: { row: Row; all: readonly Row[] }) {
  const bars = row.areas.map((a) => {
    const avg = all.reduce((s, r) => s + share(r.areas.find((x) => x.area === a.area)?.points ?? '0', r.areas.find((x) => x.area === a.area)?.max ?? '0'), 0) / Math.max(all.length, 1);
    return { area: a.area, unit: share(a.points, a.max), avg };
  });
  const width = 300;
  const left = 80;
  const h = 26;
  const scale = (v: number) => ((width - left - 40) * Math.min(v, 100)) / 100;
  return (
    <figure>
      <svg className="chart" width={width} height={bars.length * h + 24} role="img" aria-label={`Tỷ lệ điểm từng lĩnh vực của ${row.unitName} so với trung bình nhóm`}>
        {bars.map((b, i) => (
          <g key={b.area} transform={`translate(0, ${i * h})`}>
            <text x={0} y={14}>
              {AREA_SHORT[b.area] ?? b.area}
            </text>
            <rect className="avg" x={left} y={2} height={10} width={scale(b.avg)} />
            <rect className="unit" x={left} y={12} height={10} width={scale(b.unit)} />
            <text x={left + scale(Math.max(b.unit, b.avg)) + 4} y={20}>
              {vi(b.unit.toFixed(0))}%
            </text>
          </g>
        ))}
        <g transform={`translate(0, ${bars.length * h + 6})`}>
          <rect className="unit" x={left} y={0} width={10} height={10} />
          <text x={left + 14} y={9}>
            Đơn vị
          </text>
          <rect className="avg" x={left + 70} y={0} width={10} height={10} />
          <text x={left + 84} y={9}>
            Trung bình nhóm
          </text>
        </g>
      </svg>
      <figcaption className="sr-only">
        {bars.map((b) => `${AREA_TITLE[b.area] ?? b.area}: đơn vị ${b.unit.toFixed(0)} %, trung bình nhóm ${b.avg.toFixed(0)} %`).join('; ')}
      </figcaption>
    </figure>
  );
}

/** The unit's index year by year (following renames and mergers), as bars with the band and rank. */
function YearOverYear({ unitId, unitName }: { unitId: string; unitName: string }) {
  const [years, setYears] = useState<ResultOf<typeof HISTORY>['unitYearOverYear']['years'] | null>(null);
  useEffect(() => {
    let live = true;
    setYears(null);
    // Roles without access to a unit's history (or a failure) simply show no chart.
    void request(HISTORY, { unitId }).then((d) => live && setYears(d.unitYearOverYear.years), () => live && setYears([]));
    return () => void (live = false);
  }, [unitId]);
  if (!years?.length) return null;
  const h = 22;
  const left = 44;
  const width = 300;
  const scale = (v: number) => ((width - left - 10) * Math.min(Math.max(v, 0), 100)) / 100;
  return (
    <figure className="year-over-year">
      <figcaption>Qua các năm</figcaption>
      <svg className="chart" width={width} height={years.length * h} role="img" aria-label={`Chỉ số của ${unitName} qua các năm`}>
        {years.map((y, i) => (
          <g key={`${y.year}-${y.unitName}`} transform={`translate(0, ${i * h})`}>
            <text x={0} y={14}>
              {y.year}
            </text>
            <rect className={y.provisional ? 'avg' : 'unit'} x={left} y={3} height={14} width={scale(Number(y.index))} />
          </g>
        ))}
      </svg>
      <ul className="history">
        {years.map((y) => (
          <li key={`${y.year}-${y.unitName}`}>
            {y.year}: {vi(y.index)} % — {y.bandLabel}, hạng {y.rank}/{y.groupSize}
            {y.provisional ? ' (dự kiến)' : ''}
            {y.via === 'LINEAGE' ? ` (là ${y.unitName})` : ''}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Why each point: the unit's criteria with points, maxima and the engine's reasons, by area. */
function Breakdown({ roundId, group, row, all, onClose }: { roundId: string; group: string; row: Row; all: readonly Row[]; onClose: () => void }) {
  const [tree, setTree] = useState<CriterionNode[]>([]);
  const [criteria, setCriteria] = useState<{ code: string; points: string; max: string; reason?: string | null }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setCriteria(null);
    setError(null);
    void Promise.all([request(TREE, { roundId, group }), request(UNIT_CARD, { roundId, unitId: row.unitId })]).then(
      ([t, c]) => {
        if (!live) return;
        setTree(t.node && 'criteria' in t.node ? (t.node.criteria as CriterionNode[]) : []);
        const card = c.scorecard;
        setCriteria((card?.final ?? card?.self)?.criteria ?? []);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => void (live = false);
  }, [roundId, group, row.unitId]);
  const nodes = useMemo(() => byCode(tree), [tree]);
  return (
    <aside className="breakdown" aria-label={`Chi tiết điểm của ${row.unitName}`}>
      <div className="preview-head">
        <h2>{row.unitName}</h2>
        <button type="button" onClick={onClose}>
          Đóng
        </button>
      </div>
      <p>
        Hạng {row.rank} · {vi(row.total)} / {vi(row.max)} điểm · chỉ số {vi(row.index)} % · <span className={`band band-${row.band.toLowerCase()}`}>{row.bandLabel}</span>
      </p>
      {row.rules.length > 0 && <p>Quy tắc áp dụng: {row.rules.map((r) => r.title).join('; ')}</p>}
      <AreaProfile row={row} all={all} />
      <YearOverYear unitId={row.unitId} unitName={row.unitName} />
      {error && <p role="alert">{error}</p>}
      {!criteria && !error && <p>Đang tải chi tiết…</p>}
      {criteria &&
        tree.map((area) => {
          const list = criteria.filter((c) => nodes.get(c.code)?.area === area.area && !nodes.get(c.code)?.children?.length);
          if (!list.length) return null;
          return (
            <details key={area.area}>
              <summary>
                {AREA_TITLE[area.area] ?? area.title}: {vi(row.areas.find((a) => a.area === area.area)?.points ?? '—')} / {vi(area.max)}
              </summary>
              <table>
                <tbody>
                  {list.map((c) => (
                    <tr key={c.code}>
                      <th scope="row">{c.code}</th>
                      <td>
                        {nodes.get(c.code)?.title}
                        {c.reason && <div className="reason">{c.reason}</div>}
                      </td>
                      <td className="num">
                        {vi(c.points)}/{vi(c.max)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          );
        })}
    </aside>
  );
}
