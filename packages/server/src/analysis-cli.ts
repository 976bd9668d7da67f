import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AssessmentRound,
  Band,
  BAND_LABELS,
  badInput,
  ComparisonService,
  dec,
  groupComparisonXlsx,
  historyXlsx,
  nationalXlsx,
  Province,
  RankingService,
  ScenarioBasis,
  ScenarioService,
  scenarioXlsx,
  Unit,
  UnitGroup,
  type CriterionChange,
  type IndicatorChange,
  type ScenarioOutcome,
  type ScenarioRules,
} from '@par/core';
import { writeFile } from 'node:fs/promises';
import { createPresetRegistry } from './presets.js';

export const ANALYSIS_HELP = `  rescore --province <code> --year <YYYY> --group <code> [--basis auto|entries|record]
          [--criteria <preset id | set:<code>[@<version>]>] [--preset <id>] [--bands GOOD:80,FAIR:70,AVERAGE:50,WEAK:0]
          [--area-max DIGITAL_GOVERNMENT=16,IMPACT=30] [--disable-rule kl91-cap] [--format table|json|xlsx] [--out FILE]
                                            re-score a round group under other criteria / preset / weights / bands
                                            and current indicators, old vs new (progress on stderr); writes nothing
  whatif --province <code> --year <YYYY> --group <code> --change <unit>:<criterion>=<value|accept|na|points:N|var:name=N>
          [--change …] [--indicator <unit>:<indicator code>=<value> …] [rule options as for rescore] [--format table|json|xlsx] [--out FILE]
                                            new totals, bands and ranks of the group if these values held; writes nothing
  compare --province <code> --year <YYYY> --group <code> [--units a,b] [--provisional] [--format table|json|xlsx] [--out FILE]
                                            units of a group side by side with the group's averages per area
  history --province <code> --unit <code> [--provisional] [--format table|json|xlsx] [--out FILE]
                                            a unit year over year, through renames, mergers, splits and transfers
  national --year <YYYY> [--group <code>] [--format table|json|xlsx] [--out FILE]
                                            provinces side by side over the areas they share (published results)`;

type Values = Record<string, string | boolean | string[] | undefined>;
const str = (v: Values[string]) => (typeof v === 'string' ? v : undefined);
const need = (v: Values[string], flag: string) => {
  const s = str(v);
  if (!s) throw badInput(`missing ${flag}`);
  return s;
};
const yearOf = (v: Values[string]) => {
  const y = Number(need(v, '--year'));
  if (!Number.isInteger(y)) throw badInput('--year must be a year, e.g. 2025');
  return y;
};

function rulesOf(values: Values): ScenarioRules | null {
  const bands = str(values.bands)?.split(',').map((b) => {
    const [band, minIndex] = b.split(':').map((x) => x.trim());
    if (!band || !minIndex || !Object.values(Band).includes(band.toUpperCase() as Band)) throw badInput(`--bands: "${b}" is not BAND:minIndex (bands ${Object.values(Band).join(', ')})`);
    return { band: band.toUpperCase() as Band, minIndex };
  });
  const areaMax = str(values['area-max'])?.split(',').map((a) => {
    const [area, max] = a.split('=').map((x) => x.trim());
    const m = max && /^\d+(\.\d+)?$/.test(max) ? dec(max) : null;
    if (!area || !m) throw badInput(`--area-max: "${a}" is not AREA=max`);
    return { area: area.toUpperCase(), max: m };
  });
  const disabledRules = str(values['disable-rule'])?.split(',').map((x) => x.trim()).filter(Boolean);
  const presetId = str(values.preset) ?? null;
  return bands || areaMax || disabledRules || presetId ? { presetId, bands: bands ?? null, areaMax: areaMax ?? null, disabledRules: disabledRules ?? null } : null;
}

async function emit(values: Values, table: string[], json: unknown, xlsx: () => Promise<{ fileName: string; data: Buffer }>) {
  const format = (str(values.format) ?? 'table').toLowerCase();
  if (format === 'json') {
    const text = JSON.stringify(json, null, 2) + '\n'; // decimals serialize as strings (Decimal#toJSON)
    if (str(values.out)) await writeFile(str(values.out)!, text);
    else process.stdout.write(text);
  } else if (format === 'xlsx') {
    const f = await xlsx();
    const out = str(values.out) ?? f.fileName;
    await writeFile(out, f.data);
    console.log(`wrote ${out}`);
  } else if (format === 'table') {
    const text = table.join('\n') + '\n';
    if (str(values.out)) await writeFile(str(values.out)!, text);
    else process.stdout.write(text);
  } else throw badInput('--format must be table, json or xlsx');
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);

