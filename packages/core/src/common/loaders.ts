import { wrap, type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { User } from '../auth/user.entity.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { IndicatorValue } from '../indicator/indicator-value.entity.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { InspectionFinding, InspectionFindingEvidence, InspectionTarget } from '../inspection/inspection.entity.js';
import { ReformPlanTaskEvidence } from '../plan/plan.entity.js';
import { Province } from '../province/province.entity.js';
import type { Evidence } from '../scorecard/evidence.entity.js';
import { AssessmentRound, RoundGroup } from '../round/assessment-round.entity.js';
import { LineageEvent, LineageLink, LineageRole } from '../unit/lineage.entity.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { unitsStandingFor } from '../unit/history.js';

/** Vietnamese ordering (Da, Dâ, Đà, E, Ê) for lists sorted in memory. */
export const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

type Ctor<T> = new (...args: never[]) => T;

function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (v: V) => K): V[][] {
  const map = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(keyOf(r))?.push(r);
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * Batches look-ups within one request: one SQL statement per loader per tick, whatever the number
 * of parents, so statements per request do not grow with the number of units.
 */
export function createLoaders(em: EntityManager) {
  // Records the request already loaded (e.g. the round a resolver looked up) come from its identity
  // map; only the others are read, in one statement.
  const uow = em.getUnitOfWork();
  const byId = <T extends { id: string }>(entity: Ctor<T>) =>
    new DataLoader<string, T | null>(async (ids) => {
      const map = new Map<string, T>();
      for (const id of ids) {
        const known = uow.getById<T & object>(entity.name, id as never);
        if (known && wrap(known).isInitialized()) map.set(id, known);
      }
      const missing = ids.filter((id) => !map.has(id));
      if (missing.length) for (const r of (await em.find(entity as never, { id: { $in: missing } } as never)) as T[]) map.set(r.id, r);
      return ids.map((id) => map.get(id) ?? null);
    });

  const links = (role: LineageRole, other: LineageRole) =>
    new DataLoader<string, string[]>(async (unitIds) => {
      // For each unit: the units on the other side of the events where it plays `role`.
      const rows: { of: string; id: string }[] = await em.execute(
        `select a.unit_id as "of", b.unit_id as "id"
           from lineage_link a join lineage_link b on b.event_id = a.event_id and b.role = ?
          where a.role = ? and a.unit_id in (?)`,
        [other, role, [...unitIds]],
      );
      return groupBy(unitIds, rows, (r) => r.of).map((rs) => [...new Set(rs.map((r) => r.id))]);
    });

  return {
    province: byId(Province),
    user: byId(User),
    unit: byId(Unit),
    unitGroup: byId(UnitGroup),
    legalDocument: byId(LegalDocument),
    lineageEvent: byId(LineageEvent),
    round: byId(AssessmentRound),
    /** Predecessor unit ids of each unit (one step back). */
    predecessorIds: links(LineageRole.SUCCESSOR, LineageRole.PREDECESSOR),
    /** Successor unit ids of each unit (one step forward). */
    successorIds: links(LineageRole.PREDECESSOR, LineageRole.SUCCESSOR),
    /** Lineage events a unit takes part in, either side, by date. */
    eventsOfUnit: new DataLoader<string, LineageEvent[]>(async (unitIds) => {
      const linksFound = await em.find(LineageLink, { unit: { $in: [...unitIds] } }, { populate: ['event'] });
      return groupBy(unitIds, linksFound, (l) => l.unit.id).map((ls) =>
        [...new Map(ls.map((l) => [l.event.id, l.event])).values()].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn)),
      );
    }),
    /** Units of each event, by role. */
    linksOfEvent: new DataLoader<string, LineageLink[]>(async (eventIds) => {
      const rows = await em.find(LineageLink, { event: { $in: [...eventIds] } });
      return groupBy(eventIds, rows, (l) => l.event.id);
    }),
    /** Key `unitId|date`: the units that stood for a unit on a date (the history rule). */
    standingFor: new DataLoader<string, string[]>(async (keys) => {
      const byDate = new Map<string, string[]>();
      for (const k of keys) {
        const [unitId, date] = k.split('|') as [string, string];
        byDate.set(date, [...(byDate.get(date) ?? []), unitId]);
      }
      const results = new Map<string, string[]>();
      for (const [date, unitIds] of byDate) {
        const found = await unitsStandingFor(em, unitIds, date);
        for (const id of unitIds) results.set(`${id}|${date}`, found.get(id) ?? []);
      }
      return keys.map((k) => results.get(k) ?? []);
    }),
    groupsOfProvince: new DataLoader<string, UnitGroup[]>(async (provinceIds) => {
      const rows = await em.find(UnitGroup, { province: { $in: [...provinceIds] } }, { orderBy: { code: 'asc' } });
      return groupBy(provinceIds, rows, (g) => g.province.id);
    }),
    groupsOfRound: new DataLoader<string, RoundGroup[]>(async (roundIds) => {
      const rows = await em.find(RoundGroup, { round: { $in: [...roundIds] } });
      return groupBy(roundIds, rows, (g) => g.round.id);
    }),
    /** Key `roundId|groupId`: the criteria snapshot of a round group, in tree order. */
    snapshotOf: new DataLoader<string, CriterionSnapshot[]>(async (keys) => {
      const pairs = keys.map((k) => k.split('|') as [string, string]);
      const rows = await em.find(
        CriterionSnapshot,
        { $or: pairs.map(([round, group]) => ({ round, group })) },
        { orderBy: { position: 'asc' } },
      );
      return groupBy(keys, rows, (r) => `${r.round.id}|${r.group.id}`);
    }),
    inspectionTarget: byId(InspectionTarget),
    inspectionFinding: byId(InspectionFinding),
    /** Key `findingId|purpose` (purpose may be empty): a finding's evidence, oldest first. */
    findingEvidence: new DataLoader<string, Evidence[]>(async (keys) => {
      const ids = [...new Set(keys.map((k) => k.split('|')[0]!))];
      const rows = await em.find(InspectionFindingEvidence, { finding: { $in: ids } }, { populate: ['evidence'], orderBy: { createdAt: 'asc' } });
      return keys.map((k) => {
        const [id, purpose] = k.split('|');
        return rows.filter((r) => r.finding.id === id && (!purpose || r.purpose === purpose)).map((r) => r.evidence);
      });
    }),
    /** Evidence of plan tasks (by task id), oldest first. */
    planTaskEvidence: new DataLoader<string, Evidence[]>(async (taskIds) => {
      const rows = await em.find(ReformPlanTaskEvidence, { task: { $in: [...taskIds] } }, { populate: ['evidence'], orderBy: { createdAt: 'asc' } });
      return groupBy(taskIds, rows, (r) => r.task.id).map((rs) => rs.map((r) => r.evidence));
    }),
    /** Key `unitId|code|period` (code and period may be empty): a unit's indicator values, latest first. */
    indicatorsOfUnit: new DataLoader<string, IndicatorValue[]>(async (keys) => {
      const unitIds = [...new Set(keys.map((k) => k.split('|')[0]!))];
      const rows = await em.find(IndicatorValue, { unit: { $in: unitIds } }, { orderBy: { periodEnd: 'desc', code: 'asc' } });
      return keys.map((k) => {
        const [unitId, code, period] = k.split('|');
        return rows.filter((r) => r.unit.id === unitId && (!code || r.code === code) && (!period || r.period === period));
      });
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
