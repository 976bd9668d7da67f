import type { EntityManager } from '@mikro-orm/postgresql';
import { raw } from '@mikro-orm/core';
import type { Scope } from '../auth/scope.js';
import { decodeCursor, pageSize, toConnection, type Connection } from '../common/connection.js';
import { addDays, assertDate, viDate } from '../common/dates.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { LineageEvent, LineageKind, LineageLink, LineageRole } from './lineage.entity.js';
import { UnitKind } from './unit-kind.js';
import { UnitGroup } from './unit-group.entity.js';
import { Unit } from './unit.entity.js';

export interface UnitFilter {
  provinceCode?: string | null;
  kind?: UnitKind | null;
  groupCode?: string | null;
  validOn?: string | null;
  search?: string | null;
  parentId?: string | null;
}

export interface UnitSpec {
  code: string;
  name: string;
  kind: UnitKind;
  groupCode?: string | null;
  parentId?: string | null;
  validFrom: string;
  validTo?: string | null;
}

export interface LineageSpec {
  kind: LineageKind;
  effectiveOn: string;
  legalDocumentId?: string | null;
  predecessorIds: string[];
  successorIds: string[];
  note?: string | null;
}

const CODE = /^[a-z0-9][a-z0-9-]{0,79}$/;
const SORT = 'u.name collate "vi-x-icu"';

