import type { EntityManager } from '@mikro-orm/postgresql';
import type { IndicatorInput } from '../criteria/contract.js';
import { dec, parseDecimal, roundHalfUp, type Decimal } from '../common/decimal.js';
import type { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, ErrorCode, UserError } from '../common/errors.js';
import type { ScorecardService } from '../scorecard/scorecard.service.js';
import { PLAN_ON_TIME_RATE, planShares } from '../plan/plan-share.js';
import { Unit } from '../unit/unit.entity.js';
import { indicatorDefinition, parsePeriod } from './indicator-code.js';
import { IndicatorValue } from './indicator-value.entity.js';

export interface IndicatorSpec {
  unit: Unit;
  code: string;
  period: string;
  /** The value; computed as numerator ÷ denominator × 100 (4 decimals, half-up) when absent. */
  value?: string | null;
  numerator?: string | null;
  denominator?: string | null;
  source: string;
  observedAt: Date;
  /** Same key, same fact: writing it again changes nothing. Defaults to unit|code|period|source. */
  idempotencyKey?: string | null;
}

export interface CheckedIndicator {
  unit: Unit;
  code: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: Decimal;
  numerator: Decimal | null;
  denominator: Decimal | null;
  source: string;
  observedAt: Date;
  idempotencyKey: string;
}

/** Checks one indicator value (code, period, value or its parts, range, source) without writing; throws BAD_USER_INPUT naming the field. */
export function checkIndicator(spec: IndicatorSpec): CheckedIndicator {
  const def = indicatorDefinition(spec.code);
  if (!def) throw badInput(`Chỉ số "${spec.code}" không có trong danh mục.`, { field: 'code' });
  if (def.derivedFrom) throw badInput(`Chỉ số "${spec.code}" do hệ thống tự tính từ ${def.derivedFrom}; không nhập trực tiếp.`, { field: 'code' });
  const period = parsePeriod(spec.period);
  if (!period) throw badInput(`Kỳ "${spec.period}" không hợp lệ (ví dụ "2025", "2025-Q3", "2025-09").`, { field: 'period' });
  const numerator = spec.numerator == null ? null : parseDecimal(spec.numerator);
  const denominator = spec.denominator == null ? null : parseDecimal(spec.denominator);
  if (spec.numerator != null && !numerator) throw badInput('Tử số không hợp lệ.', { field: 'numerator' });
  if (spec.denominator != null && !denominator) throw badInput('Mẫu số không hợp lệ.', { field: 'denominator' });
  if ((numerator == null) !== (denominator == null)) throw badInput('Cần cả tử số và mẫu số, hoặc không có cả hai.', { field: 'denominator' });
  if (denominator && denominator.lte(0)) throw badInput('Mẫu số phải lớn hơn 0.', { field: 'denominator' });
  if (numerator && (numerator.lt(0) || numerator.gt(denominator!))) throw badInput('Tử số phải từ 0 đến mẫu số.', { field: 'numerator' });
  let value: Decimal | null = spec.value == null ? null : parseDecimal(spec.value);
  if (spec.value != null && !value) throw badInput('Giá trị chỉ số không hợp lệ.', { field: 'value' });
  if (!value && numerator && denominator) value = roundHalfUp(numerator.div(denominator).times(100), 4);
  if (!value) throw badInput('Cần giá trị chỉ số hoặc tử số và mẫu số.', { field: 'value' });
  if (value.lt(def.min) || value.gt(def.max))
    throw badInput(`Giá trị ${value.toFixed()} của "${def.title}" phải từ ${def.min} đến ${def.max}.`, { field: 'value' });
  if (!spec.source.trim()) throw badInput('Cần ghi nguồn dữ liệu.', { field: 'source' });
  if (Number.isNaN(spec.observedAt.getTime())) throw badInput('Thời điểm đo không hợp lệ.', { field: 'observedAt' });
  const idempotencyKey = spec.idempotencyKey?.trim() || `${spec.unit.id}|${spec.code}|${spec.period}|${spec.source.trim()}`;
  if (idempotencyKey.length > 200) throw badInput('Khóa idempotency dài tối đa 200 ký tự.', { field: 'idempotencyKey' });
  return {
    unit: spec.unit,
    code: spec.code,
    period: spec.period,
    periodStart: period.start,
    periodEnd: period.end,
    value: dec(value),
    numerator,
    denominator,
    source: spec.source.trim(),
    observedAt: spec.observedAt,
    idempotencyKey,
  };
}