function scenarioTable(o: ScenarioOutcome): string[] {
  const lines = [
    `${o.kind === 'RESCORE' ? 'Chấm lại' : 'Giả định'} ${o.round.year} — ${o.group.name} (${o.group.code}); gốc: ${o.baseline.label}; cách tính: ${o.basis}; preset ${o.presetId}; ${o.criteria}`,
    ...o.description.map((d) => `  ${d}`),
    `${lpad('hạng', 5)} ${lpad('cũ', 4)} ${pad('đơn vị', 44)} ${lpad('tổng cũ', 9)} ${lpad('tổng mới', 9)} ${lpad('chỉ số cũ', 10)} ${lpad('mới', 7)}  xếp loại`,
  ];
  for (const r of o.rows)
    lines.push(
      `${lpad(r.rank, 5)} ${lpad(r.old.rank, 4)} ${pad(r.unitName.slice(0, 44), 44)} ${lpad(r.old.total.toFixed(), 9)} ${lpad(r.total.toFixed(), 9)} ${lpad(r.old.index.toFixed(2), 10)} ${lpad(r.index.toFixed(2), 7)}  ${BAND_LABELS[r.old.band]}${r.band !== r.old.band ? ` → ${BAND_LABELS[r.band]}` : ''}${r.rank !== r.old.rank ? `  (hạng ${r.old.rank} → ${r.rank})` : ''}`,
    );
  const ranks = o.rows.filter((r) => r.rank !== r.old.rank).length;
  const bands = o.rows.filter((r) => r.band !== r.old.band).length;
  lines.push(`${o.rows.length} đơn vị; ${ranks} đổi hạng, ${bands} đổi xếp loại; ${o.durationMs} ms; không có gì được ghi.`);
  return lines;
}

function parseChange(spec: string, unitIdOf: Map<string, string>): CriterionChange {
  const m = /^([^:]+):([^=]+)=(.*)$/.exec(spec);
  if (!m) throw badInput(`--change "${spec}": expected <unit code>:<criterion>=<value|accept|na|points:N|var:name=N[;name=N]>`);
  const [, unitCode, code, v] = m as unknown as [string, string, string, string];
  const unitId = unitIdOf.get(unitCode.trim());
  if (!unitId) throw badInput(`--change "${spec}": no unit ${unitCode} in the province`);
  const base = { unitId, code: code.trim() };
  if (v === 'accept') return { ...base, accept: true };
  if (v === 'na') return { ...base, notApplicable: true };
  if (v.startsWith('points:')) return { ...base, points: v.slice(7) };
  if (v.startsWith('var:'))
    return { ...base, variables: Object.fromEntries(v.slice(4).split(';').map((p) => p.split('=').map((x) => x.trim()) as [string, string])) };
  return { ...base, value: v };
}

function parseIndicator(spec: string, unitIdOf: Map<string, string>): IndicatorChange {
  const m = /^([^:]+):([^=]+)=\s*(-?\d+(?:[.,]\d+)?)\s*$/.exec(spec);
  if (!m) throw badInput(`--indicator "${spec}": expected <unit code>:<indicator code>=<number>, e.g. so-xay-dung:LATE_DOSSIER_RATE=3`);
  const [, unitCode, code, v] = m as unknown as [string, string, string, string];
  const unitId = unitIdOf.get(unitCode.trim());
  if (!unitId) throw badInput(`--indicator "${spec}": no unit ${unitCode} in the province`);
  return { unitId, code: code.trim(), value: dec(v.replace(',', '.')) };
}

