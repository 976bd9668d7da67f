import type { EntityManager } from '@mikro-orm/postgresql';
import type { IndicatorInput } from '../criteria/contract.js';
import { dec, parseDecimal, roundHalfUp, type Decimal } from '../common/decimal.js';
import { badInput, conflict } from '../common/errors.js';
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

/** Validates and stores one indicator value; returns it (the existing one for a repeated key). */
export async function recordIndicatorValue(em: EntityManager, spec: IndicatorSpec): Promise<IndicatorValue> {
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
  const key = spec.idempotencyKey?.trim() || `${spec.unit.id}|${spec.code}|${spec.period}|${spec.source.trim()}`;

  const existing = await em.findOne(IndicatorValue, { province: spec.unit.province.id, idempotencyKey: key });
  if (existing) {
    const same =
      existing.unit.id === spec.unit.id && existing.code === spec.code && existing.period === spec.period && existing.value.equals(value);
    if (!same) throw conflict(`Khóa "${key}" đã dùng cho một giá trị khác.`, { field: 'idempotencyKey' });
    return existing;
  }
  const row = em.create(IndicatorValue, {
    province: spec.unit.province.id,
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
    idempotencyKey: key,
  });
  await em.flush();
  return row;
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