/** The same fact: same unit, code, period and value. */
const sameFact = (a: { unit: { id: string }; code: string; period: string; value: Decimal }, b: CheckedIndicator) =>
  a.unit.id === b.unit.id && a.code === b.code && a.period === b.period && a.value.equals(b.value);

function create(em: EntityManager, c: CheckedIndicator): IndicatorValue {
  return em.create(IndicatorValue, {
    province: c.unit.province.id,
    unit: c.unit,
    code: c.code,
    period: c.period,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    value: c.value,
    numerator: c.numerator,
    denominator: c.denominator,
    source: c.source,
    observedAt: c.observedAt,
    idempotencyKey: c.idempotencyKey,
  });
}

/** Validates and stores one indicator value; returns it (the existing one for a repeated key). */
export async function recordIndicatorValue(em: EntityManager, spec: IndicatorSpec): Promise<IndicatorValue> {
  const c = checkIndicator(spec);
  const existing = await em.findOne(IndicatorValue, { province: spec.unit.province.id, idempotencyKey: c.idempotencyKey });
  if (existing) {
    if (!sameFact(existing, c)) throw conflict(`Khóa "${c.idempotencyKey}" đã dùng cho một giá trị khác.`, { field: 'idempotencyKey' });
    return existing;
  }
  const row = create(em, c);
  await em.flush();
  return row;
}

export const INGEST_MAX_ROWS = 5000;

export interface IngestRow extends Omit<IndicatorSpec, 'unit'> {
  /** The unit, by database id or by code within the caller's province. */
  unitId?: string | null;
  unitCode?: string | null;
}

export interface IngestProblem {
  row: number;
  field: string;
  message: string;
}

export interface IngestResult {
  created: IndicatorValue[];
  unchanged: IndicatorValue[];
  rescored: number;
}

/**
 * A batch of indicator values from provincial IT, all or nothing: every row is checked (unit of
 * the province, known code, period, range, source), repeated idempotency keys must carry the same
 * fact, and any problem refuses the whole batch listing each (row, field, message). Accepted new
 * values re-score the affected units' open scorecards of those years in the same transaction
 * (published results never change); re-sending the same batch changes nothing. A fixed number of
 * statements for the checks, whatever the batch size.
 */
