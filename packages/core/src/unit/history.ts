import type { EntityManager } from '@mikro-orm/postgresql';
import { Band, worstBand } from '../ranking/band.js';

/**
 * History across lineage. The units that "stood for" a unit U on date D are U itself when U was
 * valid on D; otherwise its predecessors, followed back through lineage events until each branch
 * reaches a unit valid on D (branches that find none are dropped). One recursive SQL statement
 * for any number of units.
 */
export async function unitsStandingFor(em: EntityManager, unitIds: readonly string[], date: string): Promise<Map<string, string[]>> {
  if (!unitIds.length) return new Map();
  const rows: { root: string; unit_id: string }[] = await em.execute(
    `with recursive walk(root, unit_id, depth) as (
        select id, id, 0 from unit where id in (?)
        union
        select w.root, p.unit_id, w.depth + 1
          from walk w
          join unit u on u.id = w.unit_id
          join lineage_link s on s.unit_id = w.unit_id and s.role = 'SUCCESSOR'
          join lineage_link p on p.event_id = s.event_id and p.role = 'PREDECESSOR'
         where not (u.valid_from <= ?::date and (u.valid_to is null or u.valid_to >= ?::date))
           and w.depth < 32
      )
      select distinct w.root, w.unit_id
        from walk w join unit u on u.id = w.unit_id
       where u.valid_from <= ?::date and (u.valid_to is null or u.valid_to >= ?::date)`,
    [[...unitIds], date, date, date, date],
  );
  const out = new Map<string, string[]>(unitIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.root)?.push(r.unit_id);
  return out;
}

/**
 * The history rule: a unit's band in a year is its own band when it existed then; before its
 * creation it is the worst band among the units that stood for it (its predecessors) in that
 * year. Later rules ("Trung bình two years running") read bands through this.
 */
export function historicalBand(
  unitId: string,
  standingFor: readonly string[],
  bandOf: (unitId: string) => Band | null | undefined,
): Band | null {
  if (standingFor.includes(unitId)) return bandOf(unitId) ?? null;
  return worstBand(standingFor.map(bandOf));
}

/**
 * A unit and every unit before it through lineage (merged, split, renamed or transferred into
 * it), at any depth and whatever their validity: the records a unit inherits, e.g. inspection
 * findings whose repetition counts against it. One recursive statement.
 */
export async function unitAncestry(em: EntityManager, unitId: string): Promise<string[]> {
  const rows: { unit_id: string }[] = await em.execute(
    `with recursive anc(unit_id, depth) as (
        select ?::uuid, 0
        union
        select p.unit_id, a.depth + 1
          from anc a
          join lineage_link s on s.unit_id = a.unit_id and s.role = 'SUCCESSOR'
          join lineage_link p on p.event_id = s.event_id and p.role = 'PREDECESSOR'
         where a.depth < 32
      )
      select distinct unit_id from anc`,
    [unitId],
  );
  return rows.map((r) => r.unit_id);
}