export class UnitService {
  /**
   * Units the caller may read, filtered, in Vietnamese order (ICU `vi` collation), by keyset
   * cursor. Two statements per page (rows and count), whatever the page size.
   */
  async list(em: EntityManager, scope: Scope, filter: UnitFilter, first?: number | null, after?: string | null): Promise<Connection<Unit>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2) as [string, string] | null;
    const readable = [...(await scope.readableProvinceIds())];
    let provinceIds = readable;
    if (filter.provinceCode) provinceIds = [await scope.provinceId(filter.provinceCode)];
    const qb = em.createQueryBuilder(Unit, 'u').select('u.*').where({ province: { $in: provinceIds } });
    if (filter.kind) qb.andWhere({ kind: filter.kind });
    if (filter.parentId) qb.andWhere({ parent: filter.parentId });
    if (filter.groupCode) {
      qb.andWhere(`u.group_id in (select g.id from unit_group g where g.code = ? and g.province_id in (?))`, [
        filter.groupCode,
        provinceIds,
      ]);
    }
    if (filter.validOn) {
      const d = assertDate(filter.validOn, 'validOn');
      qb.andWhere(`u.valid_from <= ?::date and (u.valid_to is null or u.valid_to >= ?::date)`, [d, d]);
    }
    if (filter.search?.trim()) {
      qb.andWhere(`lower(u.name) like ? escape '\\'`, [`%${filter.search.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
    }
    const count = qb.clone();
    if (cursor) qb.andWhere(`(${SORT}, u.id) > (? collate "vi-x-icu", ?::uuid)`, cursor);
    qb.orderBy([{ [raw(SORT)]: 'asc' }, { id: 'asc' }]).limit(size + 1);
    const [rows, total] = await Promise.all([qb.getResultList(), count.getCount()]);
    return toConnection(rows, size, total, (u) => [u.name, u.id], cursor != null);
  }

  async createGroup(em: EntityManager, provinceId: string, code: string, name: string) {
    if (!CODE.test(code)) throw badInput('Mã nhóm chỉ gồm chữ thường không dấu, số và gạch ngang.', { field: 'code' });
    if (!name.trim()) throw badInput('Tên nhóm không được để trống.', { field: 'name' });
    if (await em.count(UnitGroup, { province: provinceId, code })) throw conflict(`Nhóm "${code}" đã tồn tại.`, { field: 'code' });
    const group = em.create(UnitGroup, { province: provinceId, code, name: name.trim() });
    await em.flush();
    return group;
  }

  /** Checks a unit spec against the province's data; returns the resolved references. */
  async resolveSpec(em: EntityManager, provinceId: string, spec: Partial<UnitSpec>, field = (f: string) => f) {
    const out: { group?: UnitGroup | null; parent?: Unit | null } = {};
    if (spec.code !== undefined && !CODE.test(spec.code))
      throw badInput('Mã đơn vị chỉ gồm chữ thường không dấu, số và gạch ngang (tối đa 80 ký tự).', { field: field('code') });
    if (spec.name !== undefined && !spec.name.trim()) throw badInput('Tên đơn vị không được để trống.', { field: field('name') });
    if (spec.validFrom !== undefined) assertDate(spec.validFrom, field('validFrom'));
    if (spec.validTo) assertDate(spec.validTo, field('validTo'));
    if (spec.validFrom && spec.validTo && spec.validTo < spec.validFrom)
      throw badInput('Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.', { field: field('validTo') });
    if (spec.groupCode !== undefined) {
      out.group = spec.groupCode ? await em.findOne(UnitGroup, { province: provinceId, code: spec.groupCode }) : null;
      if (spec.groupCode && !out.group) throw notFound(`Không tìm thấy nhóm xếp hạng "${spec.groupCode}".`);
    }
    if (spec.parentId !== undefined) {
      out.parent = spec.parentId ? await em.findOne(Unit, { id: spec.parentId, province: provinceId }) : null;
      if (spec.parentId && !out.parent) throw notFound('Không tìm thấy đơn vị cấp trên trong tỉnh.');
    }
    return out;
  }

  async create(em: EntityManager, provinceId: string, spec: UnitSpec) {
    const refs = await this.resolveSpec(em, provinceId, spec);
    if (await em.count(Unit, { province: provinceId, code: spec.code }))
      throw conflict(`Mã đơn vị "${spec.code}" đã được sử dụng trong tỉnh.`, { field: 'code' });
    const unit = em.create(Unit, {
      province: provinceId,
      code: spec.code,
      name: spec.name.trim(),
      kind: spec.kind,
      group: refs.group ?? null,
      parent: refs.parent ?? null,
      validFrom: spec.validFrom,
      validTo: spec.validTo ?? null,
    });
    await em.flush();
    return unit;
  }

  async update(em: EntityManager, unit: Unit, spec: Partial<UnitSpec>) {
    const merged = { validFrom: spec.validFrom ?? unit.validFrom, validTo: spec.validTo === undefined ? unit.validTo : spec.validTo };
    const refs = await this.resolveSpec(em, unit.province.id, { ...spec, ...merged });
    if (spec.parentId && spec.parentId === unit.id) throw badInput('Một đơn vị không thể là cấp trên của chính nó.', { field: 'parentId' });
    if (spec.code !== undefined && spec.code !== unit.code && (await em.count(Unit, { province: unit.province, code: spec.code })))
      throw conflict(`Mã đơn vị "${spec.code}" đã được sử dụng trong tỉnh.`, { field: 'code' });
    if (spec.code !== undefined) unit.code = spec.code;
    if (spec.name !== undefined) unit.name = spec.name.trim();
    if (spec.kind !== undefined) unit.kind = spec.kind;
    if (refs.group !== undefined) unit.group = refs.group;
    if (refs.parent !== undefined) unit.parent = refs.parent;
    unit.validFrom = merged.validFrom;
    unit.validTo = merged.validTo ?? null;
    await em.flush();
    return unit;
  }

  /**
   * Records a change of units. Successors must start on `effectiveOn`, predecessors end the day
   * before (their `validTo` is set when open). Shapes: MERGE n→1 (n ≥ 2 into a new unit, n ≥ 1 into
   * an existing one, i.e. sáp nhập), SPLIT 1→n (n ≥ 2),
   * RENAME 1→1 within a province, TRANSFER 1→1 (or n→1) into the recording province from another,
   * ABOLISH n→0. A successor that already existed (absorbing others) keeps its own start.
   */
  async recordLineage(em: EntityManager, scope: Scope, provinceId: string, spec: LineageSpec) {
    const effectiveOn = assertDate(spec.effectiveOn, 'effectiveOn');
    const preIds = [...new Set(spec.predecessorIds)];
    const sucIds = [...new Set(spec.successorIds)];
    if (preIds.some((id) => sucIds.includes(id)))
      throw badInput('Một đơn vị không thể vừa là tiền thân vừa là đơn vị kế thừa.', { field: 'successorIds' });
    const shape: Record<LineageKind, [number, number, number, number]> = {
      [LineageKind.MERGE]: [1, Infinity, 1, 1],
      [LineageKind.SPLIT]: [1, 1, 2, Infinity],
      [LineageKind.RENAME]: [1, 1, 1, 1],
      [LineageKind.TRANSFER]: [1, Infinity, 1, 1],
      [LineageKind.ABOLISH]: [1, Infinity, 0, 0],
    };
    const [pMin, pMax, sMin, sMax] = shape[spec.kind];
    if (preIds.length < pMin || preIds.length > pMax || sucIds.length < sMin || sucIds.length > sMax) {
      const want = (min: number, max: number) => (min === max ? `${min}` : max === Infinity ? `ít nhất ${min}` : `${min}–${max}`);
      throw badInput(
        `Thay đổi loại ${spec.kind} cần ${want(pMin, pMax)} đơn vị tiền thân và ${want(sMin, sMax)} đơn vị kế thừa.`,
        { field: 'predecessorIds' },
      );
    }
    const units = await em.find(Unit, { id: { $in: [...preIds, ...sucIds] } });
    const byId = new Map(units.map((u) => [u.id, u]));
    const missing = [...preIds, ...sucIds].filter((id) => !byId.has(id));
    if (missing.length) throw notFound('Không tìm thấy một số đơn vị được nêu trong thay đổi.');
    const pre = preIds.map((id) => byId.get(id)!);
    const suc = sucIds.map((id) => byId.get(id)!);
    if (spec.kind === LineageKind.MERGE && preIds.length < 2 && suc[0]!.validFrom === effectiveOn)
      throw badInput('Hợp nhất thành đơn vị mới cần ít nhất 2 đơn vị tiền thân; sáp nhập vào đơn vị đã có thì cần ít nhất 1.', {
        field: 'predecessorIds',
      });
    for (const u of suc) scope.assertWrite(u.province.id);
    for (const u of pre) await scope.assertRead(u.province.id);
    if (spec.kind === LineageKind.ABOLISH) for (const u of pre) scope.assertWrite(u.province.id);
    if (spec.kind === LineageKind.RENAME && pre[0]!.province.id !== suc[0]!.province.id)
      throw badInput('Đổi tên diễn ra trong cùng một tỉnh; chuyển sang tỉnh khác là TRANSFER.', { field: 'kind' });

    const lastDay = addDays(effectiveOn, -1);
    for (const u of pre) {
      if (u.validFrom > lastDay)
        throw badInput(`${u.name} bắt đầu hiệu lực từ ${viDate(u.validFrom)}, sau ngày thay đổi ${viDate(effectiveOn)}.`, { field: 'predecessorIds' });
      if (u.validTo && u.validTo !== lastDay)
        throw badInput(`${u.name} đã hết hiệu lực ngày ${viDate(u.validTo)}, không khớp với ngày thay đổi ${viDate(effectiveOn)}.`, { field: 'predecessorIds' });
      u.validTo = lastDay;
    }
    for (const u of suc) {
      const absorbs = spec.kind === LineageKind.MERGE || spec.kind === LineageKind.TRANSFER;
      if (u.validFrom !== effectiveOn && !(absorbs && u.validFrom < effectiveOn))
        throw badInput(`${u.name} phải bắt đầu hiệu lực đúng ngày thay đổi ${viDate(effectiveOn)}.`, { field: 'successorIds' });
      if (u.validTo && u.validTo < effectiveOn)
        throw badInput(`${u.name} đã hết hiệu lực trước ngày thay đổi.`, { field: 'successorIds' });
    }
    let legalDocument: LegalDocument | null = null;
    if (spec.legalDocumentId) {
      legalDocument = await em.findOne(LegalDocument, { id: spec.legalDocumentId });
      if (!legalDocument) throw notFound('Không tìm thấy văn bản pháp lý.');
      await scope.assertRead(legalDocument.province?.id);
    }
    const event = em.create(LineageEvent, {
      province: provinceId,
      kind: spec.kind,
      effectiveOn,
      legalDocument,
      note: spec.note?.trim() || null,
    });
    for (const u of pre) em.create(LineageLink, { event, unit: u, role: LineageRole.PREDECESSOR, province: u.province });
    for (const u of suc) em.create(LineageLink, { event, unit: u, role: LineageRole.SUCCESSOR, province: u.province });
    await em.flush();
    return event;
  }
}