export async function ingestIndicators(
  em: EntityManager,
  deps: { audit: AuditService; now: () => Date; scorecards: ScorecardService },
  actor: { userId: string | null; provinceId: string },
  rows: readonly IngestRow[],
): Promise<IngestResult> {
  if (!rows.length) throw badInput('Lô dữ liệu không có dòng nào.', { field: 'values' });
  if (rows.length > INGEST_MAX_ROWS) throw badInput(`Mỗi lô tối đa ${INGEST_MAX_ROWS} dòng; hãy chia nhỏ.`, { field: 'values' });
  const ids = [...new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))];
  const codes = [...new Set(rows.map((r) => r.unitCode).filter((x): x is string => !!x))];
  const units = ids.length || codes.length ? await em.find(Unit, { province: actor.provinceId, $or: [...(ids.length ? [{ id: { $in: ids } }] : []), ...(codes.length ? [{ code: { $in: codes } }] : [])] }) : [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const byCode = new Map(units.map((u) => [u.code, u]));
  const problems: IngestProblem[] = [];
  const checked: (CheckedIndicator | null)[] = rows.map((r, i) => {
    const unit = r.unitId ? byId.get(r.unitId) : r.unitCode ? byCode.get(r.unitCode) : undefined;
    if (!unit) {
      problems.push({ row: i + 1, field: r.unitId || r.unitCode ? 'unit' : 'unitId', message: r.unitId || r.unitCode ? `Không tìm thấy đơn vị "${r.unitCode ?? r.unitId}" trong tỉnh.` : 'Cần unitId hoặc unitCode.' });
      return null;
    }
    try {
      return checkIndicator({ ...r, unit });
    } catch (e) {
      const err = e as { message: string; extensions?: { field?: string } };
      problems.push({ row: i + 1, field: err.extensions?.field ?? 'value', message: err.message });
      return null;
    }
  });
  if (problems.length)
    throw new UserError(ErrorCode.BAD_USER_INPUT, `Lô chỉ số có ${problems.length} lỗi (xem danh sách). Không có giá trị nào được ghi.`, { problems });

  return em.transactional(async (tx) => {
    // Batches of one province are serialized here, so two batches carrying the same new key cannot
    // both insert it: the second sees the first's rows (same fact: unchanged; another fact: refused).
    await tx.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [`indicators:${actor.provinceId}`], 'all', tx.getTransactionContext());
    const keys = [...new Set(checked.filter((c): c is CheckedIndicator => !!c).map((c) => c.idempotencyKey))];
    const existing = new Map((keys.length ? await tx.find(IndicatorValue, { province: actor.provinceId, idempotencyKey: { $in: keys } }) : []).map((v) => [v.idempotencyKey, v]));
    const inBatch = new Map<string, CheckedIndicator>();
    checked.forEach((c, i) => {
      if (!c) return;
      const before = existing.get(c.idempotencyKey) ?? inBatch.get(c.idempotencyKey);
      if (before && !sameFact(before, c)) problems.push({ row: i + 1, field: 'idempotencyKey', message: `Khóa "${c.idempotencyKey}" đã dùng cho một giá trị khác.` });
      else inBatch.set(c.idempotencyKey, c);
    });
    if (problems.length)
      throw new UserError(ErrorCode.BAD_USER_INPUT, `Lô chỉ số có ${problems.length} lỗi (xem danh sách). Không có giá trị nào được ghi.`, { problems });
    const created: IndicatorValue[] = [];
    const unchanged: IndicatorValue[] = [];
    for (const c of inBatch.values()) {
      const old = existing.get(c.idempotencyKey);
      if (old) unchanged.push(old);
      else created.push(create(tx, c));
    }
    await tx.flush();
    let rescored = 0;
    if (created.length) {
      const byYear = new Map<number, Set<string>>();
      for (const v of created) {
        const year = Number(v.periodEnd.slice(0, 4));
        byYear.set(year, (byYear.get(year) ?? new Set()).add(v.unit.id));
      }
      for (const [year, unitIds] of byYear) rescored += await deps.scorecards.rescoreOpen(tx, [...unitIds], year);
      await deps.audit.append(tx, {
        provinceId: actor.provinceId,
        actorId: actor.userId,
        action: 'indicators.ingested',
        entityType: 'IndicatorValue',
        entityId: created[0]!.id,
        payload: { created: created.map((v) => v.id), unchanged: unchanged.length, rescored },
      }, deps.now());
    }
    return { created, unchanged, rescored };
  });
}

/**
 * Units' indicators for a year, in one statement: per code the yearly value when there is one,
 * else the latest period within the year.
 */
export async function indicatorsForUnits(em: EntityManager, unitIds: readonly string[], year: number): Promise<Map<string, Record<string, IndicatorInput>>> {
  const out = new Map<string, Record<string, IndicatorInput>>();
  if (!unitIds.length) return out;
  const rows = await em.find(
    IndicatorValue,
    { unit: { $in: [...unitIds] }, periodStart: { $gte: `${year}-01-01` }, periodEnd: { $lte: `${year}-12-31` } },
    { orderBy: { periodEnd: 'desc' } },
  );
  for (const r of rows) {
    const m = out.get(r.unit.id) ?? {};
    if (!m[r.code] || r.period === String(year)) m[r.code] = { value: r.value, numerator: r.numerator ?? null, denominator: r.denominator ?? null };
    out.set(r.unit.id, m);
  }
  // Derived from the platform's own records, read live (no copy): the annual plan's on-time share.
  for (const [unitId, share] of await planShares(em, unitIds, year)) {
    if (!share.total) continue;
    const m = out.get(unitId) ?? {};
    m[PLAN_ON_TIME_RATE] = { value: roundHalfUp(dec(share.onTime).div(share.total).times(100), 4), numerator: dec(share.onTime), denominator: dec(share.total) };
    out.set(unitId, m);
  }
  return out;
}