/** `pnpm par rescore | whatif | compare | history | national` — the same services as GraphQL, operator access. */
export async function analysisCommand(em: EntityManager, command: string, values: Values): Promise<void> {
  const presets = createPresetRegistry();
  const ranking = new RankingService();
  if (command === 'national') {
    const n = await new ComparisonService(presets, ranking).national(em, yearOf(values.year), str(values.group) ?? null);
    const table = [
      `Các tỉnh ${n.year}${n.group ? `, nhóm ${n.group}` : ''}; lĩnh vực chung: ${n.sharedAreas.join(', ')}`,
      ...n.provinces.map((p) => `${lpad(p.rank, 3)} ${pad(p.provinceName, 20)} ${lpad(p.units, 5)} đơn vị  chỉ số TB ${lpad(p.averageIndex.toFixed(2), 6)}  ${p.areas.map((a) => `${a.area} ${a.percent.toFixed(2)}%`).join('  ')}`),
    ];
    return emit(values, table, n, () => nationalXlsx(n));
  }
  const province = await em.findOne(Province, { code: need(values.province, '--province') });
  if (!province) throw badInput(`no province ${str(values.province)}`);
  if (command === 'history') {
    const unit = await em.findOne(Unit, { province, code: need(values.unit, '--unit') });
    if (!unit) throw badInput(`no unit ${str(values.unit)} in ${province.code}`);
    const rows = await new ComparisonService(presets, ranking).unitHistory(em, unit.id, !!values.provisional);
    const table = [
      `${unit.name} qua các năm`,
      ...rows.map((r) => `${r.year} ${pad(r.unitName, 40)} ${r.via === 'SELF' ? '          ' : '(tiền thân)'} ${pad(r.groupCode, 10)} ${lpad(r.total.toFixed(), 7)} ${lpad(r.index.toFixed(2), 7)} ${pad(BAND_LABELS[r.band], 10)} hạng ${r.rank}/${r.groupSize}${r.provisional ? ' (dự kiến)' : ''}`),
    ];
    return emit(values, table, { unit: unit.name, years: rows }, () => historyXlsx(unit.name, unit.code, rows));
  }
  const year = yearOf(values.year);
  const round = await em.findOne(AssessmentRound, { province, year });
  if (!round) throw badInput(`no round ${year} in ${province.code}`);
  const group = await em.findOne(UnitGroup, { province, code: need(values.group, '--group') });
  if (!group) throw badInput(`no group ${str(values.group)} in ${province.code}`);
  if (command === 'compare') {
    const preset = presets.get(round.presetId);
    if (!preset) throw badInput(`preset ${round.presetId} is not installed`);
    const codes = str(values.units)?.split(',').map((c) => c.trim()).filter(Boolean) ?? [];
    const ids = codes.length ? (await em.find(Unit, { province, code: { $in: codes } })).map((u) => u.id) : [];
    const c = await new ComparisonService(presets, ranking).groupComparison(em, preset, round, group, ids, !!values.provisional);
    const table = [
      `${group.name} ${year}: ${c.ranking.label}; ${c.units} đơn vị, chỉ số trung bình ${c.averageIndex.toFixed(2)}`,
      ...c.rows.map((r) => `${lpad(r.rank, 4)} ${pad(r.unitName, 44)} ${lpad(r.index.toFixed(2), 7)} (${r.index.minus(c.averageIndex).toFixed(2)} so với TB) ${BAND_LABELS[r.band]}`),
      'Trung bình lĩnh vực:',
      ...c.averages.map((a) => `  ${pad(a.area, 20)} ${lpad(a.averagePoints.toFixed(), 6)} / ${lpad(a.averageMax.toFixed(), 6)}  ${a.percent.toFixed(2)} % (${a.minPercent.toFixed(2)}–${a.maxPercent.toFixed(2)})`),
    ];
    return emit(values, table, c, () => groupComparisonXlsx(c, { year, group: group.code, groupName: group.name, provinceName: province.name }));
  }
  const service = new ScenarioService(presets, ranking);
  const started = Date.now();
  const progress = (p: { phase: string; done: number; total: number }) => {
    if (p.phase === 'score') process.stderr.write(`\rchấm lại ${p.done}/${p.total} đơn vị (${((Date.now() - started) / 1000).toFixed(1)} s)${p.done === p.total ? '\n' : ''}`);
    else if (p.phase === 'read' && p.done === 0) process.stderr.write('đọc kết quả gốc, phiếu chấm, tiêu chí, chỉ số…\n');
    else if (p.phase === 'read') process.stderr.write(`đã đọc (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    else if (p.phase === 'rank') process.stderr.write(`xếp loại, quy tắc, xếp hạng xong (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  };
  let o: ScenarioOutcome;
  if (command === 'rescore') {
    const basis = (str(values.basis) ?? 'auto').toUpperCase() as ScenarioBasis;
    if (!Object.values(ScenarioBasis).includes(basis)) throw badInput('--basis must be auto, entries or record');
    o = await service.evaluate(em, round, group, { kind: 'RESCORE', basis, criteria: str(values.criteria) ?? null, rules: rulesOf(values) }, progress);
  } else if (command === 'whatif') {
    const specs = (values.change as string[] | undefined) ?? [];
    const indicatorSpecs = (values.indicator as string[] | undefined) ?? [];
    if (!specs.length && !indicatorSpecs.length && !rulesOf(values)) throw badInput('give at least one --change or --indicator (or rule options)');
    const units = await em.find(Unit, { province }, { fields: ['id', 'code'] });
    const unitIdOf = new Map(units.map((u) => [u.code, u.id]));
    const changes = specs.map((s) => parseChange(s, unitIdOf));
    const indicators = indicatorSpecs.map((s) => parseIndicator(s, unitIdOf));
    o = await service.evaluate(em, round, group, { kind: 'WHAT_IF', changes, indicators, rules: rulesOf(values) }, progress);
  } else throw badInput(`unknown command ${command}`);
  return emit(values, scenarioTable(o), { ...o, round: { id: o.round.id, year: o.round.year }, group: { id: o.group.id, code: o.group.code, name: o.group.name } }, () => scenarioXlsx(o, province.name));
}
